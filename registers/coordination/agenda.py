"""The proposed agenda of a meeting (附件2 三(三)): the consulted issues proposed for its tier (its
domain's, for a 领导小组会) from the collection rounds up to the meeting — those since the tier's
previous meeting, and any of an earlier round still waiting — and every item of the tier's ledger
decided before and still open (``上次议定事项落实情况``), so nothing open is forgotten between meetings.
A fixed number of queries, however long the ledger."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from registers.coordination.models import CoordinationIssue, IssueStatus, LedgerItem, Meeting


@dataclass
class Agenda:
    meeting: Meeting
    previous: Meeting | None
    issues: list  # consulted, waiting for a meeting of this tier
    scheduled: list  # already on this meeting's agenda
    open_items: list  # the tier's ledger items still open, with their escalation

    @property
    def rounds(self) -> list:
        return sorted({issue.round_date for issue in [*self.issues, *self.scheduled]})


def proposed_agenda(meeting: Meeting, user=None) -> Agenda:
    """The agenda the office proposes for ``meeting`` (within the user's rows when given)."""
    day = timezone.localtime(meeting.starts_at).date()
    issues = CoordinationIssue.objects.for_tier(meeting.tier, meeting.domain_id)
    items = LedgerItem.objects.open_before(meeting)
    if user is not None:
        issues, items = issues.for_user(user), items.for_user(user)
    issues = issues.select_related("project", "raised_by").order_by("round_date", "raised_on", "pk")
    waiting = list(issues.filter(status=IssueStatus.CONSULTED, round_date__lte=day))
    scheduled = list(issues.model.objects.filter(meetings=meeting).select_related("project", "raised_by")
                     .order_by("round_date", "raised_on", "pk")) if meeting.pk else []
    open_items = list(items.with_escalation().select_related("minutes__meeting", "project")
                      .prefetch_related("responsible_units")
                      .order_by("minutes__meeting__starts_at", "sort_order", "pk"))
    return Agenda(meeting, Meeting.objects.previous_of(meeting), waiting, scheduled, open_items)
