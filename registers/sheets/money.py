"""Money cells as bureaus type them, read into 万元 with two decimals."""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
# Factor that turns one unit of the sheet's money into 万元.
UNIT_FACTORS = {"万元": Decimal("1"), "亿元": Decimal("10000"), "元": Decimal("0.0001")}
_SUFFIX_FACTORS = {"亿元": Decimal("10000"), "亿": Decimal("10000"), "万元": Decimal("1"), "万": Decimal("1"),
                   "元": Decimal("0.0001")}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
# The register's money fields hold 14 digits, 2 of them decimals: below a trillion 万元.
LIMIT = Decimal(10) ** 12


def parse_money(value, factor: Decimal = Decimal("1")) -> Decimal | None:
    """``value`` (a number or text such as "9,839", "１４２", "1.2亿", "1300万") in 万元, or None
    when blank. ``factor`` converts a bare number from the sheet's unit (单位：亿元 → 10000).
    Raises ValueError with a Chinese reason when the text is not an amount."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"“{value}”不是金额")
    if isinstance(value, int):
        amount = Decimal(value) * factor
    elif isinstance(value, float):
        amount = Decimal(repr(value)) * factor  # inf and nan become Decimal's Infinity and NaN
    elif isinstance(value, Decimal):
        amount = value * factor
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        text = re.sub(r"[\s,，']", "", text)
        if text in ("", "-", "—", "/", "无"):
            return None
        for suffix, suffix_factor in _SUFFIX_FACTORS.items():
            if text.endswith(suffix):
                text, factor = text[: -len(suffix)], suffix_factor
                break
        if not _NUMBER.match(text):
            raise ValueError(f"“{value}”不是有效金额")
        try:
            amount = Decimal(text) * factor
        except InvalidOperation as exc:  # pragma: no cover - guarded by the regex
            raise ValueError(f"“{value}”不是有效金额") from exc
    if not amount.is_finite() or abs(amount) >= LIMIT:
        raise ValueError(f"“{value}”超出金额范围（以万元计最多12位整数）")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)
