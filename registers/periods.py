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
