"""iCalendar feeds of coordination meetings (RFC 5545), for a user's private subscription address.

``feed_meetings`` picks the meetings (always within the user's scope); ``meetings_feed`` writes
them: one VEVENT a meeting, with a UID that never changes and the meeting's ``sequence`` (bumped
on save when its time, place, title or state changes), so a calendar client updates the event it
already has instead of adding another. Times are written in Asia/Shanghai with its VTIMEZONE.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Callable, Iterable

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

import icalendar

from registers.coordination.queries import of_tier
from registers.models import CoordinationIssue, LedgerItem, LedgerStatus, Meeting, MeetingState

TZ_NAME = "Asia/Shanghai"
TZ = zoneinfo.ZoneInfo(TZ_NAME)
PRODID = "-//project-battle//coordination meetings//ZH"
DEFAULT_HOST = "project-battle"
DEFAULT_LENGTH = datetime.timedelta(hours=2)


def meeting_uid(meeting, host: str | None = None) -> str:
    return f"meeting-{meeting.pk}@{host or DEFAULT_HOST}"


def _unit_id(unit) -> int | None:
    return getattr(unit, "pk", unit)


def carried_items(unit_id: int):
    """Open ledger items ``unit_id`` is responsible for, decided at an earlier meeting of the outer
    meeting's tier (the same domain for a 领导小组会): the meeting reviews them, so the unit reports.
    An item checked off since counts for the meetings up to the day it was checked off. The outer
    queryset annotates ``start_day`` (``unit_meetings``)."""
    return LedgerItem.objects.filter(
        Q(status=LedgerStatus.OPEN) | Q(checked_off_on__gte=OuterRef("start_day")),
        of_tier(OuterRef("tier"), OuterRef("domain_id"), "minutes__meeting__tier", "minutes__meeting__domain_id"),
        responsible_units=unit_id,
        minutes__meeting__starts_at__lt=OuterRef("starts_at"),
    )


def unit_meetings(unit):
    """A unit's meetings (their pks): it attends (参会单位), it raised an agenda issue, or it answers
    for an open item of an earlier meeting of the tier."""
    unit_id = _unit_id(unit)
    condition = Q(units=unit_id) | Q(issues__raised_by=unit_id) | Q(Exists(carried_items(unit_id)))
    return Meeting.objects.annotate(start_day=TruncDate("starts_at", tzinfo=TZ)).filter(condition).values("pk")


def feed_meetings(user, tier: str | None = None, domain=None, unit=None):
    """The meetings of a feed: the user's (``Meeting.objects.for_user``), narrowed to a tier, a
    domain (id or instance) and a unit (id or instance); each once, ready to write in a fixed number
    of queries (the meetings, their agenda with projects)."""
    meetings = Meeting.objects.for_user(user)
    if tier:
        meetings = meetings.filter(tier=tier)
    if domain is not None:
        meetings = meetings.filter(domain_id=_unit_id(domain))
    if unit is not None:
        # A subquery keeps the rows distinct (the joins on units and issues repeat a meeting).
        meetings = meetings.filter(pk__in=unit_meetings(unit))
    agenda = CoordinationIssue.objects.select_related("project", "raised_by").order_by("pk")
    return (meetings.select_related("domain").prefetch_related(Prefetch("issues", queryset=agenda))
            .order_by("starts_at", "pk"))


def _timezone_component() -> icalendar.Timezone:
    """The VTIMEZONE of Asia/Shanghai: from the tz database where icalendar can (6.1+), else by hand
    (UTC+8, no daylight saving since 1991)."""
    from_tzinfo = getattr(icalendar.Timezone, "from_tzinfo", None)
    if from_tzinfo is not None:
        return from_tzinfo(TZ)
    component = icalendar.Timezone()
    component.add("tzid", TZ_NAME)
    standard = icalendar.TimezoneStandard()
    standard.add("dtstart", datetime.datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", datetime.timedelta(hours=8))
    standard.add("tzoffsetto", datetime.timedelta(hours=8))
    standard.add("tzname", "CST")
    component.add_component(standard)
    return component


def summary(meeting) -> str:
    return f"【{meeting.get_tier_display()}】{meeting.title}"


def description(meeting, admin_url: str | None) -> str:
    lines = []
    if meeting.domain_id:
        lines.append(f"领域：{meeting.domain.name}")
    if meeting.chair:
        lines.append(f"主持人：{meeting.chair}")
    issues = list(meeting.issues.all())
    if issues:
        lines.append("议题：")
        for number, issue in enumerate(issues, 1):
            head = issue.project.name if issue.project_id else ""
            detail = issue.category or (issue.problem or "")[:40]
            raised_by = f"（{issue.raised_by}）" if issue.raised_by_id else ""
            lines.append(f"{number}. {head}{raised_by}" + (f"：{detail}" if detail else ""))
    if meeting.state == MeetingState.CANCELLED:
        lines.append("本次会议已取消。")
    if admin_url:
        lines.append(f"会议详情（后台）：{admin_url}")
    return "\n".join(lines)


def meeting_event(meeting, admin_url: Callable | None = None, host: str | None = None,
                  stamp: datetime.datetime | None = None) -> icalendar.Event:
    starts = timezone.localtime(meeting.starts_at, TZ)
    ends = timezone.localtime(meeting.ends_at, TZ) if meeting.ends_at else starts + DEFAULT_LENGTH
    event = icalendar.Event()
    event.add("uid", meeting_uid(meeting, host))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", stamp or timezone.now().astimezone(datetime.UTC))
    if meeting.updated_at:
        event.add("last-modified", meeting.updated_at.astimezone(datetime.UTC))
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("summary", summary(meeting))
    if meeting.place:
        event.add("location", meeting.place)
    url = admin_url(meeting) if admin_url else None
    event.add("description", description(meeting, url))
    if url:
        event.add("url", url)
    event.add("status", "CANCELLED" if meeting.state == MeetingState.CANCELLED else "CONFIRMED")
    return event


def meetings_feed(meetings: Iterable, title: str, admin_url: Callable | None = None, *,
                  host: str | None = None) -> bytes:
    """An iCalendar file of ``meetings`` named ``title``; ``admin_url(meeting)`` is the absolute
    address of the meeting's edit view (written into DESCRIPTION: many clients drop URL)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", title)
    calendar.add("x-wr-timezone", TZ_NAME)
    calendar.add_component(_timezone_component())
    stamp = timezone.now().astimezone(datetime.UTC)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, admin_url, host, stamp))
    return calendar.to_ical()
