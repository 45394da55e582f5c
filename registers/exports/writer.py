"""Export in the bureaus' own layout: title, 单位：万元, two-row header, domain sections with
subtotals and a 合计 row — .xlsx or .csv (UTF-8 with BOM) by the file's suffix. The rows come from
``registers.exports.resources`` over a queryset already narrowed by the listing's filters and the user's
scope; every text cell is escaped against spreadsheet formula injection. What is exported here
imports back unchanged (``registers.imports.pipeline``)."""

from __future__ import annotations

import csv
import math
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from registers.core import scopes
from registers.core.cells import escape_formula
from registers.exports.resources import AcceptanceCommissionerResource, ProjectResource, number
from registers.projects.queries import percent

CHINESE_NUMERALS = "一二三四五六七八九十"
COUNTY = "上犹县"


def _numeral(n: int) -> str:
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    return "十" + CHINESE_NUMERALS[n - 11] if n < 20 else str(n)


def latest_month(year: int, queryset=None, until: int | None = None) -> int | None:
    """The last month of ``year`` any project of ``queryset`` reported (up to ``until``)."""
    from registers.models import MonthlyProgress

    qs = MonthlyProgress.objects.filter(year=year)
    if queryset is not None:
        qs = qs.filter(project__in=queryset.values("pk"))
    if until is not None:
        qs = qs.filter(month__lte=until)
    return qs.order_by("-month").values_list("month", flat=True).first()


def project_table(queryset, year: int, month: int | None):
    """(title, header top row, header sub row, body rows with their kinds) of the register layout."""
    from registers.models import AnnualPlan, MonthlyProgress

    queryset = queryset.select_related("domain", "responsible_unit").order_by("domain__sort_order", "pk")
    ids = list(queryset.values_list("pk", flat=True))
    plans = {p["project_id"]: p for p in AnnualPlan.objects.filter(year=year, project_id__in=ids).values(
        "project_id", "planned_investment", "prior_cumulative")} if len(ids) < 30000 else {
        p["project_id"]: p for p in AnnualPlan.objects.filter(year=year).values(
            "project_id", "planned_investment", "prior_cumulative")}
    progress = {}
    if month:
        progress = {p["project_id"]: p for p in MonthlyProgress.objects.filter(year=year, month=month).values(
            "project_id", "completed_ytd", "image_progress", "problems")}
    resource = ProjectResource(plans=plans, progress=progress)
    dataset = resource.export(queryset)
    headers = list(dataset.headers)
    money_columns = ["总投资", "截至上年底累计完成投资", "年度计划投资", "累计完成投资"]
    group_columns = ["年度计划投资", "累计完成投资", "占年度计划(%)"]
    if not month:
        # No month reported yet: no year-to-date column (and no rate), as a plan-only sheet.
        drop = {"累计完成投资", "占年度计划(%)", "形象进度", "存在问题"}
        keep = [i for i, h in enumerate(headers) if h not in drop]
    else:
        keep = list(range(len(headers)))
    if not queryset.filter(code__gt="").exists():
        # No project has a code: no empty 项目编码 column (the bureaus' own sheets have none; the
        # importer then matches by name, as it does for theirs).
        keep = [i for i in keep if headers[i] != "项目编码"]
    labels = {"截至上年底累计完成投资": f"截至{year - 1}年底累计完成投资",
              "累计完成投资": f"1-{month}月完成投资" if month else "累计完成投资"}
    header_names = [headers[i] for i in keep]
    top = ["序号"]
    sub = [None]
    for name in header_names:
        if name in group_columns:
            top.append(f"{year}年投资计划及完成情况" if name == group_columns[0] else None)
            sub.append(labels.get(name, name))
        else:
            top.append(labels.get(name, name))
            sub.append(None)
    money_index = [header_names.index(h) for h in money_columns if h in header_names]
    rate_index = header_names.index("占年度计划(%)") if "占年度计划(%)" in header_names else None
    plan_index = header_names.index("年度计划投资")
    ytd_index = header_names.index("累计完成投资") if "累计完成投资" in header_names else None

    domains: dict[str, list] = {}
    for project, row in zip(queryset, dataset, strict=True):
        domains.setdefault(project.domain.name, []).append([row[i] for i in keep])

    def sums(rows):
        out = [None] * len(header_names)
        for i in money_index:
            out[i] = number(sum((Decimal(str(r[i])) for r in rows if r[i] not in (None, "")), Decimal("0")))
        if rate_index is not None and ytd_index is not None:
            out[rate_index] = percent(out[ytd_index], out[plan_index])
        return out

    body = []
    all_rows = [r for rows in domains.values() for r in rows]
    body.append(("total", [f"合计（{len(all_rows)}个）", *sums(all_rows)[0:]]))
    for n, (domain, rows) in enumerate(domains.items(), start=1):
        body.append(("section", [f"{_numeral(n)}、{domain}项目（{len(rows)}个）", *sums(rows)]))
        for seq, row in enumerate(rows, start=1):
            body.append(("data", [seq, *row]))
    period = f"（截至{month}月底）" if month else ""
    title = f"{COUNTY}{year}年“项目大会战”重大项目调度表{period}"
    return title, top, sub, body


def commissioner_table(queryset):
    queryset = queryset.filter(is_published=True).select_related("unit").order_by(
        "unit__sort_order", "unit__name", "sort_order", "pk")
    dataset = AcceptanceCommissionerResource().export(queryset)
    body = [("data", [seq, *row]) for seq, row in enumerate(dataset, start=1)]
    return f"{COUNTY}重大项目服务受理专员名单", ["序号", *dataset.headers], None, body


def _write_csv(path: Path, title, unit_line, top, sub, body, footnotes):
    header = [s if s else t for t, s in zip(top, sub or [None] * len(top), strict=True)]
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([title])
        if unit_line:
            writer.writerow([unit_line])
        writer.writerow(header)
        for _kind, row in body:
            writer.writerow(["" if v is None else escape_formula(v) for v in row])
        writer.writerow([])
        for line in footnotes:
            writer.writerow([line])


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


def _write_xlsx(path: Path, sheet_title, title, unit_line, top, sub, body, footnotes, merge_blocks=None):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet_title[:31]
    width = len(top)
    labels = [(sub[c] if sub and sub[c] else name) or "" for c, name in enumerate(top)]
    kinds = [_column_kind(label) for label in labels]
    widths = [WIDTHS.get(label, 14 if kind == "money" else 12) for label, kind in zip(labels, kinds, strict=True)]
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1)
    right = Alignment(horizontal="right", vertical="center", indent=1)
    plain, bold = Font(name=FONT_NAME, size=10), Font(name=FONT_NAME, size=10, bold=True)

    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(1, 1).font = Font(name=FONT_NAME, size=18, bold=True)
    ws.cell(1, 1).alignment = center
    ws.row_dimensions[1].height = 36
    header_row = 2
    if unit_line:
        ws.append([unit_line])
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        ws.cell(2, 1).font = plain
        ws.cell(2, 1).alignment = Alignment(horizontal="left", vertical="center")
        ws.row_dimensions[2].height = 20
        header_row = 3
    ws.append(top)
    rows_of_header = 1
    if sub:
        ws.append(sub)
        rows_of_header = 2
        col = 0
        while col < width:
            if sub[col] is None:
                ws.merge_cells(start_row=header_row, start_column=col + 1, end_row=header_row + 1, end_column=col + 1)
                col += 1
                continue
            end = col
            while end + 1 < width and top[end + 1] is None and sub[end + 1] is not None:
                end += 1
            if end > col:
                ws.merge_cells(start_row=header_row, start_column=col + 1, end_row=header_row, end_column=end + 1)
            col = end + 1
    header_lines = max(_lines(label, w) for label, w in zip(labels, widths, strict=True))
    for r in range(header_row, header_row + rows_of_header):
        ws.row_dimensions[r].height = max(2, header_lines if rows_of_header == 1 else 1) * LINE_HEIGHT + 8
        for c in range(1, width + 1):
            cell = ws.cell(r, c)
            cell.font = bold
            cell.alignment = center
            cell.border = border
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
    first_body = header_row + rows_of_header
    # A section or 合计 row's label spans the text columns up to the first money column.
    first_money = next((c for c, kind in enumerate(kinds) if kind == "money"), None)
    label_span = first_money if first_money and first_money > 1 else 1
    blocked = {(start + first_body + i, c) for start, end, columns in merge_blocks or []
               for i in range(end - start + 1) for c in columns}
    for offset, (kind, row) in enumerate(body):
        r = first_body + offset
        lines = 1
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c)
            column_kind = kinds[c - 1]
            if isinstance(value, str):
                cell.value = escape_formula(value)
                cell.data_type = "s"  # never a formula, whatever the text
            else:
                cell.value = value
            cell.border = border
            cell.font = plain if kind == "data" else bold
            if column_kind == "money":
                cell.number_format = MONEY_FORMAT
                cell.alignment = right
            elif column_kind == "rate":
                cell.number_format = RATE_FORMAT
                cell.alignment = right
            elif kind != "data" and c == 1:
                cell.alignment = left
            else:
                cell.alignment = left if column_kind == "text" else center
            if kind == "data" and (r, c) not in blocked:
                lines = max(lines, _lines(value if isinstance(value, str) else None, widths[c - 1]))
        if kind in ("section", "total"):
            if label_span > 1:
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=label_span)
            for c in range(1, label_span + 1):
                ws.cell(r, c).fill = PatternFill("solid", fgColor="F2F2F2")
        ws.row_dimensions[r].height = lines * LINE_HEIGHT + 5
    for start, end, columns in merge_blocks or []:
        for c in columns:
            ws.merge_cells(start_row=first_body + start, start_column=c, end_row=first_body + end, end_column=c)
    last = first_body + len(body)  # one blank row before the footnotes
    total_width = sum(widths)
    for line in footnotes:
        last += 1
        cell = ws.cell(last, 1, line)
        cell.font = plain
        cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
        ws.merge_cells(start_row=last, start_column=1, end_row=last, end_column=width)
        ws.row_dimensions[last].height = _lines(line, total_width) * LINE_HEIGHT + 6
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    frozen = labels.index("项目名称") + 2 if "项目名称" in labels else 2
    ws.freeze_panes = f"{get_column_letter(frozen)}{first_body}"
    # Print as the bureaus do: landscape, every column on the page width, header rows on each page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3 if total_width > 200 else ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top, ws.page_margins.bottom, ws.page_margins.footer = 0.6, 0.8, 0.3
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.print_title_rows = f"{header_row}:{header_row + rows_of_header - 1}"
    workbook.save(path)


def export_sheet(kind: str, path, *, user=None, year: int | None = None, month: int | None = None,
                 queryset=None) -> int:
    """Write ``kind`` to ``path`` (.xlsx or .csv) from ``queryset`` (default: everything) narrowed
    to the user's scope. Returns the number of data rows."""
    from registers.models import Project
    from snippets.models import AcceptanceCommissioner

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValueError(f"不支持的导出格式“{suffix}”：请使用 .xlsx 或 .csv。")
    now = timezone.localtime()
    merge_blocks = None
    if kind == "commissioners":
        queryset = AcceptanceCommissioner.objects.all() if queryset is None else queryset
        if user is not None:
            queryset = scopes.commissioners_for(user, queryset)
        title, top, sub, body = commissioner_table(queryset)
        unit_line = f"更新时间：{now:%Y年%-m月%-d日}"
        footnotes = ["注：受理专员名单向社会公布，如有变动请及时报送更新。"]
        # 单位 and 受理事项 merged per unit block, as the bureau's own sheet.
        merge_blocks, start = [], 0
        for i in range(1, len(body) + 1):
            if i == len(body) or body[i][1][1] != body[start][1][1]:
                if i - 1 > start:
                    if all(body[j][1][6] == body[start][1][6] for j in range(start, i)):
                        for j in range(start + 1, i):
                            body[j][1][6] = None
                        merge_blocks.append((start, i - 1, [2, 7]))
                    else:
                        merge_blocks.append((start, i - 1, [2]))
                    for j in range(start + 1, i):
                        body[j][1][1] = None
                start = i
        sheet_title = "受理专员名单"
        if suffix == ".csv":  # no merges in CSV: repeat the values
            _, _, _, body = commissioner_table(queryset)
    else:
        year = year or now.year
        queryset = Project.objects.all() if queryset is None else queryset
        queryset = scopes.projects_for(user, queryset) if user is not None else queryset
        month = month or latest_month(year, queryset)
        title, top, sub, body = project_table(queryset, year, month)
        unit_line = "单位：万元"
        exporter = (user.get_full_name() or user.get_username()) if getattr(user, "is_authenticated", False) else ""
        signed = f"填报人：{exporter}\u3000\u3000\u3000" if exporter else ""
        footnotes = [f"填报单位：{COUNTY}“项目大会战”指挥部办公室\u3000\u3000\u3000{signed}导出时间：{now:%Y-%m-%d %H:%M}",
                     "注：1.本表金额单位为万元；2.建设性质分为新建、续建、前期。"]
        sheet_title = f"{year}年重大项目调度表"
    if suffix == ".csv":
        _write_csv(path, title, unit_line, top, sub, body, footnotes)
    else:
        _write_xlsx(path, sheet_title, title, unit_line, top, sub, body, footnotes, merge_blocks)
    return sum(1 for kind_, _row in body if kind_ == "data")
