"""Reading bureau spreadsheets in their real layout.

``read_book`` opens an .xlsx or .csv file (bytes on disk) into plain rows; ``parse_book`` finds
the layout of each sheet (title, unit line, one- or two-row headers, sections, totals,
footnotes) and classifies every row. Nothing here touches the database.
"""

from .errors import BadFile, Issue
from .layout import KINDS, ParsedBook, ParsedRow, ParsedSheet, parse_book
from .money import parse_money
from .reading import RawSheet, read_book

__all__ = [
    "KINDS",
    "BadFile",
    "Issue",
    "ParsedBook",
    "ParsedRow",
    "ParsedSheet",
    "RawSheet",
    "parse_book",
    "parse_money",
    "read_book",
]
