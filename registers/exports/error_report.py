"""错误报告: the bureau's own uploaded sheet given back with a column of the errors and warnings of
each row (and a first sheet listing the file-level ones), so it can be corrected and uploaded again.
A workbook keeps its layout (cells, merges, widths); a CSV becomes one sheet of its rows."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill

from registers.core.cells import escape_formula

HEADER = "错误与警告（导入校验）"
ERROR_FILL = PatternFill("solid", fgColor="FDE2E1")
WARNING_FILL = PatternFill("solid", fgColor="FFF4CE")


def _messages(result) -> dict[tuple[str, int], list]:
    found: dict[tuple[str, int], list] = {}
    for row in result.rows:
        for issue in row.issues:
            found.setdefault((row.sheet, row.row), []).append(issue)
    return found


def _text(issues) -> str:
    return "\n".join(f"{'错误' if i.is_error else '警告'}：{'“' + i.column + '”列：' if i.column else ''}{i.reason}"
                     for i in issues)


def _workbook(path: Path):
    if path.suffix.lower() == ".csv":
        from registers.sheets.reading import read_book

        book = Workbook()
        book.remove(book.active)
        for raw in read_book(path):
            sheet = book.create_sheet(raw.name[:31])
            for values in raw.rows:
                sheet.append([escape_formula(v) if isinstance(v, str) else v for v in values])
        return book
    return load_workbook(path)


def error_report(path: Path, result, header_rows: dict[str, int] | None = None) -> bytes:
    """The uploaded file at ``path`` with each row's messages of ``result`` beside it, titled in
    the sheet's (last) header row (``header_rows``: sheet name → row, as the import read it)."""
    book = _workbook(Path(path))
    messages = _messages(result)
    for sheet in book.worksheets:
        rows = {number: issues for (name, number), issues in messages.items() if name == sheet.title}
        if not rows:
            continue
        column = sheet.max_column + 1
        header_row = (header_rows or {}).get(sheet.title) or 1
        sheet.cell(header_row, column, HEADER).font = Font(bold=True)
        sheet.column_dimensions[sheet.cell(1, column).column_letter].width = 60
        for number, issues in rows.items():
            cell = sheet.cell(number, column, _text(issues))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.fill = ERROR_FILL if any(i.is_error for i in issues) else WARNING_FILL
    general = list(result.issues)
    if general:
        summary = book.create_sheet("文件问题", 0)
        summary.append(["级别", "位置", "说明"])
        for issue in general:
            summary.append(["错误" if issue.is_error else "警告", issue.where(), issue.reason])
        summary.column_dimensions["C"].width = 80
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
