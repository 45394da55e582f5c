"""The public pages' money filters: the registers' one format (``registers.core.money``)."""

from django import template

from registers.core import money

register = template.Library()
register.filter("wan", money.format_wan)
register.filter("yi", money.format_yi)
register.filter("pct", money.format_percent)
