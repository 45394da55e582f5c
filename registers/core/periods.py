"""Reporting periods: which month the register is judged on, and how much of the year is gone."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone


def reporting_period(today: datetime.date | None = None) -> tuple[int, int]:
    """The month whose progress is due now: units report last month's figures by the 5th."""
    today = today or timezone.localdate()
    if today.month == 1:
        return today.year - 1, 12
    return today.year, today.month - 1


def time_elapsed_pct(month: int) -> Decimal:
    """序时进度: the share of the year gone at the end of ``month``, in percent (2 places)."""
    return (Decimal(month) * 100 / 12).quantize(Decimal("0.01"))


def period_from(params, today: datetime.date | None = None, default: tuple[int, int] | None = None
                ) -> tuple[int, int]:
    """The (year, month) a screen judges: the ``year``/``month`` parameters if given and valid,
    else ``default`` (the latest reported month, ``MonthlyProgress.objects.latest_period``), else the
    reporting period. A past year without a month is judged at December."""
    default_year, default_month = default or reporting_period(today)
    try:
        year = int(params.get("year") or default_year)
    except (TypeError, ValueError):
        year = default_year
    if not 2000 <= year <= 2100:
        year = default_year
    try:
        month = int(params.get("month") or 0)
    except (TypeError, ValueError):
        month = 0
    if not 1 <= month <= 12:
        if year == default_year:
            month = default_month
        elif year < default_year:
            month = 12
        else:
            month = 1
    return year, month


# 附件2 三(一): units send the issues they need the county to solve by the 3rd and the 18th.
ROUND_DAYS = (3, 18)


def collection_round(day: datetime.date) -> datetime.date:
    """The collection round (收集批次) an issue raised on ``day`` belongs to: the 3rd of its month
    up to the 3rd, the 18th up to the 18th, else the 3rd of the next month (31 December → 3 January)."""
    first, second = ROUND_DAYS
    if day.day <= first:
        return day.replace(day=first)
    if day.day <= second:
        return day.replace(day=second)
    if day.month == 12:
        return datetime.date(day.year + 1, 1, first)
    return datetime.date(day.year, day.month + 1, first)


def rounds_in_month(year: int, month: int) -> tuple[datetime.date, ...]:
    """The two collection rounds of a month (the 3rd and the 18th)."""
    return tuple(datetime.date(year, month, day) for day in ROUND_DAYS)


@dataclass(frozen=True)
class Period:
    """Months ``first``–``last`` of ``year``, with their days and the ISO weeks whose Thursday falls in them."""

    year: int
    first: int
    last: int

    @classmethod
    def of(cls, year: int, quarter: int | None = None, month: int | None = None) -> Period:
        if month:
            return cls(year, month, month)
        if quarter:
            return cls(year, quarter * 3 - 2, quarter * 3)
        return cls(year, 1, 12)

    @classmethod
    def quarter_of(cls, year: int, month: int) -> Period:
        """The calendar quarter ``month`` lies in."""
        return cls.of(year, quarter=(month - 1) // 3 + 1)

    @property
    def months(self) -> list[tuple[datetime.date, datetime.date]]:
        return [(datetime.date(self.year, m, 1), month_end(self.year, m)) for m in range(self.first, self.last + 1)]

    @property
    def start(self) -> datetime.date:
        return self.months[0][0]

    @property
    def end(self) -> datetime.date:
        return self.months[-1][1]

    @property
    def weeks(self) -> list[tuple[datetime.date, datetime.date]]:
        """(Monday, Sunday) of each ISO week whose Thursday lies in the period."""
        thursday = self.start + datetime.timedelta(days=(3 - self.start.weekday()) % 7)
        weeks = []
        while thursday <= self.end:
            weeks.append((thursday - datetime.timedelta(days=3), thursday + datetime.timedelta(days=3)))
            thursday += datetime.timedelta(days=7)
        return weeks

    @property
    def quarters(self) -> list[tuple[datetime.date, datetime.date]]:
        """The whole calendar quarters inside the period (a visit is due once a quarter)."""
        return [(datetime.date(self.year, m, 1), month_end(self.year, m + 2))
                for m in (1, 4, 7, 10) if self.first <= m and m + 2 <= self.last]

    def label(self) -> str:
        if self.first == self.last:
            return f"{self.year}年{self.first}月"
        if self.first == 1 and self.last == 12:
            return f"{self.year}年"
        if self.last - self.first == 2 and self.first % 3 == 1:
            return f"{self.year}年第{self.last // 3}季度"
        return f"{self.year}年{self.first}-{self.last}月"


def month_end(year: int, month: int) -> datetime.date:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)
