"""The quarterly report to the county leaders (三(三) 每季汇总相关情况专报县委、县政府领导): the year's
targets by domain, the month-by-month trend, the four actions (四大行动), the ledger of decided items
with its escalations, the leaders' and liaison commissioners' duty compliance for the quarter, and
the special-inspection list of the ≥1亿元 projects."""

from __future__ import annotations

from django.db.models import Q

from registers.core.money import format_wan, round_percent
from registers.core.periods import Period, time_elapsed_pct
from registers.models import Project
from registers.projects.figures import county_row, domain_rows, monthly_trend
from registers.projects.queries import lag_thresholds
from tasks import charts, periods
from tasks.document import chunked, frame_context
from tasks.minutes import chinese_date
from tasks.pdf import cjk_html

from . import bulletin
from . import projects as rows
from .base import Cycle, Document, Schedule

QUARTER_NAMES = "一二三四"
INSPECTION_YI = 1  # 专项督查: the projects of 1亿元 or more


def _html(row: dict, *names: str) -> dict:
    return {**row, **{f"{name}_html": cjk_html(row[name]) for name in names}}


def project_rows(queryset, month: int) -> list[dict]:
    """Rows of the shared project table, numbered across chunks."""
    ordered = queryset.select_related("domain", "responsible_unit").order_by("domain__sort_order", "pk")
    return [{**rows.project_row(project, month), "number": n} for n, project in enumerate(ordered, start=1)]


def target_section(figures, year: int) -> dict:
    """The county total against its target, the domains and their chart (figures.county_row/domain_rows)."""
    total = county_row(figures, year)
    domains = domain_rows(figures, year)
    yellow, red = lag_thresholds()
    table = [{**row, "name_html": cjk_html(row["domain"].name), "planned_label": format_wan(row["planned"]),
              "completed_label": format_wan(row["completed"]), "target_label": format_wan(row["target"]),
              "pct_label": rows.pct(row["pct"]), "pct_of_plan_label": rows.pct(row["pct_of_plan"])}
             for row in domains]
    return {"total": total, "domains": domains, "domain_table": table, "thresholds": (float(yellow), float(red))}


def trend_section(projects, year: int, month: int) -> dict:
    trend = monthly_trend(projects, year, month)
    chart = charts.as_img(charts.trend_lines(
        [{"month": p["month"], "pct": p["pct"], "elapsed": p["time_elapsed"]} for p in trend]))
    table = [{"month": p["month"], "month_html": cjk_html("1月" if p["month"] == 1 else f"1-{p['month']}月"),
              "completed_label": format_wan(p["completed"]), "pct_label": rows.pct(p["pct"]),
              "elapsed_label": f"{round_percent(time_elapsed_pct(p['month']))}%"} for p in trend]
    return {"trend": trend, "trend_chart": chart, "trend_table": table}


def actions_section(projects, figures, span: Period, month: int) -> dict:
    """四大行动: groundbreaking rounds and observation meetings held in the quarter, the projects in
    the preliminary stage (前期攻坚), and the "5020" / top-enterprise projects (招引)."""
    from registers.projects.models.actions import GroundbreakingRound, ObservationMeeting

    def events(model):
        found = model.objects.filter(date__range=(span.start, span.end)).order_by("date", "pk")
        return [_html({"title": event.title, "date": chinese_date(event.date), "level": event.get_level_display(),
                       "projects": event.projects.count(),
                       "kind": "集中竣工" if getattr(event, "is_completion", False) else ""}, "title", "level")
                for event in found]

    preliminary = figures.filter(stage="preliminary")
    attracted = figures.filter(Q(is_5020=True) | Q(is_top_enterprise=True))
    return {
        "rounds": events(GroundbreakingRound), "observations": events(ObservationMeeting),
        "preliminary": chunked(project_rows(preliminary, month)), "preliminary_count": preliminary.count(),
        "attracted": chunked(project_rows(attracted, month)), "attracted_count": attracted.count(),
        "attracted_total": attracted.totals(),
    }


def ledger_section(span: Period, today) -> dict:
    """The ledger of items decided up to the quarter's end: counts by status, overdue, and the
    escalations (说明原因 / 通报批评) as ``with_escalation`` judges them."""
    from registers.models import Escalation, LedgerItem, LedgerStatus

    items = (LedgerItem.objects.filter(minutes__meeting__starts_at__date__lte=span.end).with_escalation(today)
             .select_related("project", "minutes__meeting").prefetch_related("responsible_units"))
    counts = {"total": items.count(), "open": items.filter(status=LedgerStatus.OPEN).count(),
              "checked_off": items.filter(status=LedgerStatus.CHECKED_OFF).count(),
              "overdue": items.filter(overdue=True).count(),
              "decided_in_quarter": items.filter(minutes__meeting__starts_at__date__gte=span.start).count(),
              "checked_off_in_quarter": items.filter(checked_off_on__range=(span.start, span.end)).count()}

    def listed(level):
        return [_html({"text": item.text.strip().rstrip("。；;."),
                       "project": item.project.name if item.project_id else "",
                       "units": "、".join(rows.unit_name(unit) for unit in item.responsible_units.all()),
                       "meeting": item.minutes.meeting.title, "reviews": item.review_count},
                      "text", "project", "units", "meeting") | {"number": number}
                for number, item in enumerate(items.filter(escalation=level)
                                              .order_by("minutes__meeting__starts_at", "sort_order", "pk"), start=1)]

    explain, criticism = listed(Escalation.EXPLAIN), listed(Escalation.CRITICISM)
    return {"ledger": counts, "explain_count": len(explain), "criticism_count": len(criticism),
            "ledger_lists": [{"heading_html": cjk_html(f"（{n}）{label}事项"), "chunks": chunked(group),
                              "count": len(group)}
                             for n, (label, group) in zip("一二", (("通报批评", criticism), ("说明原因", explain)),
                                                          strict=True)]}


def duties_section(year: int, span: Period) -> dict:
    """Duty compliance over the quarter (``with_compliance``): how many met, and those that did not."""
    from registers.duties.models import AssignmentKind, LeaderAssignment, LiaisonCommissioner

    assignments = (LeaderAssignment.objects.filter(year=year).with_compliance(span).filter(months_due__gt=0)
                   .select_related("leader", "project", "domain").order_by("leader__sort_order", "kind", "pk"))
    unmet = []
    for item in assignments.filter(met=False):
        if item.kind == AssignmentKind.ONE_TO_ONE:
            detail = (f"听取汇报{item.report_months}/{item.months_due}个月，"
                      f"现场调研{item.visit_quarters}/{item.required_visits}季度")
        else:
            detail = f"召开协调会{item.meeting_months}/{item.months_due}个月"
        unmet.append(_html({"leader": item.leader.name, "target": item.target, "kind": item.get_kind_display(),
                            "detail": detail}, "leader", "target", "kind", "detail"))
    commissioners = (LiaisonCommissioner.objects.filter(year=year).with_compliance(span)
                     .select_related("unit").order_by("unit__sort_order", "name"))
    unmet_commissioners = [
        _html({"name": c.name, "unit": rows.unit_name(c.unit),
               "detail": f"电话联络{c.call_weeks}/{c.weeks_due}周，现场走访{c.visit_months}/{c.months_due}个月"},
              "name", "unit", "detail")
        for c in commissioners.filter(met=False)]
    total, total_c = assignments.count(), commissioners.count()
    return {"duties": {"assignments": total, "assignments_met": total - len(unmet), "assignments_not_met": len(unmet),
                       "commissioners": total_c, "commissioners_met": total_c - len(unmet_commissioners),
                       "commissioners_not_met": len(unmet_commissioners)},
            "unmet_assignments": chunked(unmet), "unmet_commissioners": chunked(unmet_commissioners)}


def leader_emails() -> list[str]:
    from django.contrib.auth import get_user_model

    from registers.core.scopes import GROUP_LEADER

    users = get_user_model().objects.filter(is_active=True, groups__name=GROUP_LEADER).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


class QuarterlyReport(Cycle):
    kind = "quarterly_report"
    period_type = periods.QUARTER
    schedule = Schedule("10", 9, "1,4,7,10")
    template = "tasks/reports/quarterly_report.html"
    wording = {
        "title": "关于{期间}全县重大项目推进情况的专报",
        "addressee": "县委、县政府领导",
        "preface": "现将{期间}（{累计}）全县重大项目推进、“四大行动”、督办事项落实和挂点联系履职情况专报如下。",
        "closing": ("下一步，县“项目大会战”指挥部办公室将继续加强调度，对进度滞后的项目下发预警提示函、"
                    "督促整改，对未落实的议定事项按规定说明原因或通报批评，确保完成全年目标任务。"),
        "copied_to": "县“项目大会战”指挥部各成员单位",
    }

    def period_for(self, day):
        return periods.previous_quarter(day)

    def build(self, run, wording, period):
        year, month, span = period.year, period.figures_month, period.span
        projects = Project.objects.in_year(year)
        figures = projects.with_figures(year, month)
        targets = target_section(figures, year)
        trend = trend_section(projects, year, month)
        actions = actions_section(projects, figures, span, month)
        ledger = ledger_section(span, run.issued_on)
        duties = duties_section(year, span)
        inspection = figures.total_at_least(INSPECTION_YI)
        total = targets["total"]
        quarter_label = f"{year}年第{QUARTER_NAMES[period.quarter - 1]}季度"
        context = frame_context(run, wording, {
            "期间": quarter_label, "累计": period.cumulative_label(), "年度": year, "季度": period.quarter,
            "序时进度": rows.elapsed(month),
        })
        summary = bulletin.MonthlyBulletin.summary_text(total, rows.lagging_rows(figures, month),
                                               rows.missing_by_unit(figures), month, None)
        yellow, red = targets["thresholds"]
        elapsed = float(time_elapsed_pct(month))
        context.update({
            **trend, **actions, **ledger, **duties, "summary_html": cjk_html(summary),
            "domains": targets["domain_table"], "quarter_label": quarter_label,
            "domain_chart": charts.as_img(charts.domain_bars(
                [{"label": row["domain"].name, "pct": row["pct"]} for row in targets["domains"]], elapsed,
                yellow, red)),
            "attracted_total": {"planned": format_wan(actions["attracted_total"]["planned"]),
                                "completed": format_wan(actions["attracted_total"]["completed"])},
            "inspection": chunked(project_rows(inspection, month)), "inspection_count": inspection.count(),
            "months_label": period.cumulative_months(), "elapsed_label": rows.elapsed(month),
            "period_label": period.cumulative_label(),
        })
        return Document(self.template, context, figures=self.figures(run, period, targets, trend, actions, ledger,
                                                                      duties, inspection),
                        emails=leader_emails(), summary=summary)

    @staticmethod
    def figures(run, period, targets, trend, actions, ledger, duties, inspection) -> dict:
        return {
            "period": period.key, "scope": run.scope_key, **bulletin.figure_values(targets["total"]),
            "time_elapsed": float(time_elapsed_pct(period.figures_month)),
            "domains": {row["domain"].name: bulletin.figure_values({**row, "pct_of_target": row["pct"],
                                                           "pct": row["pct_of_plan"]})
                        for row in targets["domains"]},
            "trend": [{"month": p["month"], "completed": bulletin.figure_values(p)["completed"],
                       "pct_of_plan": bulletin.figure_values(p)["pct_of_plan"]} for p in trend["trend"]],
            "actions": {"groundbreaking_rounds": len(actions["rounds"]),
                        "observation_meetings": len(actions["observations"]),
                        "preliminary": actions["preliminary_count"], "attracted": actions["attracted_count"]},
            "ledger": {**ledger["ledger"], "explain": ledger["explain_count"], "criticism": ledger["criticism_count"]},
            "duties": duties["duties"],
            "inspection": {"projects": inspection.count(), **{key: value for key, value in bulletin.figure_values(
                inspection.totals()).items() if key in ("planned", "completed", "pct_of_plan")}},
        }


__all__ = ["QuarterlyReport"]
