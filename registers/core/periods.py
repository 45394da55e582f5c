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
