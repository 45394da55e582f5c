"""The register's figures as the report documents show them, read from ``registers.projects``:
the lagging list, new starts and completions, the missing reports and the annex rows."""

from __future__ import annotations

from registers.core.money import format_percent, format_wan, round_percent
from registers.core.periods import month_end, time_elapsed_pct
from registers.projects.figures import gap_points
from registers.projects.queries import lag_thresholds
from tasks.pdf import cjk_html
from tasks.pdf_tables import Column, DataTable

LAG_RULE = {"red": "完成率落后序时进度{red}个百分点及以上（严重滞后）",
            "yellow": "完成率落后序时进度{yellow}个百分点及以上（滞后）"}
LAG_LABEL = {"red": "严重滞后", "yellow": "滞后", "green": "正常", "none": "无年度计划", "na": "不考核"}


def lag_rule(level: str) -> str:
    """The words of the editable lagging rule (``LaggingRule``) for ``level``."""
    yellow, red = lag_thresholds()
    return LAG_RULE[level].format(red=points(red), yellow=points(yellow))


def points(value) -> str:
    """A threshold as written: 20.00 → "20", 12.50 → "12.5" (never "2E+1")."""
    return format(value.normalize(), "f")


def unit_name(unit) -> str:
    return (unit.short_name or unit.name) if unit else ""


def project_row(project, month: int) -> dict:
    """One project of an annotated queryset (``with_figures``) as a table row, every text escaped."""
    unit = unit_name(project.responsible_unit)
    gap = gap_points(project.pct_of_plan, month)
    return {
        "name": project.name, "name_html": cjk_html(project.name), "unit_html": cjk_html(unit), "unit": unit,
        "domain_html": cjk_html(project.domain.name), "planned": format_wan(project.plan_amount),
        "completed": format_wan(project.ytd_completed), "pct": format_percent(project.pct_of_plan),
        "gap": "—" if gap is None else f"{gap:+.1f}".replace("+", "落后").replace("-", "超前"),
        "level": project.lag_level, "level_label": LAG_LABEL.get(project.lag_level, ""),
        "reported": project.reported,
    }


def lagging_rows(figures, month: int) -> dict[str, list[dict]]:
    """The lagging projects by colour (red first), worst first within each."""
    rows = {"red": [], "yellow": []}
    for project in (figures.lagging().select_related("domain", "responsible_unit")
                    .order_by("pct_of_plan", "domain__sort_order", "pk")):
        rows[project.lag_level].append(project_row(project, month))
    return rows


def started_and_completed(projects, year: int, month: int) -> tuple[list[dict], list[dict]]:
    """The projects that actually started, and those completed, within the month."""
    first, last = month_end(year, month).replace(day=1), month_end(year, month)
    related = projects.select_related("domain", "responsible_unit").order_by("domain__sort_order", "pk")
    started = related.filter(actual_start_date__range=(first, last))
    completed = related.filter(actual_completion_date__range=(first, last))

    def row(project, day):
        return {"name_html": cjk_html(project.name), "unit_html": cjk_html(unit_name(project.responsible_unit)),
                "domain_html": cjk_html(project.domain.name), "date": f"{day.month}月{day.day}日",
                "total": format_wan(project.total_investment)}

    return ([row(p, p.actual_start_date) for p in started], [row(p, p.actual_completion_date) for p in completed])


def missing_by_unit(figures) -> list[dict]:
    """The projects without the month's report, grouped by responsible unit."""
    groups: dict[int, dict] = {}
    for project in figures.missing_report().select_related("responsible_unit").order_by("responsible_unit__name", "pk"):
        unit = project.responsible_unit
        group = groups.setdefault(unit.pk, {"unit_html": cjk_html(unit_name(unit)), "names": []})
        group["names"].append(project.name)
    for group in groups.values():
        group["count"] = len(group["names"])
        group["names_html"] = cjk_html("、".join(group["names"]))
    return list(groups.values())


def annex_rows(figures, month: int) -> list[dict]:
    rows = []
    for number, project in enumerate(figures.select_related("domain", "responsible_unit")
                                     .order_by("domain__sort_order", "pk"), start=1):
        row = project_row(project, month)
        row["number"] = number
        rows.append(row)
    return rows


def project_table(rows: list[dict], months_label: str) -> DataTable:
    """Project rows (``project_row``) as a long table: plan, 1-M月 completed, %, and the gap to
    序时进度 coloured by the lagging level."""
    columns = [Column("序号", 0.06, "center"), Column("项目名称", 0.34), Column("责任单位", 0.14),
               Column("年度计划\n（万元）", 0.12, "right", "hei"),
               Column(f"{months_label}完成\n（万元）", 0.12, "right", "hei"),
               Column("完成率", 0.09, "right", "hei"), Column("较序时进度\n（百分点）", 0.13, "center")]
    return DataTable(columns, [(row.get("number") or index, row["name"], row["unit"], row["planned"], row["completed"],
                                row["pct"], row["gap"]) for index, row in enumerate(rows, start=1)],
                     colours=[row["level"] for row in rows])


def pct(value) -> str:
    return format_percent(value)


def elapsed(month: int) -> str:
    return f"{round_percent(time_elapsed_pct(month))}%"
