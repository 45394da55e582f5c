"""The one dispatcher of the report cycles. Every few minutes (and when the worker starts) it reads
the calendar (``ReportCalendar``, edited in the admin), finds each occurrence due within the
catch-up window, and makes sure the run of its period and scopes exists and is done: new runs are
created and enqueued, failed ones retried a few times, runs of a dead worker marked failed first.
Huey drops the periodic runs it missed while stopped; this finds them again, because what is due
is read from the calendar and what is done from the run register."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.utils import timezone

from tasks.cycles import Scope, all_cycles
from tasks.models import ReportCalendar, ReportRun, RunStatus
from tasks.runner import MAX_ATTEMPTS, ensure_run, sweep_lapsed

log = logging.getLogger(__name__)
# A queued run is enqueued again when its task has not started within this time (a lost message).
REQUEUE_AFTER = datetime.timedelta(minutes=10)


@dataclass
class Dispatched:
    created: list[int] = field(default_factory=list)
    enqueued: list[int] = field(default_factory=list)
    swept: int = 0

    def summary(self) -> str:
        return f"created {len(self.created)}, enqueued {len(self.enqueued)}, lapsed {self.swept}"


def load_calendar() -> ReportCalendar:
    """The calendar, with a line for every cycle that has none yet: switched on in a new calendar,
    off when added to one the office has kept (a line it deleted comes back off, not running)."""
    from tasks.models import CalendarEntry

    calendar = ReportCalendar.load()
    present = set(calendar.entries.values_list("kind", flat=True))
    fresh = not present
    missing = [CalendarEntry(calendar=calendar, kind=kind, days=c.schedule.days, hour=c.schedule.hour,
                             months=c.schedule.months, sort_order=index, enabled=fresh)
               for index, (kind, c) in enumerate(all_cycles().items()) if kind not in present]
    if missing:
        CalendarEntry.objects.bulk_create(missing)
    return calendar


def occurrences(entry, start: datetime.datetime, end: datetime.datetime) -> list[datetime.datetime]:
    """The times the entry fires in (start, end], local time; a day past the month's end is its last day."""
    from registers.core.periods import month_end

    zone = timezone.get_default_timezone()
    start, end = timezone.localtime(start, zone), timezone.localtime(end, zone)
    found = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        if month in entry.month_list:
            last = month_end(year, month).day
            for day in sorted({min(d, last) for d in entry.day_list}):
                moment = datetime.datetime(year, month, day, entry.hour, tzinfo=zone)
                if start < moment <= end:
                    found.append(moment)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def due(now: datetime.datetime | None = None) -> list[tuple[str, object]]:
    """(kind, period) of every occurrence within the catch-up window, oldest first, each once."""
    now = now or timezone.now()
    calendar = load_calendar()
    start = now - datetime.timedelta(days=calendar.catch_up_days)
    cycles = all_cycles()
    seen, result = set(), []
    for entry in calendar.entries.filter(enabled=True):
        the_cycle = cycles.get(entry.kind)
        if the_cycle is None:
            continue
        for moment in occurrences(entry, start, now):
            period = the_cycle.period_for(moment.date())
            if (entry.kind, period.key) not in seen:
                seen.add((entry.kind, period.key))
                result.append((moment, entry.kind, period))
    return [(kind, period) for _moment, kind, period in sorted(result, key=lambda item: item[0])]


def dispatch(now: datetime.datetime | None = None, enqueue=None) -> Dispatched:
    """Create and enqueue what is due; ``enqueue(run_id)`` defaults to the Huey task."""
    from tasks.cycles import cycle

    now = now or timezone.now()
    if enqueue is None:
        from tasks.reports import build_report as enqueue
    result = Dispatched(swept=sweep_lapsed(now))
    for kind, period in due(now):
        # The scopes are decided when a period is first dispatched: a unit lagging only after a late
        # report does not get a letter for a past month weeks later.
        existing = [Scope.of_run(run) for run in ReportRun.objects.filter(kind=kind, period=period.key)]
        for scope in existing or cycle(kind).scopes(period):
            run, created = ensure_run(kind, period, scope)
            if created:
                result.created.append(run.pk)
            if wanted(run, created, now):
                ReportRun.objects.filter(pk=run.pk).update(queued_at=now)
                result.enqueued.append(run.pk)
                enqueue(run.pk)
    if result.created or result.enqueued or result.swept:
        log.info("report dispatcher: %s", result.summary())
    return result


def wanted(run: ReportRun, created: bool, now: datetime.datetime) -> bool:
    if created:
        return True
    if run.status == RunStatus.FAILED:
        return run.attempts < MAX_ATTEMPTS
    if run.status == RunStatus.QUEUED:
        return run.queued_at is None or now - run.queued_at >= REQUEUE_AFTER
    return False
