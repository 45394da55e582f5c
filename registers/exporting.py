"""Export in the bureaus' own layout: title, 单位：万元, two-row header, domain sections with
subtotals and a 合计 row — .xlsx or .csv (UTF-8 with BOM) by the file's suffix. The rows come from
``registers.resources`` over a queryset already narrowed by the listing's filters and the user's
scope; every text cell is escaped against spreadsheet formula injection. What is exported here
imports back unchanged (``registers.importing``)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from registers import scopes
from registers.resources import AcceptanceCommissionerResource, ProjectResource, escape_formula, number

CHINESE_NUMERALS = "一二三四五六七八九十"
COUNTY = "上犹县"


def _numeral(n: int) -> str:
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    return "十" + CHINESE_NUMERALS[n - 11] if n < 20 else str(n)


def latest_month(year: int, queryset=None) -> int | None:
    from registers.models import MonthlyProgress

    qs = MonthlyProgress.objects.filter(year=year)
    if queryset is not None:
        qs = qs.filter(project__in=queryset.values("pk"))
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
            plan, done = out[plan_index], out[ytd_index]
            out[rate_index] = float((Decimal(str(done)) / Decimal(str(plan)) * 100).quantize(Decimal("0.1"))) \
                if plan else None
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


def _write_xlsx(path: Path, sheet_title, title, unit_line, top, sub, body, footnotes, merge_blocks=None):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet_title[:31]
    width = len(top)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(vertical="center", wrap_text=True)
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(1, 1).font = Font(name="宋体", size=16, bold=True)
    ws.cell(1, 1).alignment = center
    ws.row_dimensions[1].height = 30
    header_row = 2
    if unit_line:
        ws.append([unit_line])
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
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
    for r in range(header_row, header_row + rows_of_header):
        for c in range(1, width + 1):
            cell = ws.cell(r, c)
            cell.font = Font(bold=True)
            cell.alignment = center
            cell.border = border
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
    first_body = header_row + rows_of_header
    bold = Font(bold=True)
    for offset, (kind, row) in enumerate(body):
        r = first_body + offset
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c)
            if isinstance(value, str):
                cell.value = escape_formula(value)
                cell.data_type = "s"  # never a formula, whatever the text
            else:
                cell.value = value
            cell.border = border
            cell.alignment = wrap if isinstance(value, str) and len(value) > 12 else center
            if kind != "data":
                cell.font = bold
        if kind in ("section", "total") and top[1] is not None:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
    for start, end, columns in merge_blocks or []:
        for c in columns:
            ws.merge_cells(start_row=first_body + start, start_column=c, end_row=first_body + end, end_column=c)
    last = first_body + len(body)
    for line in footnotes:
        last += 1
        ws.cell(last, 1, line)
        ws.merge_cells(start_row=last, start_column=1, end_row=last, end_column=width)
    widths = {"序号": 6, "项目名称": 36, "建设规模及主要内容": 40, "形象进度": 20, "受理事项": 40, "单位": 16,
              "项目业主": 24, "建设地点": 14}
    for c, name in enumerate(top, start=1):
        label = name or (sub[c - 1] if sub else "")
        ws.column_dimensions[get_column_letter(c)].width = widths.get(label, 12)
    ws.freeze_panes = ws.cell(first_body, 3)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
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
        if user is not None and not scopes.sees_everything(user):
            membership = getattr(user, "membership", None)
            queryset = queryset.filter(unit_id=membership.unit_id if membership else None)
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
        footnotes = [f"填报单位：{COUNTY}“项目大会战”指挥部办公室\u3000\u3000\u3000导出时间：{now:%Y-%m-%d %H:%M}",
                     "注：1.本表金额单位为万元；2.建设性质分为新建、续建、前期。"]
        sheet_title = f"{year}年重大项目调度表"
    if suffix == ".csv":
        _write_csv(path, title, unit_line, top, sub, body, footnotes)
    else:
        _write_xlsx(path, sheet_title, title, unit_line, top, sub, body, footnotes, merge_blocks)
    return sum(1 for kind_, _row in body if kind_ == "data")
