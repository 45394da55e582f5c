"""The 重大项目调度表 sheet: the register by domain, a 合计 row, a subtotal per domain section, and
the year's plan and 1-M月 completed of each project as the query layer reads them
(``with_sheet_columns``)."""

from __future__ import annotations

from decimal import Decimal

from registers.core.money import percent, round_percent, sheet_number
from registers.core.unit_names import COUNTY
from registers.exports.resources import ProjectResource
from registers.exports.sheet import Sheet
from registers.sheets.columns import label, money_fields

CHINESE_NUMERALS = "一二三四五六七八九十"
PLAN, YTD, RATE, PRIOR = (label("projects", f) for f in ("annual_plan", "completed_ytd", "rate", "prior_cumulative"))
MONEY_COLUMNS = tuple(label("projects", f) for f in money_fields("projects"))
GROUP_COLUMNS = (PLAN, YTD, RATE)  # under one “<year>年投资计划及完成情况” header
# No month reported yet: no year-to-date column (and no rate), as a plan-only sheet.
PLAN_ONLY_DROPPED = {YTD, RATE, label("projects", "image_progress"), label("projects", "problems")}


def _numeral(n: int) -> str:
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    return "十" + CHINESE_NUMERALS[n - 11] if n < 20 else str(n)


def _kept_columns(headers: list[str], month: int | None, has_codes: bool) -> list[int]:
    """Indices of the resource's columns the sheet shows."""
    keep = [i for i, h in enumerate(headers) if h not in PLAN_ONLY_DROPPED] if not month else list(range(len(headers)))
    if not has_codes:
        # No project has a code: no empty 项目编码 column (the bureaus' own sheets have none; the
        # importer then matches by name, as it does for theirs).
        keep = [i for i in keep if headers[i] != label("projects", "code")]
    return keep


def _header_rows(names: list[str], year: int, month: int | None) -> tuple[list, list]:
    """The two header rows: 序号, then each column's label (a group's label over its columns)."""
    labels = {PRIOR: f"截至{year - 1}年底累计完成投资",
              YTD: f"1-{month}月完成投资" if month else YTD}
    top = [label("projects", "seq")]
    sub = [None]
    for name in names:
        if name in GROUP_COLUMNS:
            top.append(f"{year}年投资计划及完成情况" if name == GROUP_COLUMNS[0] else None)
            sub.append(labels.get(name, name))
        else:
            top.append(labels.get(name, name))
            sub.append(None)
    return top, sub


def _sums(rows: list[list], names: list[str]) -> list:
    """A subtotal row: each money column summed, the rate that of the sums."""
    out = [None] * len(names)
    for i in [names.index(h) for h in MONEY_COLUMNS if h in names]:
        out[i] = sheet_number(sum((Decimal(str(r[i])) for r in rows if r[i] not in (None, "")), Decimal("0")))
    plan_index = names.index(PLAN)
    if RATE in names and YTD in names:
        rate = round_percent(percent(out[names.index(YTD)], out[plan_index]))
        out[names.index(RATE)] = None if rate is None else float(rate)
    return out


def _body(domains: dict[str, list], names: list[str]) -> list[tuple[str, list]]:
    """合计 first, then each domain's section row and its numbered rows."""
    all_rows = [r for rows in domains.values() for r in rows]
    body = [("total", [f"合计（{len(all_rows)}个）", *_sums(all_rows, names)])]
    for n, (domain, rows) in enumerate(domains.items(), start=1):
        body.append(("section", [f"{_numeral(n)}、{domain}项目（{len(rows)}个）", *_sums(rows, names)]))
        for seq, row in enumerate(rows, start=1):
            body.append(("data", [seq, *row]))
    return body


def project_table(queryset, year: int, month: int | None):
    """(title, header top row, header sub row, body rows with their kinds) of the register layout."""
    queryset = (
        queryset.select_related("domain", "responsible_unit")
        .prefetch_related("townships")
        .with_sheet_columns(year, month or 1)
        .order_by("domain__sort_order", "pk")
    )
    dataset = ProjectResource().export(queryset)
    headers = list(dataset.headers)
    keep = _kept_columns(headers, month, has_codes=queryset.filter(code__gt="").exists())
    names = [headers[i] for i in keep]
    top, sub = _header_rows(names, year, month)
    domains: dict[str, list] = {}
    for project, row in zip(queryset, dataset, strict=True):
        domains.setdefault(project.domain.name, []).append([row[i] for i in keep])
    period = f"（截至{month}月底）" if month else ""
    title = f"{COUNTY}{year}年“项目大会战”重大项目调度表{period}"
    return title, top, sub, _body(domains, names)


def project_sheet(queryset, year: int, month: int | None, user, now) -> Sheet:
    """The sheet of ``queryset`` for ``year`` up to ``month``, signed by the exporting user."""
    title, top, sub, body = project_table(queryset, year, month)
    exporter = (user.get_full_name() or user.get_username()) if getattr(user, "is_authenticated", False) else ""
    signed = f"填报人：{exporter}\u3000\u3000\u3000" if exporter else ""
    footnotes = [f"填报单位：{COUNTY}“项目大会战”指挥部办公室\u3000\u3000\u3000{signed}导出时间：{now:%Y-%m-%d %H:%M}",
                 "注：1.本表金额单位为万元；2.建设性质分为新建、续建、前期。"]
    return Sheet(sheet_title=f"{year}年重大项目调度表", title=title, unit_line="单位：万元",
                 top=top, sub=sub, body=body, footnotes=footnotes)
