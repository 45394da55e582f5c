"""The monthly dispatch bulletin (三(三) 按月调度通报), county-wide and per domain: completed against
the annual plan and the target, 序时进度, the ranking of responsible units, the lagging list by
colour, new starts and completions, the missing reports, and the annex of every project."""

from __future__ import annotations

from registers.core.money import as_amount, format_wan, round_percent
from registers.core.periods import time_elapsed_pct
from registers.models import Project
from registers.projects.figures import county_row, domain_rows, monthly_trend, unit_ranking
from registers.projects.queries import lag_thresholds
from snippets.models import Domain
from tasks import charts, periods
from tasks.document import frame_context
from tasks.pdf import cjk_html

from . import projects as rows
from .base import COUNTY, DOMAIN, Cycle, Document, Schedule, Scope


def figure_values(total: dict) -> dict:
    """A totals row as kept on the run (JSON: strings for amounts, one-decimal percentages)."""
    return {
        "projects": total["projects"], "planned": str(as_amount(total["planned"])),
        "completed": str(as_amount(total["completed"])),
        "pct_of_plan": _pct(total.get("pct") if "pct" in total else total.get("pct_of_plan")),
        "target": None if total.get("target") is None else str(as_amount(total["target"])),
        "pct_of_target": _pct(total.get("pct_of_target")),
    }


def _pct(value):
    rounded = round_percent(value)
    return None if rounded is None else float(rounded)


class MonthlyBulletin(Cycle):
    kind = "monthly_bulletin"
    period_type = periods.MONTH
    schedule = Schedule("6", 9)
    template = "tasks/reports/monthly_bulletin.html"
    shown_publicly = True
    wording = {
        "title": "{范围}重大项目推进情况调度通报（{期间}）",
        "addressee": "各乡（镇）人民政府，县直各有关部门（单位）",
        "preface": "根据“项目大会战”定期调度机制，现将{期间}{范围}重大项目推进情况通报如下。",
        "closing": ("各责任单位要对照年度计划和序时进度，倒排工期、挂图作战；进度滞后的项目，责任单位要认真分析原因，"
                    "于下月5日前将整改措施报县“项目大会战”指挥部办公室。"),
        "copied_to": "县委、县人大、县政府、县政协主要领导、分管领导",
    }

    def scopes(self, period):
        domains = (Project.objects.in_year(period.year).order_by().values_list("domain_id", flat=True).distinct())
        ordered = Domain.objects.filter(pk__in=list(domains)).order_by("sort_order", "pk").values_list("pk", flat=True)
        return [Scope(), *[Scope(DOMAIN, domain_id=pk) for pk in ordered]]

    def build(self, run, wording, period):
        year, month = period.year, period.figures_month
        domain = run.domain if run.scope_kind == DOMAIN else None
        projects = Project.objects.in_year(year)
        if domain is not None:
            projects = projects.filter(domain=domain)
        figures = projects.with_figures(year, month)
        domains = domain_rows(figures, year)
        if domain is not None:
            summary = next(row for row in domains if row["domain"].pk == domain.pk)
            total = {**summary, "pct_of_target": summary["pct"], "pct": summary["pct_of_plan"]}
            domains = []
        else:
            total = county_row(figures, year)
        lagging = rows.lagging_rows(figures, month)
        started, completed = rows.started_and_completed(projects, year, month)
        missing = rows.missing_by_unit(figures)
        summary = self.summary_text(total, lagging, missing, month, domain)
        context = frame_context(run, wording, {
            "期间": period.cumulative_label(), "年度": year, "月份": f"{month}月",
            "序时进度": rows.elapsed(month), "领域": domain.name if domain else "",
            "范围": domain.name + "领域" if domain else "全县",
        })
        context.update(self.tables(projects, figures, domains, period), **{
            "scope_label": domain.name if domain else "全县", "summary_html": cjk_html(summary),
            "red_table": rows.project_table(lagging["red"], period.cumulative_months()),
            "yellow_table": rows.project_table(lagging["yellow"], period.cumulative_months()),
            "red_count": len(lagging["red"]), "yellow_count": len(lagging["yellow"]),
            "red_rule_html": cjk_html(rows.lag_rule("red")), "yellow_rule_html": cjk_html(rows.lag_rule("yellow")),
            "started": started, "completed": completed, "missing": missing,
            "missing_count": sum(group["count"] for group in missing),
        })
        return Document(self.template, context, figures={
            "period": period.key, "scope": run.scope_key, **figure_values(total),
            "time_elapsed": float(time_elapsed_pct(month)),
            "lagging": {"red": len(lagging["red"]), "yellow": len(lagging["yellow"])},
            "missing_reports": context["missing_count"], "started": len(started), "completed_projects": len(completed),
            "domains": {row["domain"].name: {**figure_values({**row, "pct_of_target": row["pct"],
                                                                "pct": row["pct_of_plan"]})} for row in domains},
        }, units=self.recipients(projects, domain), summary=summary)

    @staticmethod
    def tables(projects, figures, domains, period) -> dict:
        """The domain table and chart, the trend chart, the ranking and the annex."""
        year, month = period.year, period.figures_month
        yellow, red = lag_thresholds()
        elapsed = float(time_elapsed_pct(month))
        trend = monthly_trend(projects, year, month)
        return {
            "domains": [{**row, "name_html": cjk_html(row["domain"].name), "planned_label": format_wan(row["planned"]),
                         "completed_label": format_wan(row["completed"]), "target_label": format_wan(row["target"]),
                         "pct_label": rows.pct(row["pct"]), "pct_of_plan_label": rows.pct(row["pct_of_plan"])}
                        for row in domains],
            "domain_chart": charts.as_img(charts.domain_bars(
                [{"label": row["domain"].name, "pct": row["pct"]} for row in domains], elapsed,
                float(yellow), float(red))) if domains else "",
            "trend_chart": charts.as_img(charts.trend_lines(
                [{"month": p["month"], "pct": p["pct"], "elapsed": p["time_elapsed"]} for p in trend])),
            "ranking": [{**row, "unit_html": cjk_html(rows.unit_name(row["unit"])),
                         "planned_label": format_wan(row["planned"]), "completed_label": format_wan(row["completed"]),
                         "pct_label": rows.pct(row["pct"])} for row in unit_ranking(figures)],
            "annex": rows.project_table(rows.annex_rows(figures, month), period.cumulative_months()),
            "period_label": period.cumulative_label(), "month": month, "elapsed_label": rows.elapsed(month),
            "months_label": period.cumulative_months(),
        }

    @staticmethod
    def summary_text(total, lagging, missing, month, domain) -> str:
        where = f"{domain.name}领域" if domain else "全县"
        pct = round_percent(total.get("pct"))
        target = round_percent(total.get("pct_of_target"))
        elapsed = round_percent(time_elapsed_pct(month))
        completed = format_wan(total["completed"])
        text = (f"截至{month}月底，{where}{total['projects']}个重大项目累计完成投资{completed}万元，"
                f"占年度计划（{format_wan(total['planned'])}万元）的{'—' if pct is None else pct}%")
        if total.get("target") is not None:
            text += f"，占年度目标（{format_wan(total['target'])}万元）的{'—' if target is None else target}%"
        text += f"；序时进度{elapsed}%"
        if pct is not None:
            gap = (elapsed - pct).quantize(pct)
            text += f"，{'落后' if gap > 0 else '超过'}序时进度{abs(gap)}个百分点" if gap else "，与序时进度持平"
        text += (f"。进度严重滞后项目{len(lagging['red'])}个、滞后项目{len(lagging['yellow'])}个，"
                 f"当月未报送进度项目{sum(group['count'] for group in missing)}个。")
        return text

    @staticmethod
    def recipients(projects, domain) -> list[int]:
        """The responsible units of the scope's projects, and the domain's lead units."""
        units = set(projects.order_by().values_list("responsible_unit_id", flat=True).distinct())
        lead = Domain.lead_units.through.objects.all()
        if domain is not None:
            lead = lead.filter(domain=domain)
        units |= set(lead.values_list("unit_id", flat=True))
        return sorted(unit for unit in units if unit)


__all__ = ["COUNTY", "MonthlyBulletin"]
