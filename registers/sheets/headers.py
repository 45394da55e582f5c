"""Header matching: the many ways bureaus title the same column (``columns.SHEET_COLUMNS``).

Headers are compared after ``header_key``: NFKC (full-width → half-width), no whitespace, a
trailing money unit such as "（万元）" removed (and kept as that column's unit).
"""

import re
import unicodedata

from .columns import SHEET_COLUMNS, required_fields

_UNIT_SUFFIX = re.compile(r"[(\[]?(万元|亿元|元)[)\]]?$")

COMPILED = {
    kind: [(column.field, re.compile(f"(?:{column.synonyms})")) for column in columns]
    for kind, columns in SHEET_COLUMNS.items()
}
REQUIRED = {kind: list(required_fields(kind)) for kind in SHEET_COLUMNS}
# The Chinese name of every column, for messages about a column the sheet does not have (a
# message never shows an English field name).
COLUMN_LABELS = {kind: {column.field: column.label for column in columns} for kind, columns in SHEET_COLUMNS.items()}


def header_key(value) -> tuple[str, str | None]:
    """(normalised header text, money unit named in the header or None)."""
    if value is None:
        return "", None
    text = unicodedata.normalize("NFKC", str(value))
    text = re.sub(r"\s+", "", text)
    unit = None
    match = _UNIT_SUFFIX.search(text)
    if match and len(text) > len(match.group(0)):
        unit = match.group(1)
        text = text[: match.start()]
    return text, unit


def match_field(kind: str, value) -> str | None:
    text, _unit = header_key(value)
    if not text:
        return None
    for field, pattern in COMPILED[kind]:
        if pattern.fullmatch(text):
            return field
    return None
