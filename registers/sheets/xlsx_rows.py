"""The rows of a worksheet's XML, read with regular expressions over the bytes: the values
openpyxl's streaming parser gives (the same conversions — shared strings, numbers, dates by style,
booleans, inline strings, cached formula results), at a fraction of its cost, since it builds no
element tree and no cell objects. A part with constructs this reader does not handle (CDATA,
comments, ISO date cells) returns None, and the caller falls back to openpyxl's parser.

Why: reading is the floor every import stands on (the 20,000-row sheet: openpyxl's parser is most
of the import's reading time); ``tests/test_xlsx_rows.py`` holds this reader equal to openpyxl's on
every sample and generated sheet.
"""

from __future__ import annotations

import re

_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)", re.S)
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_ATTR = re.compile(rb'\b(r|t|s)="([^"]*)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_TEXT = re.compile(rb"<(?:\w+:)?t\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?t>)", re.S)
_INLINE = re.compile(rb"<(?:\w+:)?is\b")
_PHONETIC = re.compile(rb"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.S)
_REF = re.compile(r"([A-Z]+)(\d+)")
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
UNSUPPORTED = (b"<![CDATA[", b"<!--", b' t="d"')
# The cells as Excel and openpyxl write them — ``<c r="B7" s="3" t="inlineStr">`` (s and t optional, in
# that order, s without leading zeros) holding nothing, one ``<v>`` or one plain inline ``<t>`` — read
# in one ``findall`` per row. A row is read this way only when these cells make up its whole body;
# any other row (a formula, rich text, prefixed or unreferenced cells, other attributes, whitespace)
# goes through the general per-cell path below, so both give the same values.
_PLAIN = (rb'<c r="([A-Z]{1,3})\d+"(?: s="(0|[1-9]\d*)")?(?: t="(\w+)")? ?'
          rb'(/>|><v>([^<]*)</v></c>|><is><t>([^<]*)</t></is></c>)')
_PLAIN_CELL = re.compile(_PLAIN)
_PLAIN_ROW = re.compile(b"(?:" + re.sub(rb"\((?!\?)", b"(?:", _PLAIN) + b")*")


def _unescape(text: str) -> str:
    if "&" not in text:
        return text

    def entity(match):
        name = match.group(1)
        if name[0] == "#":
            return chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))
        return _NAMED[name]

    return _ENTITY.sub(entity, text)


def _column(ref: str) -> int:
    number = 0
    for char in _REF.match(ref).group(1):
        number = number * 26 + ord(char) - 64
    return number


class _Converter:
    """A cell's value from its type, style and text, as openpyxl's ``WorkSheetParser.parse_cell``."""

    def __init__(self, shared_strings, date_styles, timedelta_styles, epoch):
        from openpyxl.utils.datetime import from_excel

        self.shared, self.dates, self.timedeltas, self.epoch = shared_strings, date_styles, timedelta_styles, epoch
        # The date styles as a cell's s attribute writes them (b"" for a cell without one: style 0).
        self.date_styles = {str(style).encode() for style in date_styles} | ({b""} if 0 in date_styles else set())
        self.from_excel = from_excel

    def value(self, kind: bytes | None, style: int, body: bytes | None):
        if kind == b"inlineStr":
            if not body or not _INLINE.search(body):  # openpyxl: no <is>, no value
                return None
            body = _PHONETIC.sub(b"", body)
            return _unescape("".join((t or b"").decode() for t in _TEXT.findall(body)))
        found = _VALUE.search(body) if body else None
        text = found.group(1).decode() if found else ""
        if not text:
            return None
        if kind is None or kind == b"n":
            number = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
            if style in self.dates:
                try:
                    return self.from_excel(number, self.epoch, timedelta=style in self.timedeltas)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == b"s":
            return self.shared[int(text)]
        if kind == b"b":
            return bool(int(text))
        return _unescape(text)  # str (a formula's text result) and e (an error such as #N/A)


def _plain_cells(body: bytes, converter: _Converter, columns: dict) -> list | None:
    """The (column, value) pairs of a row whose cells are all plain (``_PLAIN_CELL``), with the
    values ``_Converter.value`` gives; None for any other row."""
    if _PLAIN_ROW.fullmatch(body) is None:
        return None
    shared, date_styles = converter.shared, converter.date_styles
    cells = []
    append = cells.append
    for letters, style, kind, tail, text, inline in _PLAIN_CELL.findall(body):
        column = columns.get(letters)
        if column is None:
            column = columns[letters] = _column(letters.decode() + "1")
        if kind == b"inlineStr":
            if tail.startswith(b"><is>"):  # none without an <is> (self-closing, or a <v> only), as openpyxl
                append((column, _unescape(inline.decode())))
        elif not text:
            continue
        elif not kind or kind == b"n":
            number = float(text) if (b"." in text or b"E" in text or b"e" in text) else int(text)
            if style in date_styles:  # b"" stands for style 0
                style_id = int(style) if style else 0
                try:
                    number = converter.from_excel(number, converter.epoch, timedelta=style_id in converter.timedeltas)
                except (OverflowError, ValueError):
                    number = "#VALUE!"
            append((column, number))
        elif kind == b"s":
            append((column, shared[int(text)]))
        elif kind == b"b":
            append((column, bool(int(text))))
        else:
            append((column, _unescape(text.decode())))
    return cells


def fast_rows(xml: bytes, converter: _Converter, on_row) -> bool:
    """Call ``on_row(number, [(column, value), ...])`` for each row with a value; False (nothing
    called) when the part holds what this reader does not handle."""
    if any(marker in xml for marker in UNSUPPORTED):
        return False
    row_counter = 0
    columns: dict[bytes, int] = {}
    for row_match in _ROW.finditer(xml):
        attributes = dict(_ATTR.findall(row_match.group(1)))
        row_counter = int(attributes[b"r"]) if b"r" in attributes else row_counter + 1
        body = row_match.group(2)
        if not body:
            continue
        cells = _plain_cells(body, converter, columns)
        if cells is not None:
            if cells:
                on_row(row_counter, cells)
            continue
        cells, column = [], 0
        for cell in _CELL.finditer(body):
            attrs = dict(_ATTR.findall(cell.group(1)))
            ref = attrs.get(b"r")
            column = _column(ref.decode()) if ref else column + 1
            style = int(attrs[b"s"]) if b"s" in attrs else 0
            value = converter.value(attrs.get(b"t"), style, cell.group(2))
            if value is not None:
                cells.append((column, value))
        if cells:
            on_row(row_counter, cells)
    return True
