"""The styled .xlsx of a sheet, in steps: title and unit rows, the header with its merges, the body
styled by column kind, footnotes, then column widths and print setup as the bureaus print."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from registers.core.cells import escape_formula
from registers.exports.sheet import Sheet

# Column widths (in Excel's character units) and how each column's cells sit, by header label.
WIDTHS = {"序号": 6, "项目编码": 14, "项目名称": 36, "建设性质": 8, "建设地点": 16, "建设规模及主要内容": 44,
          "建设起止年限": 11, "总投资": 14, "年度计划投资": 14, "占年度计划(%)": 10, "形象进度": 24,
          "项目业主": 26, "责任单位": 16, "挂点县领导": 11, "存在问题": 22, "备注": 16,
          "单位": 18, "姓名": 10, "职务": 18, "办公电话": 15, "手机": 15, "受理事项": 44}
TEXT_COLUMNS = {"项目名称", "建设规模及主要内容", "形象进度", "项目业主", "存在问题", "备注", "受理事项"}
MONEY_FORMAT = "#,##0.00"
RATE_FORMAT = "0.0"
FONT_NAME = "宋体"
LINE_HEIGHT = 13  # points per line of 10-point 宋体


def _column_kind(label: str) -> str:
    if label in ("总投资", "年度计划投资") or label.endswith("完成投资"):
        return "money"
    if label.startswith("占年度计划"):
        return "rate"
    return "text" if label in TEXT_COLUMNS else "short"


def _text_width(text: str) -> int:
    """Display width in Excel character units: a CJK or full-width character takes two."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def _lines(value, width: float) -> int:
    if not isinstance(value, str) or not value:
        return 1
    return sum(max(1, math.ceil(_text_width(part) / max(1.0, width - 1.5))) for part in value.split("\n"))


@dataclass(frozen=True)
class _Layout:
    """Each column's label, kind and width, and the rows the header takes."""

    labels: list[str]
    kinds: list[str]
    widths: list[int]
    header_row: int  # the first header row: after the title (and the unit line)
    header_rows: int  # 1, or 2 with a sub header

    @classmethod
    def of(cls, sheet: Sheet) -> _Layout:
        top, sub = sheet.top, sheet.sub
        labels = [(sub[c] if sub and sub[c] else name) or "" for c, name in enumerate(top)]
        kinds = [_column_kind(label) for label in labels]
        widths = [WIDTHS.get(label, 14 if kind == "money" else 12) for label, kind in zip(labels, kinds, strict=True)]
        return cls(labels, kinds, widths, header_row=3 if sheet.unit_line else 2, header_rows=2 if sub else 1)

    @property
    def width(self) -> int:
        return len(self.labels)

    @property
    def first_body(self) -> int:
        return self.header_row + self.header_rows


class _Styles:
    """The fonts, borders, fills and alignments the sheet uses (openpyxl imported when writing)."""

    def __init__(self):
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1)
        self.right = Alignment(horizontal="right", vertical="center", indent=1)
        self.unit_line = Alignment(horizontal="left", vertical="center")
        self.footnote = Alignment(horizontal="left", vertical="center", wrap_text=True)
        self.plain = Font(name=FONT_NAME, size=10)
        self.bold = Font(name=FONT_NAME, size=10, bold=True)
        self.title = Font(name=FONT_NAME, size=18, bold=True)
        self.header_fill = PatternFill("solid", fgColor="DDEBF7")
        self.label_fill = PatternFill("solid", fgColor="F2F2F2")


def _title_rows(ws, sheet: Sheet, layout: _Layout, styles: _Styles) -> None:
    """The title and, if any, the unit line, each merged across the sheet."""
    ws.append([sheet.title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=layout.width)
    ws.cell(1, 1).font = styles.title
    ws.cell(1, 1).alignment = styles.center
    ws.row_dimensions[1].height = 36
    if sheet.unit_line:
        ws.append([sheet.unit_line])
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=layout.width)
        ws.cell(2, 1).font = styles.plain
        ws.cell(2, 1).alignment = styles.unit_line
        ws.row_dimensions[2].height = 20


def _header_merges(ws, top: list, sub: list, row: int) -> None:
    """A label without a sub label spans both header rows; a group label spans its columns."""
    width = len(top)
    col = 0
    while col < width:
        if sub[col] is None:
            ws.merge_cells(start_row=row, start_column=col + 1, end_row=row + 1, end_column=col + 1)
            col += 1
            continue
        end = col
        while end + 1 < width and top[end + 1] is None and sub[end + 1] is not None:
            end += 1
        if end > col:
            ws.merge_cells(start_row=row, start_column=col + 1, end_row=row, end_column=end + 1)
        col = end + 1


def _header(ws, sheet: Sheet, layout: _Layout, styles: _Styles) -> None:
    ws.append(sheet.top)
    if sheet.sub:
        ws.append(sheet.sub)
        _header_merges(ws, sheet.top, sheet.sub, layout.header_row)
    header_lines = max(_lines(label, w) for label, w in zip(layout.labels, layout.widths, strict=True))
    height = max(2, header_lines if layout.header_rows == 1 else 1) * LINE_HEIGHT + 8
    for r in range(layout.header_row, layout.first_body):
        ws.row_dimensions[r].height = height
        for c in range(1, layout.width + 1):
            cell = ws.cell(r, c)
            cell.font = styles.bold
            cell.alignment = styles.center
            cell.border = styles.border
            cell.fill = styles.header_fill


def _body_cell(cell, value, row_kind: str, column_kind: str, first: bool, styles: _Styles) -> None:
    """A body cell's value (text never a formula) and its style by row and column kind."""
    if isinstance(value, str):
        cell.value = escape_formula(value)
        cell.data_type = "s"  # never a formula, whatever the text
    else:
        cell.value = value
    cell.border = styles.border
    cell.font = styles.plain if row_kind == "data" else styles.bold
    if column_kind == "money":
        cell.number_format = MONEY_FORMAT
        cell.alignment = styles.right
    elif column_kind == "rate":
        cell.number_format = RATE_FORMAT
        cell.alignment = styles.right
    elif row_kind != "data" and first:
        cell.alignment = styles.left
    else:
        cell.alignment = styles.left if column_kind == "text" else styles.center


def _row_lines(row_kind: str, row: list, r: int, blocked: set, widths: list[int]) -> int:
    """The lines a data row's tallest cell needs (a cell of a merge block does not count)."""
    if row_kind != "data":
        return 1
    return max([1, *(_lines(value if isinstance(value, str) else None, widths[c - 1])
                     for c, value in enumerate(row, start=1) if (r, c) not in blocked)])


def _body(ws, sheet: Sheet, layout: _Layout, styles: _Styles) -> None:
    first_body = layout.first_body
    # A section or 合计 row's label spans the text columns up to the first money column.
    first_money = next((c for c, kind in enumerate(layout.kinds) if kind == "money"), None)
    label_span = first_money if first_money and first_money > 1 else 1
    blocked = {(start + first_body + i, c) for start, end, columns in sheet.merge_blocks
               for i in range(end - start + 1) for c in columns}
    for offset, (kind, row) in enumerate(sheet.body):
        r = first_body + offset
        for c, value in enumerate(row, start=1):
            _body_cell(ws.cell(r, c), value, kind, layout.kinds[c - 1], c == 1, styles)
        if kind in ("section", "total"):
            if label_span > 1:
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=label_span)
            for c in range(1, label_span + 1):
                ws.cell(r, c).fill = styles.label_fill
        ws.row_dimensions[r].height = _row_lines(kind, row, r, blocked, layout.widths) * LINE_HEIGHT + 5
    for start, end, columns in sheet.merge_blocks:
        for c in columns:
            ws.merge_cells(start_row=first_body + start, start_column=c, end_row=first_body + end, end_column=c)


def _footnotes(ws, sheet: Sheet, layout: _Layout, styles: _Styles) -> None:
    """Each footnote merged across the sheet, after one blank row."""
    last = layout.first_body + len(sheet.body)
    total_width = sum(layout.widths)
    for line in sheet.footnotes:
        last += 1
        cell = ws.cell(last, 1, line)
        cell.font = styles.plain
        cell.alignment = styles.footnote
        ws.merge_cells(start_row=last, start_column=1, end_row=last, end_column=layout.width)
        ws.row_dimensions[last].height = _lines(line, total_width) * LINE_HEIGHT + 6


def _columns_and_panes(ws, layout: _Layout) -> None:
    """Column widths; the header and the columns up to 项目名称 stay in view."""
    from openpyxl.utils import get_column_letter

    for c, w in enumerate(layout.widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    frozen = layout.labels.index("项目名称") + 2 if "项目名称" in layout.labels else 2
    ws.freeze_panes = f"{get_column_letter(frozen)}{layout.first_body}"


def _print_setup(ws, layout: _Layout) -> None:
    """Print as the bureaus do: landscape, every column on the page width, header rows on each page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3 if sum(layout.widths) > 200 else ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top, ws.page_margins.bottom, ws.page_margins.footer = 0.6, 0.8, 0.3
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.print_title_rows = f"{layout.header_row}:{layout.first_body - 1}"


def _fill(ws, sheet: Sheet, styles: _Styles) -> None:
    ws.title = sheet.sheet_title[:31]
    layout = _Layout.of(sheet)
    _title_rows(ws, sheet, layout, styles)
    _header(ws, sheet, layout, styles)
    _body(ws, sheet, layout, styles)
    _footnotes(ws, sheet, layout, styles)
    _columns_and_panes(ws, layout)
    _print_setup(ws, layout)


def write_xlsx(path: Path, sheet: Sheet) -> None:
    write_xlsx_book(path, [sheet])


def write_xlsx_book(path: Path, sheets: list[Sheet]) -> None:
    """Several sheets, each laid out as ``write_xlsx`` lays out one, as the tabs of one workbook."""
    from openpyxl import Workbook

    workbook = Workbook()
    styles = _Styles()
    for n, sheet in enumerate(sheets):
        _fill(workbook.active if n == 0 else workbook.create_sheet(), sheet, styles)
    workbook.save(path)
