"""Meeting reminders (附件2): two days before a coordination meeting, each unit with business at it
(an issue it raised on the agenda, an open ledger item of the tier's earlier meetings it answers
for, or a seat among the 参会单位) gets a notice on its admin home page and an email to its users.

The notice is the record: it is created once per (unit, meeting, kind), and the email goes only
with a newly created notice, so running the job twice (or after a restart) sends nothing twice.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import timezone

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

logger = logging.getLogger(__name__)

REMINDER = "meeting_reminder"
DAYS_AHEAD = 2


def meetings_on(day: datetime.date):
    """The meetings (not cancelled) starting on ``day``, local time, with their agenda."""
    from registers.models import Meeting, MeetingState

    zone = timezone.get_default_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    return (Meeting.objects.filter(starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1))
            .exclude(state=MeetingState.CANCELLED).prefetch_related("units", "issues").order_by("starts_at", "pk"))


def reminded_units(meeting) -> dict[int, bool]:
    """unit id → whether it has items to report (issues raised, open ledger items carried), for the
    units with business at ``meeting``: those with items and the 参会单位."""
    from registers.models import LedgerItem

    with_items = {issue.raised_by_id for issue in meeting.issues.all() if issue.raised_by_id}
    carried = LedgerItem.objects.open_before(meeting).values_list("responsible_units", flat=True)
    with_items |= {unit_id for unit_id in carried if unit_id}
    units = {unit.pk: False for unit in meeting.units.all()}
    units.update(dict.fromkeys(with_items, True))
    return units


def reminder_text(meeting, has_items: bool) -> str:
    starts = timezone.localtime(meeting.starts_at)
    when = f"{starts.year}年{starts.month}月{starts.day}日 {starts:%H:%M}"
    where = f"在{meeting.place}召开" if meeting.place else "召开"
    ask = "本单位有协调事项列入议题，请做好汇报准备。" if has_items else "本单位为参会单位，请准时参会。"
    return f"会议提醒：{when} {meeting.get_tier_display()}“{meeting.title}”{where}，{ask}"


def unit_emails(unit_id: int) -> list[str]:
    return units_emails([unit_id])


def units_emails(unit_ids) -> list[str]:
    """The addresses of the active users of the units, in one query."""
    users = get_user_model().objects.filter(membership__unit_id__in=list(unit_ids), is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def email_notice(notice) -> int:
    """The notice by email to each active user of its unit with an address; a mail failure is
    logged, not raised (the notice stands)."""
    subject = f"【会议提醒】{notice.meeting.get_tier_display()}：{notice.meeting.title}"
    sent = 0
    for address in unit_emails(notice.unit_id):
        try:
            sent += send_mail(subject, notice.text, settings.DEFAULT_FROM_EMAIL, [address])
        except Exception:
            logger.exception("meeting reminder %s: mail to %s failed", notice.pk, address)
    return sent


def send_meeting_reminders(today: datetime.date | None = None) -> int:
    """Notices (and emails) for the meetings ``DAYS_AHEAD`` days after ``today``; the number of
    notices created (0 when they were all sent already)."""
    from registers.models import Notice

    today = today or timezone.localdate()
    created_count = 0
    for meeting in meetings_on(today + datetime.timedelta(days=DAYS_AHEAD)):
        for unit_id, has_items in sorted(reminded_units(meeting).items()):
            notice, created = Notice.objects.get_or_create(
                unit_id=unit_id, meeting=meeting, kind=REMINDER,
                defaults={"text": reminder_text(meeting, has_items)},
            )
            if created:
                created_count += 1
                email_notice(notice)
    return created_count


@db_periodic_task(crontab(minute="0", hour="8"))
@lock_task("meeting-reminders")
def meeting_reminders() -> int:
    """Daily at 08:00: the reminders of the meetings in two days."""
    return send_meeting_reminders()
