"""Money: the one definition of an amount (万元, two decimals), its constants, its percentage and
how every screen, sheet and API writes it.

* ``money_field`` is the model field of every amount; ``MONEY_OUTPUT`` the output field of every
  annotation that yields one.
* ``percent`` (Python) and ``percent_expression`` (SQL) are the one percentage, e.g. of plan:
  the same IEEE double arithmetic, unrounded; ``round_percent`` rounds it once for display.
* ``format_wan`` / ``format_yi`` / ``format_percent`` are the screen forms (thousands separators),
  ``format_value`` any value of an admin cell or inspect field (是/否, — for none, amounts by ``format_wan``),
  ``api_amount`` the JSON form, ``sheet_number`` the spreadsheet cell value.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, F, Value, When
from django.db.models.functions import Cast

CENT = Decimal("0.01")
WAN = Decimal("1")  # the register's unit: 万元
YI = Decimal("10000")  # 1亿元 in 万元
YUAN = Decimal("0.0001")  # 1元 in 万元
UNIT_FACTORS = {"万元": WAN, "亿元": YI, "元": YUAN}  # one unit of a sheet's money, in 万元
MONEY = {"max_digits": 14, "decimal_places": 2}
MONEY_OUTPUT = models.DecimalField(**MONEY)
ZERO = Decimal("0")
ZERO_VALUE = Value(ZERO, output_field=MONEY_OUTPUT)
NON_NEGATIVE = [MinValueValidator(ZERO)]


def money_field(verbose_name: str, **kwargs) -> models.DecimalField:
    """An amount in 万元 with two decimals, never negative."""
    kwargs.setdefault("validators", NON_NEGATIVE)
    return models.DecimalField(verbose_name, **MONEY, **kwargs)


def percent(part, whole) -> float | None:
    """``part`` as a percentage of ``whole``, unrounded; None without a positive whole. The Python
    twin of ``percent_expression``: both compute ``float(part) * 100.0 / float(whole)``."""
    if part is None or whole is None or Decimal(str(whole)) <= 0:
        return None
    return float(part) * 100.0 / float(whole)


def percent_expression(part: str, whole: str) -> Case:
    """The SQL of ``percent`` over two annotations or fields (double precision on both databases)."""
    return Case(
        When(**{f"{whole}__gt": 0},
             then=Cast(F(part), models.FloatField()) * 100.0 / Cast(F(whole), models.FloatField())),
        default=None,
        output_field=models.FloatField(),
    )


def round_percent(value, places: int = 1) -> Decimal | None:
    """A percentage rounded half up to ``places`` decimals, as the sheets' rate column shows it."""
    if value is None:
        return None
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def as_amount(value) -> Decimal | None:
    """Any number in 万元 as a two-decimal Decimal (half up), None for none."""
    if value is None or value == "":
        return None
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def format_wan(value) -> str:
    """万元 for a screen: thousands separators and two decimals (732,132.40); "" for none."""
    amount = as_amount(value)
    return "" if amount is None else f"{amount:,.2f}"


def format_yi(value) -> str:
    """万元 shown in 亿元, without trailing zeros (500000 → "50", 123456 → "12.35")."""
    amount = as_amount(value)
    if amount is None:
        return ""
    return f"{(amount / YI).quantize(CENT, rounding=ROUND_HALF_UP).normalize():,f}"


def format_percent(value, places: int = 1) -> str:
    """A percentage for a screen ("99.0%"); "—" for none."""
    rounded = round_percent(value, places)
    return "—" if rounded is None else f"{rounded:,}%"


EMPTY = "—"


def format_value(value):
    """A value as the admin's listings and inspect views show it: booleans 是/否, none or blank "—",
    a two-decimal amount by ``format_wan``; anything else unchanged."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal) and value.as_tuple().exponent == -2:
        return format_wan(value)
    return value


def api_amount(value) -> str | None:
    """万元 in JSON: a string with two decimals and no separators ("732132.40"), None for none."""
    amount = as_amount(value)
    return None if amount is None else f"{amount:.2f}"


def sheet_number(value):
    """万元 as a sheet cell holds it: 1404 not 1404.00, 1404.5 as a float, None for none."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)
