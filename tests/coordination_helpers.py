"""Coordination rows for tests: meetings, minutes with decided items, consulted issues."""

import datetime
import zoneinfo

from registers.models import CoordinationIssue, IssueStatus, LedgerItem, Meeting, MeetingState, MeetingTier, Minutes
from tests.registers_factories import unit

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def make_issue(project, unit_name="东山镇", day=datetime.date(2022, 6, 17), *, status=IssueStatus.RAISED,
               tier=MeetingTier.JOINT, **fields) -> CoordinationIssue:
    fields.setdefault("problem", "征地拆迁：尚有3户未签约")
    fields.setdefault("request", "请县自然资源局加快用地报批")
    if status != IssueStatus.RAISED:
        fields.setdefault("opinion", "由县自然资源局牵头办理")
    return CoordinationIssue.objects.create(project=project, raised_by=unit(unit_name), raised_on=day,
                                            proposed_tier=tier, status=status, **fields)


def make_meeting(day, tier=MeetingTier.JOINT, *, state=MeetingState.HELD, domain=None, title=None, **fields):
    title = title or f"{day:%-m月}部门联席会"
    return Meeting.objects.create(tier=tier, domain=domain, title=title, starts_at=at(day), state=state, **fields)


def decide(meeting, texts, *, project=None, issue=None, units=("县自然资源局",), deadline=None, serial=1):
    """Minutes of ``meeting`` deciding ``texts`` (one ledger item each)."""
    minutes = Minutes.objects.create(meeting=meeting, year=meeting.starts_at.year, serial=serial,
                                     issued_on=meeting.starts_at.date(), body="一、会议议定事项\n会议研究了有关问题。")
    items = []
    for position, text in enumerate(texts):
        item = LedgerItem.objects.create(minutes=minutes, sort_order=position, text=text, issue=issue,
                                         project=project or (issue.project if issue else None), deadline=deadline)
        item.responsible_units.set([unit(name) for name in units])
        item.save()
        items.append(item)
    return minutes, items
