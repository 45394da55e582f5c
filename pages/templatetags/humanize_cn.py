from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def yi(value) -> str:
    """万元 → 亿元, without trailing zeros (500000 → "50")."""
    if value in (None, ""):
        return ""
    amount = (Decimal(value) / Decimal(10000)).quantize(Decimal("0.01")).normalize()
    return f"{amount:f}"


@register.filter
def wan(value) -> str:
    """万元 with thousands separators and two decimals."""
    if value in (None, ""):
        return ""
    return f"{Decimal(value):,.2f}"
