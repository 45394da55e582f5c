"""Small filters of the public pages: tap-to-call links."""

import re

from django import template

register = template.Library()


@register.filter
def tel(number: str) -> str:
    """A phone number as a ``tel:`` URI takes it: digits only (0797-1234567 → 07971234567)."""
    number = number or ""
    prefix = "+" if number.strip().startswith("+") else ""
    return prefix + re.sub(r"\D", "", number)
