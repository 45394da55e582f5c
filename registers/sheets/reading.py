"""Open a workbook or CSV file into plain rows of cell values (no layout knowledge here)."""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BadFile
from .xlsx_rows import _Converter, fast_rows

# The longest text a cell may hold in Excel; longer means a broken or hostile file.
MAX_CELL_CHARS = 32767
# What a bureau sheet can hold, checked while streaming, so a crafted file is refused before it
# costs memory (a cell in column XFD on every row, a gigabyte of whitespace in a 1 MB zip). Each
# can be raised in settings: IMPORT_MAX_UNCOMPRESSED_MB, IMPORT_MAX_ROWS, IMPORT_MAX_COLUMNS.
LIMITS = {"IMPORT_MAX_UNCOMPRESSED_MB": 200, "IMPORT_MAX_ROWS": 100_000, "IMPORT_MAX_COLUMNS": 200}
FORMULA_NOT_CALCULATED = "公式没有计算结果，请在Excel中重新计算并保存后再导入。"
# One cell of a sheet's XML: its attributes and body (a self-closing cell has none).
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")
_STRING_RESULT = re.compile(rb'\bt="str"')


@dataclass
class RawSheet:
    name: str
    rows: list[tuple] = field(default_factory=list)


def _decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK/GB2312, so 堃 survives)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BadFile("无法识别CSV文件的编码：请保存为 UTF-8 或 GBK 编码的CSV文件。")


def _limit(name: str) -> int:
    from django.conf import settings

    return int(getattr(settings, name, LIMITS[name]))


def _refuse_wide_or_long(sheet: str, row_number: int, width: int, max_rows: int, max_columns: int) -> None:
    if row_number > max_rows:
        raise BadFile(f"工作表“{sheet}”第{row_number}行有内容：超过导入上限{max_rows}行，"
                      "请拆分成几个文件分别导入，或请管理员调整上限（IMPORT_MAX_ROWS）。")
    if width > max_columns:
        from openpyxl.utils import get_column_letter

        raise BadFile(f"工作表“{sheet}”第{row_number}行{get_column_letter(width)}列有内容：超过导入上限"
                      f"{max_columns}列，请删除表格右侧多余的内容后再导入（IMPORT_MAX_COLUMNS）。")


def _read_csv(data: bytes, name: str) -> list[RawSheet]:
    text = _decode_csv(data)
    if "\x00" in text:
        raise BadFile("CSV文件含有二进制内容，不是有效的文本表格。")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    sheet = Path(name).stem or "CSV"
    max_rows, max_columns = _limit("IMPORT_MAX_ROWS"), _limit("IMPORT_MAX_COLUMNS")
    rows = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            cells = [cell if cell.strip() else None for cell in row]
            while cells and cells[-1] is None:
                cells.pop()
            if cells:
                _refuse_wide_or_long(sheet, number, len(cells), max_rows, max_columns)
            rows.append(tuple(cells))
    except csv.Error as exc:
        raise BadFile(f"CSV文件格式有误：{exc}") from exc
    return [RawSheet(sheet, rows)]


def _refuse_inflated(path: Path) -> None:
    """A workbook is a zip: refuse one whose parts unpack past the limit, before any is read
    (zipfile never inflates a part past its declared size, so the declared sizes bound the work)."""
    limit_mb = _limit("IMPORT_MAX_UNCOMPRESSED_MB")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise BadFile("文件不是有效的Excel .xlsx 文件，无法打开（文件可能已损坏或被改了扩展名）。") from exc
    if unpacked > limit_mb * 1024 * 1024:
        raise BadFile(f"Excel 文件解压后达 {unpacked / 1024 / 1024:.0f} MB，超过导入上限 {limit_mb} MB"
                      "（文件可能含有大量空白或隐藏内容）：请另存为新文件或拆分后再导入（IMPORT_MAX_UNCOMPRESSED_MB）。")


def _stream_rows(title: str, xml: bytes, book) -> list[tuple]:
    """A worksheet part's rows of values, each as wide as its last non-empty cell — unlike
    ``iter_rows`` a row is never padded out to a far-right cell, so the row and column limits are
    checked before the cost is paid. Read by ``xlsx_rows.fast_rows`` from the part's bytes, or by
    openpyxl's streaming parser for what that reader does not handle."""
    max_rows, max_columns = _limit("IMPORT_MAX_ROWS"), _limit("IMPORT_MAX_COLUMNS")
    rows: list[tuple] = []

    def on_row(number: int, filled: list) -> None:
        width = max(column for column, _value in filled)
        _refuse_wide_or_long(title, number, width, max_rows, max_columns)
        values = [None] * width
        for column, value in filled:
            values[column - 1] = value
        rows.extend([()] * (number - 1 - len(rows)))
        rows.append(tuple(values))

    workbook = book.wb
    converter = _Converter(book.shared_strings, workbook._date_formats, workbook._timedelta_formats, workbook.epoch)
    if not fast_rows(xml, converter, on_row):
        _parse_rows(xml, book, on_row)
    return rows


def _parse_rows(xml: bytes, book, on_row) -> None:
    from openpyxl.worksheet._reader import WorkSheetParser

    workbook = book.wb
    parser = WorkSheetParser(io.BytesIO(xml), book.shared_strings, data_only=True, epoch=workbook.epoch,
                             date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)
    for number, cells in parser.parse():
        filled = [(cell["column"], cell["value"]) for cell in cells if cell["value"] is not None]
        if filled:
            on_row(number, filled)


def _open_book(path: Path):
    """openpyxl's reader up to the sheets: strings, workbook, styles (for dates) — not its
    read-only worksheets, which scan a whole part for its size when no <dimension> leads it."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    # data_only: a formula cell gives Excel's cached value, never the "=SUM(...)" text.
    book = ExcelReader(str(path), read_only=True, data_only=True)
    book.read_manifest()
    book.read_strings()
    book.read_workbook()
    apply_stylesheet(book.archive, book.wb)
    return book


def _read_xlsx(path: Path) -> list[RawSheet]:
    _refuse_inflated(path)
    try:
        book = _open_book(path)
    except Exception as exc:  # openpyxl raises assorted errors on malformed parts
        raise BadFile("文件不是有效的Excel .xlsx 文件，无法打开（文件可能已损坏或被改了扩展名）。") from exc
    sheets, uncalculated = [], []
    try:
        for sheet, rel in book.parser.find_sheets():
            hidden = (sheet.state or "visible") != "visible"
            if rel.target not in book.valid_files or "chartsheet" in rel.Type or hidden:
                continue
            xml = book.archive.read(rel.target)
            # Rows come from the cells themselves, never a (possibly wrong) <dimension> tag.
            sheets.append(RawSheet(sheet.name, _stream_rows(sheet.name, xml, book)))
            uncalculated += [f"工作表“{sheet.name}”{ref}" for ref in _uncalculated_formulas(xml)]
    except BadFile:
        raise
    except Exception as exc:
        raise BadFile("Excel 文件内容损坏，无法读取工作表。") from exc
    finally:
        book.archive.close()
    if uncalculated:
        shown = "、".join(uncalculated[:10]) + (f"等{len(uncalculated)}个单元格" if len(uncalculated) > 10 else "")
        raise BadFile(f"{shown}：{FORMULA_NOT_CALCULATED}")
    return sheets


def _uncalculated_formulas(xml: bytes) -> list[str]:
    """The cells (as "B5") of a worksheet part that hold a formula without a cached result — what a
    program that writes formulas but never calculates them saves. openpyxl's ``data_only`` gives
    None for them, indistinguishable from a blank cell. A sheet without formulas costs one scan."""
    if (b"<f" not in xml and b":f" not in xml) or not _FORMULA.search(xml):  # `in` is a fast first pass
        return []
    cells = []
    for match in _CELL.finditer(xml):
        attributes, body = match.group(1), match.group(2) or b""
        if _FORMULA.search(body) and not _VALUE.search(body) and not _STRING_RESULT.search(attributes):
            ref = _REF.search(attributes)
            cells.append(ref.group(1).decode() if ref else "?")
    return cells


def read_book(path, name: str | None = None, max_mb: int | None = None) -> list[RawSheet]:
    """All visible sheets of ``path`` (.xlsx or .csv, decided by content then by name). A file above
    ``max_mb`` (default ``settings.IMPORT_MAX_UPLOAD_MB``) is refused before it is opened."""
    path = Path(path)
    name = name or path.name
    suffix = Path(name).suffix.lower()
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise BadFile("无法读取上传的文件。") from exc
    if max_mb is None:
        from django.conf import settings

        max_mb = settings.IMPORT_MAX_UPLOAD_MB
    if max_mb and size > max_mb * 1024 * 1024:
        raise BadFile(f"文件过大（{size / 1024 / 1024:.1f} MB），超过导入上限 {max_mb} MB："
                      "请拆分成几个文件分别导入，或请管理员调整上限（IMPORT_MAX_UPLOAD_MB）。")
    if not head:
        raise BadFile("文件为空（0字节），没有可导入的数据。")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise BadFile("不支持旧版 Excel 97-2003（.xls）格式：请在Excel中另存为 .xlsx 后再导入。")
    if head.startswith(b"PK"):
        sheets = _read_xlsx(path)
    elif suffix in (".csv", ".txt"):
        sheets = _read_csv(path.read_bytes(), name)
    elif suffix in (".xlsx", ".xlsm"):
        raise BadFile("文件不是有效的Excel .xlsx 文件（内容不是Excel工作簿，可能是改了扩展名的其他文件）。")
    else:
        raise BadFile(f"不支持的文件类型“{suffix or name}”：请上传 .xlsx 或 .csv 文件。")
    for sheet in sheets:
        for row in sheet.rows:
            for value in row:
                if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                    raise BadFile(f"工作表“{sheet.name}”含有超长单元格（超过{MAX_CELL_CHARS}字），文件无法导入。")
    if not any(any(v not in (None, "") for v in row) for sheet in sheets for row in sheet.rows):
        raise BadFile("文件无数据：工作簿中没有任何内容。")
    return sheets
