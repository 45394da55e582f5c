"""The warning letters (三(三) 每月对进展滞后的项目下发预警提示函): one numbered letter a month to each
responsible unit with lagging (yellow or red) projects, listing them with their figures, the colour
and the rule that put them there, a reply deadline, and copied to the projects' contact leaders."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone

from registers.models import Project
from registers.projects.figures import gap_points
from snippets.models import Unit
from tasks import periods
from tasks.document import chunked, fill, frame_context, lines
from tasks.pdf import cjk_html

from . import projects as rows
from .base import UNIT, Cycle, Document, Schedule, Scope

COLOUR = {"red": "红色", "yellow": "黄色"}
NAME_SEPARATORS = re.compile(r"[\s、,，;；/]+")


def lagging_figures(year: int, month: int):
    """The month's lagging projects of the year's register, as the query layer annotates them."""
    return Project.objects.in_year(year).with_figures(year, month).lagging()


def rule_text(level: str) -> str:
    return rows.lag_rule(level)


def letter_rows(figures, month: int) -> list[dict]:
    """The unit's lagging projects, red first then yellow (worst first), numbered, each with its
    colour, 序时进度, gap in points and the rule that put it there."""
    result = []
    for level in ("red", "yellow"):
        for project in (figures.filter(lag_level=level).select_related("domain", "responsible_unit")
                        .order_by("pct_of_plan", "pk")):
            gap = gap_points(project.pct_of_plan, month)
            result.append({
                **rows.project_row(project, month), "pk": project.pk, "number": len(result) + 1,
                "colour": COLOUR[level], "colour_html": cjk_html(COLOUR[level]), "elapsed": rows.elapsed(month),
                "gap_points": "—" if gap is None else f"{gap}", "rule": rule_text(level),
                "rule_html": cjk_html(rule_text(level)),
            })
    return result


def contact_leaders(project_ids: list[int], year: int, period: periods.ReportPeriod) -> list[str]:
    """The county leaders of the projects (抄送): the leader of each one-to-one LeaderAssignment of the
    year covering the month, then any name of ``Project.contact_leaders`` not yet named."""
    from registers.duties.models import AssignmentKind, LeaderAssignment

    assigned = (LeaderAssignment.objects.in_force(period.span.start, period.end)
                .filter(project_id__in=project_ids, year=year, kind=AssignmentKind.ONE_TO_ONE)
                .order_by("leader__sort_order", "leader__pk").values_list("leader__name", flat=True))
    texts = Project.objects.filter(pk__in=project_ids).order_by("pk").values_list("contact_leaders", flat=True)
    names = [*assigned, *(name for text in texts for name in NAME_SEPARATORS.split(text or "") if name)]
    return list(dict.fromkeys(names))


def leader_emails(names: list[str]) -> list[str]:
    """The addresses of the county-leader users whose leader name is one of ``names``."""
    from registers.core.models import UnitMembership
    from registers.core.scopes import GROUP_LEADER

    if not names:
        return []
    return sorted(set(UnitMembership.objects.filter(user__is_active=True, user__groups__name=GROUP_LEADER,
                                                    leader_name__in=names)
                      .exclude(user__email="").values_list("user__email", flat=True)))


class WarningLetters(Cycle):
    kind = "warning_letters"
    period_type = periods.MONTH
    schedule = Schedule("7", 9)
    template = "tasks/reports/warning_letters.html"
    wording = {
        "title": "关于{单位}重大项目进度滞后的预警提示函",
        "addressee": "{单位全称}",
        "preface": ("根据“项目大会战”定期调度机制，经对{期间}全县重大项目推进情况进行调度，你单位作为责任单位的"
                    "{项目数}个项目完成投资进度滞后于序时进度（{序时进度}），现予以预警提示。"),
        "closing": ("请你单位高度重视，认真分析项目滞后原因，逐个制定整改措施，明确责任人和完成时限，"
                    "倒排工期、挂图作战，确保项目尽快赶上序时进度。"),
        "copied_to": "县“项目大会战”指挥部总指挥、副总指挥",
    }

    def scopes(self, period):
        lagging = lagging_figures(period.year, period.figures_month)
        units = lagging.order_by().values_list("responsible_unit_id", flat=True).distinct()
        ordered = Unit.objects.filter(pk__in=list(units)).order_by("sort_order", "pk").values_list("pk", flat=True)
        return [Scope(UNIT, unit_id=pk) for pk in ordered]

    def build(self, run, wording, period):
        year, month = period.year, period.figures_month
        unit = self.addressed_unit(run, period)
        figures = lagging_figures(year, month).filter(responsible_unit=unit)
        letter = letter_rows(figures, month)
        if not letter and run.pk is not None:
            raise ValueError(f"{rows.unit_name(unit)}{period.label()}没有进度滞后的项目，无需下发预警提示函。")
        red = [row for row in letter if row["level"] == "red"]
        yellow = [row for row in letter if row["level"] == "yellow"]
        reply_by = (run.issued_on or timezone.localdate()) + datetime.timedelta(days=wording.reply_days)
        leaders = contact_leaders([row["pk"] for row in letter], year, period)
        values = {
            "单位": rows.unit_name(unit), "单位全称": unit.name, "期间": period.cumulative_label(),
            "月份": f"{month}月", "年度": year, "序时进度": rows.elapsed(month), "项目数": len(letter),
            "回复期限": f"{reply_by.month}月{reply_by.day}日",
        }
        context = frame_context(run, wording, values)
        if not context["addressee_html"]:
            context["addressee_html"] = cjk_html(unit.name)
        copied = "，".join(part for part in (lines(fill(wording.copied_to, values)),
                                             "挂点县领导" + "、".join(leaders) if leaders else "") if part)
        summary = (f"你单位{len(letter)}个项目进度滞后（严重滞后{len(red)}个、滞后{len(yellow)}个），"
                   f"请于{reply_by.month}月{reply_by.day}日前书面回复整改措施。")
        context.update({
            "copied_to_html": cjk_html(copied),
            "summary_html": cjk_html(self.summary_text(letter, red, yellow, month)),
            "rows": chunked(letter), "count": len(letter), "months_label": period.cumulative_months(),
            "rules": [{"colour_html": cjk_html(COLOUR[level]), "rule_html": cjk_html(rule_text(level))}
                      for level in ("red", "yellow")],
            "reply_html": cjk_html(f"请于{reply_by.month}月{reply_by.day}日前书面回复整改措施"
                                   f"（报县“项目大会战”指挥部办公室）。"),
        })
        return Document(self.template, context, figures={
            "period": period.key, "scope": run.scope_key, "unit": unit.name, "projects": len(letter),
            "red": len(red), "yellow": len(yellow), "red_projects": [row["name"] for row in red],
            "yellow_projects": [row["name"] for row in yellow], "reply_by": reply_by.isoformat(),
            "copied_leaders": leaders,
        }, units=[unit.pk], emails=leader_emails(leaders), summary=summary)

    def addressed_unit(self, run, period) -> Unit:
        """The run's unit; a preview (a run with no unit) shows the first unit with a letter."""
        if run.unit_id:
            return run.unit
        scopes = self.scopes(period)
        if scopes:
            return Unit.objects.get(pk=scopes[0].unit_id)
        return Unit.objects.order_by("sort_order", "pk").first()

    @staticmethod
    def summary_text(letter, red, yellow, month) -> str:
        text = f"截至{month}月底，上述项目中严重滞后（红色预警）{len(red)}个、滞后（黄色预警）{len(yellow)}个"
        if letter:
            worst = letter[0]
            text += (f"；滞后最多的是{worst['name']}，完成年度计划的{worst['pct']}，"
                     f"落后序时进度{worst['gap_points']}个百分点")
        return text + "。具体情况如下："


__all__ = ["WarningLetters"]
