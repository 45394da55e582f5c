"""Validation rules of monthly progress, shared by the admin form and the importer."""

import datetime
from decimal import Decimal

from django.utils import timezone


def year_error(year: int | None, start_year: int | None, end_year: int | None, preliminary: bool = False) -> str:
    """A plan or a month must fall in the project's construction years; a project still in its
    preliminary phase (前期/储备) may also spend in the years before construction starts."""
    if not (year and start_year and end_year):
        return ""
    if year > end_year or (year < start_year and not preliminary):
        return f"{year}年不在项目建设年限 {start_year}-{end_year} 之内。"
    return ""


def years_order_error(start_year: int | None, end_year: int | None) -> dict[str, str]:
    """A project cannot end before it starts (``Project.clean`` and the importer). {field: message}."""
    if start_year and end_year and end_year < start_year:
        return {"end_year": "完工年份不能早于开工年份。"}
    return {}


def is_preliminary(nature: str | None, stage: str | None) -> bool:
    return nature == "preliminary" or stage in ("reserve", "preliminary")


def ytd_errors(
    *, year: int, month: int, ytd: Decimal | None, start_year: int | None, end_year: int | None,
    previous_ytd: Decimal | None, next_ytd: Decimal | None, preliminary: bool = False,
    today: datetime.date | None = None,
) -> dict[str, str]:
    """The rule, on plain values: no negative money, no month outside the project's years, no
    month still to come, year-to-date never decreasing within a year. Returns {field: message}."""
    errors: dict[str, str] = {}
    today = today or timezone.localdate()
    if year and month and 1 <= month <= 12 and (year, month) > (today.year, today.month):
        errors["month"] = f"{year}年{month}月尚未到来，不能填报。"
    if ytd is not None and ytd < 0:
        errors["completed_ytd"] = f"完成投资不能为负数（{ytd}）。"
    if month is not None and not 1 <= month <= 12:
        errors["month"] = f"月份须在1-12之间（{month}）。"
    if message := year_error(year, start_year, end_year, preliminary):
        errors["year"] = message
    if ytd is not None and "completed_ytd" not in errors:
        if previous_ytd is not None and ytd < previous_ytd:
            errors["completed_ytd"] = f"累计完成投资 {ytd} 小于上月累计 {previous_ytd}，年内累计数不能减少。"
        elif next_ytd is not None and ytd > next_ytd:
            errors["completed_ytd"] = f"累计完成投资 {ytd} 大于下月已报累计 {next_ytd}，年内累计数不能减少。"
    return errors


def progress_errors(progress) -> dict[str, str]:
    """The rule applied to a MonthlyProgress instance, reading its neighbours from the database."""
    from registers.models import MonthlyProgress

    if not progress.project_id or not progress.year or not progress.month:
        return {}
    siblings = MonthlyProgress.objects.filter(project_id=progress.project_id, year=progress.year).exclude(
        pk=progress.pk
    )
    previous = (
        siblings.filter(month__lt=progress.month).order_by("-month").values_list("completed_ytd", flat=True).first()
    )
    following = (
        siblings.filter(month__gt=progress.month).order_by("month").values_list("completed_ytd", flat=True).first()
    )
    project = progress.project
    return ytd_errors(
        year=progress.year, month=progress.month, ytd=progress.completed_ytd,
        start_year=project.start_year, end_year=project.end_year,
        previous_ytd=previous, next_ytd=following, preliminary=is_preliminary(project.nature, project.stage),
    )


def verified_change(*, verified: bool, changed: bool, may_verify: bool) -> tuple[str, dict]:
    """The workflow's edit rule for a verified (已审核) month, on plain values (the importer's form
    of ``PROGRESS_WORKFLOW.edit_outcome``). ``may_verify`` is ``scopes.can_verify(user, project)``.
    Returns (error, reset): a change by anyone else is an error; a change by a verifier resets the
    month to submitted and clears who verified it and when; otherwise neither."""
    from registers.projects.models.choices import ProgressStatus
    from registers.projects.workflow import PROGRESS_WORKFLOW

    rule = PROGRESS_WORKFLOW.edit_rule(ProgressStatus.VERIFIED)
    if not (verified and changed):
        return "", {}
    if not may_verify:
        return rule.error, {}
    return "", {"status": str(rule.reset_to), **rule.reset}


def above_plan(ytd: Decimal | None, planned: Decimal | None) -> bool:
    """Completed (year-to-date) above the year's plan: only against a positive plan. The in-Python
    definition; ``over_plan`` of ``queries.ProjectQuerySet.with_figures`` and
    ``queries.MonthlyProgressQuerySet.with_plan`` is its database twin (``plan_amount > 0 AND ytd > plan_amount``)."""
    return ytd is not None and planned is not None and planned > 0 and ytd > planned


def above_total(ytd: Decimal | None, total_investment: Decimal | None) -> bool:
    """Completed this year above the project's whole total investment: accepted but flagged, like
    ``above_plan`` (bureaus' sheets carry such rows while a revised total is pending)."""
    return ytd is not None and bool(total_investment) and ytd > total_investment
