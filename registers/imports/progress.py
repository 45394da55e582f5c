"""The month's progress of a row (from a project or a progress sheet): the year-to-date amount
through the progress rule (``registers.projects.rules.ytd_errors``), the verified-month rule and
the above-plan / above-total flags; and what a progress sheet repeats of the project and its plan,
compared with the register instead of written. The row itself is checked in
``registers.imports.projects``."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from registers.imports.fields import _PROGRESS_FIELDS, _column, _label, _shown
from registers.projects.rules import above_plan, above_total, is_preliminary, verified_change, ytd_errors
from registers.sheets.columns import label

if TYPE_CHECKING:
    from registers.imports.projects import _RowCheck

PROGRESS_TEXT = {"image_progress": "image_progress", "problems": "problems"}
# Project fields a progress sheet may repeat (compared with the register, never written by it).
_COMPARED = ("domain_id", "nature", "townships", "is_countywide", "location", "scale_content", "start_year", "end_year",
             "total_investment", "government_investment", "social_investment", "owner_name",
             "responsible_unit_id", "contact_leaders", "remarks")


def _compare_project(row: _RowCheck) -> None:
    """A progress sheet writes progress (and a missing plan) only; project columns it repeats
    are compared with the register, never written."""
    fields, current = row.fields, row.current
    for k in _COMPARED:
        if k in fields and current.get(k) != fields[k]:
            row.result.warn(f"表中{_label(k)} {_shown(row.index, k, fields[k])} 与台账 "
                            f"{_shown(row.index, k, current.get(k))} 不一致，未修改台账。", _column(row.sheet, k),
                            "differs_from_register")


def _compare_plan(row: _RowCheck) -> None:
    """The plan amounts of a progress sheet, compared with the plan the register has."""
    existing_plan = row.existing_plan
    for k, amount in (("planned_investment", row.planned), ("prior_cumulative", row.prior)):
        if amount is not None and amount != existing_plan[k]:
            column = "annual_plan" if k == "planned_investment" else "prior_cumulative"
            row.result.warn(f"表中{label('projects', column)} {_shown(row.index, k, amount)} 与台账 "
                            f"{_shown(row.index, k, existing_plan[k])} 不一致，未修改台账。", row.col(column),
                            "differs_from_register")


def _check_progress(row: _RowCheck) -> None:
    """The month's year-to-date progress: the progress rule against the months around it, what
    changes, the verified-month rule, the model's field rules, and the above-plan/total flags."""
    ytd, month = row.ytd, row.month
    if ytd is None or not month:
        return
    months = row.index.progress.get(row.project_id, {}) if row.project_id else {}
    existing = months.get(month)
    _progress_rule(row, months)
    progress = {"completed_ytd": ytd}
    for column, model_field in PROGRESS_TEXT.items():
        if row.has(column):
            progress[model_field] = row.text(column)
    if existing is None or any(existing.get(k) != v for k, v in progress.items()):
        row.progress_changes = progress
        row.result.changes.append(f"{month}月进展")
    # A verified month: changed only by a verifier, and then back to submitted (nothing to say of
    # any other month, so the rule is asked of a changed verified month only).
    message, row.progress_reset = "", {}
    if existing is not None and existing["status"] == "verified" and row.progress_changes is not None:
        message, row.progress_reset = verified_change(
            verified=True, changed=True, may_verify=row.index.may_verify(row.merged.get("domain_id")))
    if message:
        row.result.error(message, row.col("completed_ytd"), "verified")
    for field_name, messages in _PROGRESS_FIELDS.errors({"year": row.year, "month": month, **progress}).items():
        for message in messages:
            row.result.error(message, _column(row.sheet, field_name) if field_name in ("year", "month")
                             else row.col("completed_ytd"), "invalid")
    _flag_above(row)


def _progress_rule(row: _RowCheck, months: dict[int, dict]) -> None:
    """``ytd_errors``, the one progress rule (also the admin form's), with the months before and
    after this one and the import's day."""
    month, merged = row.month, row.merged
    previous = max((m for m in months if m < month), default=None)
    following = min((m for m in months if m > month), default=None)
    rule = ytd_errors(
        year=row.year, month=month, ytd=row.ytd, start_year=merged.get("start_year"), end_year=merged.get("end_year"),
        preliminary=is_preliminary(merged.get("nature"), merged.get("stage")),
        previous_ytd=months[previous]["completed_ytd"] if previous else None,
        next_ytd=months[following]["completed_ytd"] if following else None,
        today=row.index.today,
    )
    for field_name, message in rule.items():
        row.result.error(message, _column(row.sheet, field_name), "rule")


def _flag_above(row: _RowCheck) -> None:
    """Above the year's plan (the register's for a progress sheet) or the total investment:
    accepted with a warning."""
    ytd, existing_plan, planned = row.ytd, row.existing_plan, row.planned
    plan_value = (existing_plan or {}).get("planned_investment") if row.kind == "progress" and existing_plan \
        else planned if planned is not None else (existing_plan or {}).get("planned_investment")
    if above_plan(ytd, plan_value):
        ratio = (ytd / plan_value * 100).quantize(Decimal("0.1"))
        row.result.warn(f"累计完成投资{ytd.normalize():f}超过年度计划{plan_value.normalize():f}（{ratio}%），已接受，请核实。",
                        row.col("completed_ytd"), "above_plan")
    total_value = row.merged.get("total_investment")
    if above_total(ytd, total_value):
        row.result.warn(f"累计完成投资{ytd.normalize():f}超过项目总投资{total_value.normalize():f}，已接受，请核实总投资。",
                        row.col("completed_ytd"), "above_total")
