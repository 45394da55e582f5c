"""The duties cycles (附件3, 附件4): the monthly compliance of the county leaders' one-to-one and 包干
assignments and of the liaison commissioners (``with_compliance``, the one definition), the January
proposal of projects for one-to-one contact (``review.proposal``) and the year-end review of each
assignment (``review.year_end_review``, 第十一条)."""

from __future__ import annotations

import datetime

from registers.core.money import format_wan
from registers.core.periods import Period
from registers.duties.review import proposal, year_end_review
from registers.models import AssignmentKind, LeaderAssignment, LiaisonCommissioner, Project
from registers.projects.models.project import PLAN_LEVEL_FIELDS
from snippets.models import Domain
from tasks import periods
from tasks.document import chunked, frame_context, html_rows
from tasks.pdf import cjk_html

from . import projects as rows
from .base import Cycle, Document, Schedule
from .projects import unit_name

DUTY_RULES = ("根据县领导挂点联系重大项目制度和对接专员工作制度，一对一挂点县领导每月至少听取一次项目汇报、"
              "每季度至少到项目现场调研一次；包干领域县领导每月至少召开一次协调会；"
              "对接专员每周至少电话联络一次、每月至少现场走访一次。")


def met_label(met: bool) -> str:
    return "达标" if met else "未达标"


def not_met_first(items: list) -> list:
    return sorted(items, key=lambda item: item.met)  # stable: the query's order within each group


def one_to_one_rows(assignments) -> list[dict]:
    result = [{"number": n, "leader": a.leader.name, "post": a.leader.post or "—", "target": a.target,
               "liaison": unit_name(a.liaison_unit) or "—", "reports": f"{a.report_months}/{a.months_due}",
               "visits": f"{a.site_visits}" + (f"（应{a.required_visits}）" if a.required_visits else ""),
               "met": met_label(a.met), "level": "" if a.met else "red"}
              for n, a in enumerate(assignments, start=1)]
    return html_rows(result, ("leader", "post", "target", "liaison", "met"))


def domain_rows(assignments) -> list[dict]:
    result = [{"number": n, "leader": a.leader.name, "post": a.leader.post or "—", "target": a.target,
               "meetings": f"{a.meeting_months}/{a.months_due}", "met": met_label(a.met),
               "level": "" if a.met else "red"} for n, a in enumerate(assignments, start=1)]
    return html_rows(result, ("leader", "post", "target", "met"))


def commissioner_rows(commissioners) -> list[dict]:
    result = [{"number": n, "name": c.name, "unit": unit_name(c.unit), "post": c.post or c.section or "—",
               "projects": "、".join(p.name for p in c.projects.all()) or "—",
               "calls": f"{c.call_weeks}/{c.weeks_due}", "visits": f"{c.visit_months}/{c.months_due}",
               "met": met_label(c.met), "level": "" if c.met else "red"} for n, c in enumerate(commissioners, start=1)]
    return html_rows(result, ("name", "unit", "post", "projects", "met"))


def tally(items) -> dict:
    met = sum(1 for item in items if item.met)
    return {"due": len(items), "met": met, "not_met": len(items) - met}


class DutyCompliance(Cycle):
    kind = "duty_compliance"
    period_type = periods.MONTH
    schedule = Schedule("3", 9)
    template = "tasks/reports/duty_compliance.html"
    wording = {
        "title": "县领导挂点联系和对接专员履职情况通报（{期间}）",
        "addressee": "各服务联络部门，各对接专员所在单位",
        "preface": DUTY_RULES + "现将{期间}履职情况通报如下。",
        "closing": ("未达标的挂点项目，服务联络部门要及时向挂点县领导汇报，协助安排听取汇报、现场调研或协调会；"
                    "未达标的对接专员，所在单位要督促其按要求联络走访，并将履职记录及时录入管理平台。"),
        "copied_to": "县委、县人大、县政府、县政协主要领导，各挂点县领导",
    }

    def preview_period(self, today):
        return self.latest_period(today)

    def build(self, run, wording, period):
        year, span = period.year, Period.of(period.year, month=period.month)
        assignments = LeaderAssignment.objects.filter(year=year).select_related("leader", "project", "domain",
                                                                                "liaison_unit")
        one = not_met_first([a for a in assignments.filter(kind=AssignmentKind.ONE_TO_ONE).with_compliance(span)
                             if a.months_due])
        package = not_met_first([a for a in assignments.filter(kind=AssignmentKind.DOMAIN).with_compliance(span)
                                 if a.months_due])
        commissioners = not_met_first(list(LiaisonCommissioner.objects.filter(year=year).with_compliance(span)
                                           .select_related("unit").prefetch_related("projects")))
        figures = {"one_to_one": tally(one), "domain": tally(package), "commissioners": tally(commissioners)}
        context = frame_context(run, wording, {"期间": period.label(), "年度": year, "月份": f"{period.month}月"})
        parts = (("一对一挂点项目", "one_to_one", "个"), ("包干领域", "domain", "个"),
                 ("对接专员", "commissioners", "名"))
        summary = (f"{period.label()}，" + "；".join(
            f"{label}{figures[key]['due']}{n}，达标{figures[key]['met']}{n}、未达标{figures[key]['not_met']}{n}"
            for label, key, n in parts) + "。")
        context.update({"summary_html": cjk_html(summary), "one": chunked(one_to_one_rows(one)),
                        "package": chunked(domain_rows(package)), "commissioners": chunked(commissioner_rows(
                            commissioners)), "counts": figures, "month": period.month})
        lead = Domain.lead_units.through.objects.filter(domain_id__in=[a.domain_id for a in package if not a.met])
        units = ({a.liaison_unit_id for a in one if not a.met} | {c.unit_id for c in commissioners if not c.met}
                 | set(lead.values_list("unit_id", flat=True)))
        figures["not_met"] = {"one_to_one": [str(a) for a in one if not a.met],
                              "domain": [str(a) for a in package if not a.met],
                              "commissioners": [c.name for c in commissioners if not c.met]}
        return Document(self.template, context, figures={"period": period.key, **figures},
                        units=sorted(u for u in units if u), summary=summary)


def level_labels(project) -> str:
    return "、".join(str(Project._meta.get_field(name).verbose_name) for name in PLAN_LEVEL_FIELDS
                    if getattr(project, name, False)) or "—"


class SelectionProposal(Cycle):
    kind = "selection_proposal"
    period_type = periods.YEAR
    schedule = Schedule("5", 9, "1")
    template = "tasks/reports/selection_proposal.html"
    wording = {
        "title": "县领导一对一挂点联系重大项目建议名单（{期间}）",
        "addressee": "县委、县政府主要领导",
        "preface": ("根据县领导挂点联系重大项目制度，每年1月由县“项目大会战”指挥部办公室从年度重大项目中提出"
                    "县领导一对一挂点联系项目建议名单。现按年度计划投资、总投资和项目层级排序，提出{期间}建议名单"
                    "{项目数}个（已确定一对一挂点的项目和已竣工、停建项目不列入），请审定。"),
        "closing": "名单经审定后，由指挥部办公室按照每位县领导挂点联系1至3个项目的原则衔接落实，并明确服务联络部门。",
        "copied_to": "县委、县人大、县政府、县政协分管领导",
    }

    def period_for(self, day):
        return periods.of_year(day.year)

    def issue_date(self, period):
        schedule = self.current_schedule()
        month = int(schedule.months.split(",")[0])
        return datetime.date(period.year, month, int(schedule.days.split(",")[0]))

    def build(self, run, wording, period):
        candidates = list(proposal(period.year))
        table = html_rows([{
            "number": n, "name": p.name, "domain": p.domain.name, "unit": unit_name(p.responsible_unit),
            "stage": p.get_stage_display(), "total": format_wan(p.total_investment),
            "planned": format_wan(p.plan_amount), "levels": level_labels(p)}
            for n, p in enumerate(candidates, start=1)], ("name", "domain", "unit", "stage", "levels"))
        planned = sum((p.plan_amount for p in candidates), start=0)
        context = frame_context(run, wording, {"期间": period.label(), "年度": period.year,
                                               "项目数": len(candidates)})
        summary = (f"{period.label()}建议一对一挂点联系项目{len(candidates)}个，"
                   f"年度计划投资合计{format_wan(planned)}万元。")
        context.update({"summary_html": cjk_html(summary), "rows": chunked(table), "count": len(candidates)})
        return Document(self.template, context, figures={
            "period": period.key, "candidates": len(candidates), "planned": format_wan(planned),
            "top": [p.name for p in candidates[:10]],
        }, summary=summary)


def review_rows(entries) -> list[dict]:
    result = []
    for n, entry in enumerate(entries, start=1):
        a, project = entry["assignment"], entry["project"]
        figures = rows.project_row(project, 12)
        result.append({
            "number": n, "leader": a.leader.name, "post": a.leader.post or "—", "project": project.name,
            "liaison": unit_name(a.liaison_unit) or "—", "planned": figures["planned"],
            "completed": figures["completed"], "pct": figures["pct"], "gap": figures["gap"],
            "level": figures["level"], "level_label": figures["level_label"] or "—",
            "raised": project.issues_raised, "decided": project.issues_decided,
            "checked_off": project.issues_checked_off})
    return html_rows(result, ("leader", "post", "project", "liaison", "level_label"))


class YearEndReview(Cycle):
    kind = "year_end_review"
    period_type = periods.YEAR
    schedule = Schedule("15", 9, "1")
    template = "tasks/reports/year_end_review.html"
    wording = {
        "title": "县领导挂点联系重大项目年度评价（{期间}）",
        "addressee": "县委、县政府主要领导，各挂点县领导",
        "preface": ("根据县领导挂点联系重大项目制度第十一条，年终由县“项目大会战”指挥部办公室对县领导挂点联系项目的"
                    "推进情况进行评价。现将{期间}县领导一对一挂点联系的{项目数}个项目完成年度计划和协调解决问题情况报告如下。"),
        "closing": ("评价结果作为挂点项目调整和下一年度挂点安排的重要依据。"
                    "各服务联络部门要协助挂点县领导总结挂点联系工作，于1月底前将年度工作总结报送指挥部办公室。"),
        "copied_to": "县委、县人大、县政府、县政协分管领导",
    }

    def period_for(self, day):
        return periods.of_year(day.year - 1)

    def build(self, run, wording, period):
        entries = year_end_review(period.year)
        table = review_rows(entries)
        levels = {label: sum(1 for row in table if row["level"] == key) for key, label in rows.LAG_LABEL.items()}
        raised, decided = sum(row["raised"] for row in table), sum(row["decided"] for row in table)
        context = frame_context(run, wording, {"期间": period.label(), "年度": period.year, "项目数": len(table)})
        summary = (f"{period.label()}县领导一对一挂点联系项目{len(table)}个，其中进度正常{levels['正常']}个、"
                   f"滞后{levels['滞后']}个、严重滞后{levels['严重滞后']}个；全年提报协调事项{raised}个，已议定解决{decided}个。")
        context.update({"summary_html": cjk_html(summary), "rows": chunked(table), "count": len(table)})
        return Document(self.template, context, figures={
            "period": period.key, "assignments": len(table), "levels": {k: v for k, v in levels.items() if v},
            "issues_raised": raised, "issues_decided": decided,
            "projects": [{"leader": row["leader"], "project": row["project"], "pct": row["pct"]} for row in table],
        }, units=sorted({e["assignment"].liaison_unit_id for e in entries if e["assignment"].liaison_unit_id}),
            summary=summary)
