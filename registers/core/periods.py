"""Reporting periods: which month the register is judged on, and how much of the year is gone."""

import datetime
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
