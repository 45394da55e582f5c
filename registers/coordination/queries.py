"""The coordination registers' querysets: row scopes, and the one rule of the ledger.

**Escalation** (附件2 四(三)): a decided item is reviewed by every later meeting of its tier (the same
domain for a 领导小组会) that was held while the item was open. One review → 说明原因 (its unit
explains at the next meeting); two or more → 通报批评. ``reviews_of`` says which meetings review
an item; ``LedgerItemQuerySet.with_escalation`` counts them as an annotation, so the listing, the
exports, the agenda and the report cycles read the same figure. Overdue (past the deadline while
open) is a separate annotation: it is not an escalation level.
"""

from __future__ import annotations

import datetime

from django.db.models import (
    Case,
    CharField,
    DateField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from registers.core.scopes import ScopedQuerySet, user_unit_id

FAR_FUTURE = datetime.date(9999, 12, 31)


class SubqueryCount(Subquery):
    """COUNT(*) of a subquery's rows, as an integer annotation."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


def _projects_of(user):
    from registers.models import Project

    return Project.objects.for_user(user).values("pk")


def _led_domains(user) -> set[int]:
    """The domains the user's unit leads (``projects.scopes.whole_domain_ids``): its group meetings
    and their ledger. Only called outside the HQ office, so never "all"."""
    from registers.projects.scopes import whole_domain_ids

    return whole_domain_ids(user) or set()


def of_tier(tier, domain_id, tier_field: str = "tier", domain_field: str = "domain_id") -> Q:
    """Rows of a meeting tier; for a 领导小组会, of its domain too (the other tiers are county-wide).
    ``tier`` and ``domain_id`` are values or ``OuterRef`` expressions: the one tier rule of the agenda,
    the escalation, the reminders and the calendars."""
    from .models import MeetingTier

    return Q(**{tier_field: tier}) & (Q(**{domain_field: domain_id}) | ~Q(**{tier_field: MeetingTier.GROUP}))


class IssueQuerySet(ScopedQuerySet):
    def scoped_to(self, user):
        """A unit: the issues of its projects and those it raised; a lead unit: its domains' too."""
        unit_id = user_unit_id(user)
        condition = Q(project__in=_projects_of(user))
        if unit_id:
            condition |= Q(raised_by_id=unit_id)
        return self.filter(condition)

    def in_rounds(self, rounds):
        return self.filter(round_date__in=list(rounds))

    def of_month(self, year: int, month: int):
        from registers.core.periods import rounds_in_month

        return self.in_rounds(rounds_in_month(year, month))

    def for_tier(self, tier: str, domain_id: int | None = None):
        """Issues proposed for a tier (and, for a 领导小组会, the domain's projects)."""
        return self.filter(of_tier(tier, domain_id, "proposed_tier", "project__domain_id"))


class MeetingQuerySet(ScopedQuerySet):
    def scoped_to(self, user):
        """A lead unit: its domains' group meetings; any unit: meetings it attends or that have its
        issues on the agenda."""
        from .models import CoordinationIssue

        unit_id = user_unit_id(user)
        condition = Q(domain__in=_led_domains(user))
        condition |= Q(issues__in=CoordinationIssue.objects.for_user(user).values("pk"))
        if unit_id:
            condition |= Q(units=unit_id)
        return self.filter(pk__in=self.model.objects.filter(condition).values("pk"))

    def held(self):
        from .models import HELD_STATES

        return self.filter(state__in=HELD_STATES)

    def of_tier(self, tier: str, domain_id: int | None = None):
        return self.filter(of_tier(tier, domain_id))

    def previous_of(self, meeting):
        """The same tier's (and domain's) last meeting held before ``meeting``."""
        return (self.of_tier(meeting.tier, meeting.domain_id).held().filter(starts_at__lt=meeting.starts_at)
                .exclude(pk=meeting.pk).order_by("-starts_at").first())


class MinutesQuerySet(ScopedQuerySet):
    def scoped_to(self, user):
        from .models import Meeting

        return self.filter(meeting__in=Meeting.objects.for_user(user).values("pk"))


def reviews_of(tier, domain_id, decided_at, checked_off_on):
    """The meetings that review a ledger item while it is open: the later held meetings of its tier
    (its domain's, for a 领导小组会) before it was checked off. The arguments are values for one
    item or ``OuterRef`` expressions for an annotation: the one rule both use."""
    from .models import Meeting

    before_check_off = Q(starts_at__date__lt=Coalesce(checked_off_on, Value(FAR_FUTURE), output_field=DateField()))
    return Meeting.objects.held().filter(of_tier(tier, domain_id), before_check_off, starts_at__gt=decided_at)


class LedgerItemQuerySet(ScopedQuerySet):
    def scoped_to(self, user):
        """A unit: the items it is responsible for and those of its projects; a lead unit: also its
        domains' group meetings' items."""
        unit_id = user_unit_id(user)
        condition = Q(project__in=_projects_of(user)) | Q(minutes__meeting__domain__in=_led_domains(user))
        if unit_id:
            condition |= Q(responsible_units=unit_id)
        return self.filter(pk__in=self.model.objects.filter(condition).values("pk"))

    def with_escalation(self, today: datetime.date | None = None):
        """``review_count`` (审议次数), ``escalation`` (—/说明原因/通报批评) and ``overdue``."""
        from .models import Escalation, LedgerStatus

        today = today or timezone.localdate()
        reviews = reviews_of(OuterRef("minutes__meeting__tier"), OuterRef("minutes__meeting__domain_id"),
                             OuterRef("minutes__meeting__starts_at"), OuterRef("checked_off_on"))
        is_open = Q(status=LedgerStatus.OPEN)
        return self.annotate(
            review_count=SubqueryCount(reviews.values("pk")),
        ).annotate(
            escalation=Case(
                When(is_open & Q(review_count__gte=2), then=Value(Escalation.CRITICISM.value)),
                When(is_open & Q(review_count=1), then=Value(Escalation.EXPLAIN.value)),
                default=Value(Escalation.NONE.value), output_field=CharField(),
            ),
            overdue=Case(When(is_open & Q(deadline__lt=today), then=Value(True)), default=Value(False)),
        )

    def open(self):
        from .models import LedgerStatus

        return self.filter(status=LedgerStatus.OPEN)

    def of_tier(self, tier: str, domain_id: int | None = None):
        return self.filter(of_tier(tier, domain_id, "minutes__meeting__tier", "minutes__meeting__domain_id"))

    def open_before(self, meeting):
        """``上次议定事项落实情况``: the tier's items decided before ``meeting`` and open now."""
        return self.of_tier(meeting.tier, meeting.domain_id).open().filter(
            minutes__meeting__starts_at__lt=meeting.starts_at)

    def escalated(self, level: str):
        return self.with_escalation().filter(escalation=level)



class NoticeQuerySet(ScopedQuerySet):
    def scoped_to(self, user):
        unit_id = user_unit_id(user)
        return self.filter(unit_id=unit_id) if unit_id else self.none()
