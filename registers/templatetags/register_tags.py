from django import template

from registers.projects.models.choices import LagLevel

register = template.Library()


@register.filter
def lag_label(level: str | None) -> str:
    """The Chinese label of a lagging level (正常 / 滞后 / 严重滞后 / 无年度计划)."""
    return LagLevel(level).label if level else ""
