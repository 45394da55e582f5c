"""The duties registers' querysets: row scopes, and **compliance, defined once** (附件3 第八条,
附件4): for a period (a year's months ``first``–``last``),

* one-to-one: ``report_months`` (months with a 听取汇报) and ``site_visits`` (现场调研 in the period);
  met when every month due has a report and every whole quarter the assignment covers had a visit
  (``visit_quarters`` = ``required_visits``; a single month asks for no visit);
* 包干: ``meeting_months`` (months with a 协调会 in the log, or a 领导小组会 of the domain held in the
  coordination register); met when every month due has one;
* liaison commissioners: ``call_weeks`` (ISO weeks with a 电话联络 — a week belongs to the month of its
  Thursday) and ``visit_months`` (months with a 现场走访); met when every week and month due has one.

An activity counts only for its own kind and only inside the period; the months (weeks) before an
assignment starts (or after it ends) are not due. Each figure is an annotation built from one
``Exists`` per month or week, so a listing, an export and a report cycle read the same numbers in a
fixed number of queries.
"""

from __future__ import annotations

import datetime

from django.db.models import BooleanField, Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When

from registers.core.periods import Period
from registers.core.scopes import GROUP_LEADER, ScopedQuerySet, StaffQuerySet, groups_of, membership_of


def _due(start: datetime.date, end: datetime.date) -> Q:
    """The assignment (outer row) covers the span: it started by its end and had not ended before its start."""
    return ((Q(starts_on__isnull=True) | Q(starts_on__lte=end)) & (Q(ends_on__isnull=True) | Q(ends_on__gte=start)))


def _covers(start: datetime.date, end: datetime.date) -> Q:
    """The assignment (outer row) covers the whole span (a quarter, for its visit)."""
    return ((Q(starts_on__isnull=True) | Q(starts_on__lte=start)) & (Q(ends_on__isnull=True) | Q(ends_on__gte=end)))


def _sum(spans, condition):
    """Σ over the spans (months or weeks) of 1 where ``condition(start, end)`` holds for the row."""
    total = None
    for a, b in spans:
        term = Case(When(condition(a, b), then=Value(1)), default=Value(0), output_field=IntegerField())
        total = term if total is None else total + term
    return total


class LeaderQuerySet(StaffQuerySet):
    pass


def leader_name_of(user) -> str:
    """The county leader a user of the 县领导 group is (``UnitMembership.leader_name``), or ""."""
    membership = membership_of(user)
    return membership.leader_name.strip() if membership and GROUP_LEADER in groups_of(user) else ""


class AssignmentQuerySet(ScopedQuerySet):
    def scoped_to(self, user):
        """A county leader: their own; a lead unit: its domains' (projects and 包干); a unit: its
        projects' and those it serves as liaison unit."""
        from registers.core.scopes import user_unit_id
        from registers.models import Project

        condition = Q(project__in=Project.objects.for_user(user).values("pk"))
        from registers.projects.scopes import whole_domain_ids

        unit_id = user_unit_id(user)
        if unit_id:
            condition |= Q(liaison_unit_id=unit_id)
        condition |= Q(domain__in=whole_domain_ids(user) or set())  # a lead unit's domains (包干)
        if name := leader_name_of(user):
            condition |= Q(leader__name=name)
        return self.filter(pk__in=self.model.objects.filter(condition).values("pk"))

    def in_force(self, start: datetime.date, end: datetime.date):
        """The assignments that cover any of ``start``–``end`` (the rule ``with_compliance`` counts by)."""
        return self.filter(_due(start, end))

    def with_compliance(self, period: Period):
        """``months_due``, ``report_months``, ``site_visits``, ``required_visits``, ``visit_quarters``,
        ``meeting_months``, ``met``."""
        from registers.models import Meeting, MeetingTier

        from .models import ActivityKind, AssignmentKind, LeaderActivity

        def logged(kind):
            return lambda a, b: Exists(LeaderActivity.objects.filter(assignment=OuterRef("pk"), kind=kind,
                                                                     date__gte=a, date__lte=b))

        def group_meeting(a, b):
            return Exists(Meeting.objects.held().filter(tier=MeetingTier.GROUP, domain_id=OuterRef("domain_id"),
                                                        starts_at__date__gte=a, starts_at__date__lte=b))

        while_due = ((Q(starts_on__isnull=True) | Q(activities__date__gte=F("starts_on")))
                     & (Q(ends_on__isnull=True) | Q(activities__date__lte=F("ends_on"))))
        visits = Count("activities", filter=Q(activities__kind=ActivityKind.VISIT, activities__date__gte=period.start,
                                             activities__date__lte=period.end) & while_due)
        months, quarters = period.months, period.quarters
        visited = logged(ActivityKind.VISIT)
        one = Q(kind=AssignmentKind.ONE_TO_ONE)
        return self.annotate(
            months_due=_sum(months, _due),
            report_months=_sum(months, lambda a, b: _due(a, b) & logged(ActivityKind.REPORT)(a, b)),
            meeting_months=_sum(months, lambda a, b: _due(a, b) & (logged(ActivityKind.MEETING)(a, b)
                                                                   | group_meeting(a, b))),
            site_visits=visits,
            required_visits=_sum(quarters, _covers) if quarters else Value(0, output_field=IntegerField()),
            visit_quarters=(_sum(quarters, lambda a, b: _covers(a, b) & visited(a, b)) if quarters
                            else Value(0, output_field=IntegerField())),
        ).annotate(
            met=Case(
                When(one & Q(report_months=F("months_due"), visit_quarters=F("required_visits")), then=Value(True)),
                When(~one & Q(meeting_months=F("months_due")), then=Value(True)),
                default=Value(False), output_field=BooleanField()),
        )


class ActivityQuerySet(ScopedQuerySet):
    def scoped_to(self, user):
        from .models import LeaderAssignment

        return self.filter(assignment__in=LeaderAssignment.objects.for_user(user).values("pk"))


class CommissionerQuerySet(ScopedQuerySet):
    def scoped_to(self, user):
        """A unit: its own commissioners and those of its projects."""
        from registers.core.scopes import user_unit_id
        from registers.models import Project

        unit_id = user_unit_id(user)
        condition = Q(projects__in=Project.objects.for_user(user).values("pk"))
        if unit_id:
            condition |= Q(unit_id=unit_id)
        return self.filter(pk__in=self.model.objects.filter(condition).values("pk"))

    def with_compliance(self, period: Period):
        """``weeks_due``, ``call_weeks``, ``months_due``, ``visit_months``, ``met`` (a commissioner has no
        start date: every week and month of the period is due)."""
        from .models import CommissionerDuty, DutyKind

        def logged(kind):
            return lambda a, b: Exists(CommissionerDuty.objects.filter(commissioner=OuterRef("pk"), kind=kind,
                                                                       date__gte=a, date__lte=b))

        weeks, months = period.weeks, period.months
        return self.annotate(
            weeks_due=Value(len(weeks), output_field=IntegerField()),
            call_weeks=_sum(weeks, logged(DutyKind.CALL)),
            months_due=Value(len(months), output_field=IntegerField()),
            visit_months=_sum(months, logged(DutyKind.VISIT)),
        ).annotate(
            met=Case(When(Q(call_weeks=F("weeks_due"), visit_months=F("months_due")), then=Value(True)),
                     default=Value(False), output_field=BooleanField()),
        )


class DutyQuerySet(ScopedQuerySet):
    def scoped_to(self, user):
        from .models import LiaisonCommissioner

        return self.filter(commissioner__in=LiaisonCommissioner.objects.for_user(user).values("pk"))


def liaison_projects(year: int):
    """附件4: the year's projects with ≥1亿元 of social investment, which need a liaison commissioner."""
    from registers.models import Project

    from .rules import CLOSED_STAGES, LIAISON_FLOOR

    return Project.objects.in_year(year).filter(social_investment__gte=LIAISON_FLOOR).exclude(stage__in=CLOSED_STAGES)
