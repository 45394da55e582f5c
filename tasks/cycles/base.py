"""What a report cycle is: the kind, the period it covers when run on a given day, the scopes it
is built for, and how one document is built — its template, its context from the query layer,
the figures kept on the run and whom it is sent to. Each kind is a subclass in this package."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from tasks import periods

DOMAIN, UNIT, COUNTY = "domain", "unit", "county"


@dataclass(frozen=True)
class Scope:
    kind: str = COUNTY
    domain_id: int | None = None
    unit_id: int | None = None

    @property
    def key(self) -> str:
        if self.kind == DOMAIN:
            return f"domain:{self.domain_id}"
        if self.kind == UNIT:
            return f"unit:{self.unit_id}"
        return COUNTY

    @classmethod
    def of_run(cls, run) -> Scope:
        return cls(run.scope_kind, run.domain_id, run.unit_id)


@dataclass
class Document:
    """What a build hands back: the template and its context, the figures to keep, and the
    recipients (unit ids get an in-admin notice and an email; ``emails`` just an email)."""

    template: str
    context: dict
    figures: dict = field(default_factory=dict)
    units: list[int] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    summary: str = ""


@dataclass(frozen=True)
class Schedule:
    days: str
    hour: int = 9
    months: str = ""


class Cycle:
    kind: str = ""
    period_type: str = periods.MONTH
    schedule: Schedule = Schedule("6")
    template: str = ""
    numbered: bool = True
    shown_publicly: bool = False  # the home page names the latest one: a new one makes the public cache stale
    # The words a new site starts with (ReportWording); the HQ office edits them in the admin.
    wording: dict = {}

    def period_for(self, day: datetime.date) -> periods.ReportPeriod:
        """The period a run on ``day`` reports on (the default: the month before)."""
        return periods.previous_month(day)

    def latest_period(self, today: datetime.date) -> periods.ReportPeriod:
        return self.period_for(today)

    def preview_period(self, today: datetime.date) -> periods.ReportPeriod:
        """The period the admin's preview shows: for the register's monthly reports, the latest
        reported month (a site whose data stops in 2022 previews 2022); else today's period."""
        if self.period_type in (periods.MONTH, periods.QUARTER):
            from registers.models import MonthlyProgress

            year, month = MonthlyProgress.objects.latest_period()
            if self.period_type == periods.MONTH:
                return periods.of_month(year, month)
            return periods.of_quarter(year, (month - 1) // 3 + 1)
        return self.latest_period(today)

    def scopes(self, period: periods.ReportPeriod) -> list[Scope]:
        return [Scope()]

    def current_schedule(self) -> Schedule:
        """The schedule as the office set it in 报告日程 (the first line of the kind), else the default."""
        from tasks.models import CalendarEntry

        entry = CalendarEntry.objects.filter(kind=self.kind).order_by("sort_order", "pk").first()
        if entry is None:
            return self.schedule
        return Schedule(",".join(map(str, entry.day_list)), entry.hour, ",".join(map(str, entry.month_list)))

    def issue_date(self, period: periods.ReportPeriod) -> datetime.date:
        """The day a document of ``period`` is dated: its first scheduled day after the period."""
        day = period.end + datetime.timedelta(days=1)
        wanted = [int(d) for d in self.current_schedule().days.split(",")]
        for _ in range(400):
            if day.day in wanted and self.period_for(day) == period:
                return day
            day += datetime.timedelta(days=1)
        return period.end

    def build(self, run, wording, period: periods.ReportPeriod) -> Document:
        raise NotImplementedError
