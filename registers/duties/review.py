"""What the report cycles and the HQ office read about the duties, from the query layer only:

* ``proposal(year)`` (附件3 第五条、第六条): the candidate projects for one-to-one contact in January —
  this year's plan, not completed, ranked by investment, then by the plan levels they carry;
* ``year_end_review(year)`` (第十一条): per assignment, the year's progress against plan
  (``ProjectQuerySet.with_figures``) and the coordination issues raised and solved for its project.
"""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, Q, Value, When

from registers.coordination.models import IssueStatus
from registers.duties.models import AssignmentKind, LeaderAssignment
from registers.duties.rules import CLOSED_STAGES


def proposal(year: int, limit: int = 60):
    """Candidate projects not yet taken one-to-one this year, ranked (a queryset with ``levels``)."""
    from registers.models import Project
    from registers.projects.models.project import PLAN_LEVEL_FIELDS

    levels = _flag(PLAN_LEVEL_FIELDS[0])
    for name in PLAN_LEVEL_FIELDS[1:]:
        levels = levels + _flag(name)
    taken = LeaderAssignment.objects.filter(year=year, kind=AssignmentKind.ONE_TO_ONE).values("project_id")
    return (Project.objects.in_year(year).exclude(stage__in=CLOSED_STAGES).exclude(pk__in=taken)
            .with_figures(year, 12).annotate(levels=levels).select_related("domain", "responsible_unit")
            .order_by("-plan_amount", "-total_investment", "-levels", "name")[:limit])


def _flag(name: str):
    return Case(When(**{name: True}, then=Value(1)), default=Value(0), output_field=IntegerField())


def year_end_review(year: int, user=None) -> list[dict]:
    """Per one-to-one assignment of ``year``: the project's plan, completed, % and lag at December
    (or the latest counted month), and its coordination issues raised and solved that year."""
    from registers.models import Project

    assignments = LeaderAssignment.objects.filter(year=year, kind=AssignmentKind.ONE_TO_ONE)
    if user is not None:
        assignments = assignments.for_user(user)
    assignments = list(assignments.select_related("leader", "liaison_unit"))
    solved = Q(coordination_issues__status__in=[IssueStatus.DECIDED, IssueStatus.CHECKED_OFF])
    in_year = Q(coordination_issues__round_date__year=year)
    projects = {p.pk: p for p in Project.objects.filter(pk__in=[a.project_id for a in assignments])
                .with_figures(year, 12).annotate(
                    issues_raised=Count("coordination_issues", filter=in_year, distinct=True),
                    issues_checked_off=Count("coordination_issues", filter=in_year & Q(
                        coordination_issues__status=IssueStatus.CHECKED_OFF), distinct=True),
                    issues_decided=Count("coordination_issues", filter=in_year & solved, distinct=True))}
    return [{"assignment": a, "project": projects[a.project_id]} for a in assignments if a.project_id in projects]
