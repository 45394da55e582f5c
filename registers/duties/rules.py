"""The rules of the duties registers (附件3, 附件4), each a message naming the field it is about; the
admin form (model ``clean``) and the importer ask the same functions."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

MAX_ONE_TO_ONE = 3  # 附件3 第四条: each leader takes 1–3 projects a year
LIAISON_FLOOR = Decimal("10000")  # 1亿元 in 万元: a social-investment project gets a liaison commissioner
OWN_COMMISSIONER_FLOOR = Decimal("50000")  # 5亿元: one of its own
CLOSED_STAGES = ("completed", "in_use", "stopped")


def half_year(day) -> tuple[int, int]:
    return day.year, 1 if day.month <= 6 else 2


def assignment_errors(assignment, *, taken: int | None = None) -> dict[str, str]:
    """What is wrong with an assignment, by field. ``taken``: the leader's other one-to-one projects
    that year (the importer counts them in memory; else one query)."""
    from .models import AssignmentKind

    errors: dict[str, str] = {}
    if assignment.kind == AssignmentKind.ONE_TO_ONE:
        _one_to_one_errors(assignment, errors, taken)
    else:
        if not assignment.domain_id:
            errors["domain"] = "包干挂点须选择包干领域。"
        if assignment.project_id:
            errors["project"] = "包干挂点按领域包干，不选择单个项目。"
    if assignment.starts_on and assignment.ends_on and assignment.ends_on < assignment.starts_on:
        errors["ends_on"] = "截止日期不能早于起始日期。"
    for name in ("starts_on", "ends_on"):
        day = getattr(assignment, name)
        if day and assignment.year and day.year != assignment.year:
            errors[name] = f"日期须在{assignment.year}年内。"
    _change_error(assignment, errors)
    return errors


def _one_to_one_errors(assignment, errors: dict, taken: int | None) -> None:
    from .models import AssignmentKind, LeaderAssignment

    if not assignment.project_id:
        errors["project"] = "一对一挂点须选择挂点项目。"
    elif assignment.project.stage in CLOSED_STAGES and _is_new_target(assignment):
        errors["project"] = f"项目“{assignment.project}”已{assignment.project.get_stage_display()}，不再安排挂点领导。"
    if assignment.domain_id:
        errors["domain"] = "一对一挂点不选择包干领域。"
    if not assignment.liaison_unit_id:
        errors["liaison_unit"] = "一对一挂点项目须明确服务联络部门。"
    if assignment.leader_id and assignment.year and "project" not in errors:
        if taken is None:
            others = LeaderAssignment.objects.filter(leader_id=assignment.leader_id, year=assignment.year,
                                                     kind=AssignmentKind.ONE_TO_ONE).exclude(pk=assignment.pk)
            if others.filter(project_id=assignment.project_id).exists():
                errors["project"] = f"{assignment.leader}{assignment.year}年已挂点该项目。"
                return
            taken = others.count()
        if taken >= MAX_ONE_TO_ONE:
            errors["project"] = (f"{assignment.leader}{assignment.year}年已一对一挂点{taken}个项目，"
                                 f"每位县领导每年挂点1至{MAX_ONE_TO_ONE}个项目。")


def _is_new_target(assignment) -> bool:
    """A new assignment, or one moved to another project or leader (an existing one may stay)."""
    if not assignment.pk:
        return True
    before = type(assignment).objects.filter(pk=assignment.pk).values("project_id", "leader_id").first()
    return before is None or before != {"project_id": assignment.project_id, "leader_id": assignment.leader_id}


def _change_error(assignment, errors: dict) -> None:
    """第七条: an assignment is adjusted at most once in a half year; stamps the adjustment."""
    if not assignment.pk:
        return
    fields = ("leader_id", "project_id", "domain_id")
    before = type(assignment).objects.filter(pk=assignment.pk).values(*fields, "changed_on").first()
    if before is None or all(before[f] == getattr(assignment, f) for f in fields):
        return
    today = timezone.localdate()
    if before["changed_on"] and half_year(before["changed_on"]) == half_year(today):
        errors["leader"] = (f"该挂点安排已于{before['changed_on']:%Y年%-m月%-d日}调整过，"
                            "原则上每半年最多调整一次。")
        return
    assignment.changed_on = today


def commissioner_errors(commissioner, projects) -> dict[str, str]:
    """A liaison commissioner serves ≥1亿元 social-investment projects; a ≥5亿元 one only alone."""
    large = [p for p in projects if (p.total_investment or 0) >= OWN_COMMISSIONER_FLOOR]
    if large and len(projects) > 1:
        names = "、".join(p.name for p in large)
        return {"projects": f"总投资5亿元以上的项目（{names}）须有专门的对接专员，不能与其他项目共用。"}
    return {}
