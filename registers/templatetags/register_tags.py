"""Template filters of the registers: money and percentages in the one format of
``registers.core.money``, and the lagging level's label."""

from django import template

from registers.core import money
from registers.projects.models.choices import LagLevel

register = template.Library()


@register.filter
def lag_label(level: str | None) -> str:
    """The Chinese label of a lagging level (正常 / 滞后 / 严重滞后 / 无年度计划)."""
    return LagLevel(level).label if level else ""


@register.filter
def wan(value) -> str:
    """万元 with thousands separators and two decimals (``money.format_wan``)."""
    return money.format_wan(value)


@register.filter
def yi(value) -> str:
    """万元 in 亿元 (``money.format_yi``)."""
    return money.format_yi(value)


@register.filter
def pct(value) -> str:
    """A percentage with one decimal and a % sign, "—" for none (``money.format_percent``)."""
    return money.format_percent(value)
