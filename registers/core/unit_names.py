"""Unit names as bureaus and companies write them: the one normaliser of a typed unit name.

A sheet or a search box names a unit by its full official name (上犹县供电公司, 上犹县工业园区管理委员会,
上犹县东山镇人民政府) where the register knows it as 县供电公司, 上犹工业园区管理委员会 or 东山镇. Given a
typed name, ``candidate_steps`` lists the keys to try, in steps:

1. the name itself, normalised as ``normalize_name`` does;
2. the name with the county prefix (上犹县 / 县 / 上犹) added, swapped or removed;
3. the common long/short pairs: 管理委员会 ↔ 管委会, 工业园区 ↔ 工业园, 有限公司 / 有限责任公司 ↔ 公司,
   and a township's 人民政府 / 政府 ↔ the bare 镇 / 乡 name — and their combinations;
4. the prefix variants of every step-3 key.

``resolve_unit`` tries the steps in order against a name index (``UnitQuerySet.name_index()``) and
never guesses: when two different units match within the first step that matches, it is ambiguous
and resolves to nothing. Pure Python, no Django import: ``snippets`` uses it lazily.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from snippets.normalize import normalize_name

if TYPE_CHECKING:
    from snippets.models import Unit

# The county's name: unit prefixes here, and the exported sheets' titles and footnotes.
COUNTY = "上犹县"
COUNTY_SHORT = COUNTY.removesuffix("县")  # 上犹
# Every way a county unit's name may begin; matched longest first (上犹县 before 上犹 and 县).
_PREFIXES = (COUNTY, COUNTY_SHORT, "县", "")

_COMPANY_SUFFIXES = ("有限责任公司", "有限公司", "公司")
_TOWNSHIP_SUFFIXES = ("人民政府", "政府", "")
_TOWNSHIP_ENDINGS = ("镇", "乡")


def _split_prefix(name: str) -> tuple[str, str]:
    """(county prefix, the rest) of a normalised name; the rest is never empty."""
    for prefix in _PREFIXES:
        if prefix and name.startswith(prefix) and len(name) > len(prefix):
            return prefix, name[len(prefix):]
    return "", name


def _prefix_variants(name: str) -> list[str]:
    """``name`` with each other county prefix (or none) in place of its own; none for a bare prefix."""
    if name in _PREFIXES:
        return []
    own, rest = _split_prefix(name)
    return [prefix + rest for prefix in _PREFIXES if prefix != own]


def _committee(name: str) -> list[str]:
    if "管理委员会" in name:
        return [name.replace("管理委员会", "管委会")]
    return [name.replace("管委会", "管理委员会")] if "管委会" in name else []


def _park(name: str) -> list[str]:
    if "工业园区" in name:
        return [name.replace("工业园区", "工业园")]
    return [name.replace("工业园", "工业园区")] if "工业园" in name else []


def _swap_suffix(name: str, suffixes: tuple[str, ...], stem_ok=None) -> list[str]:
    """``name`` with each other suffix of ``suffixes`` in place of its own (the first that fits)."""
    for own in suffixes:
        if name.endswith(own) and len(name) > len(own):
            stem = name[: len(name) - len(own)] if own else name
            if stem_ok is not None and not stem_ok(stem):
                continue
            return [stem + other for other in suffixes if other != own]
    return []


def _company(name: str) -> list[str]:
    return _swap_suffix(name, _COMPANY_SUFFIXES)


def _township(name: str) -> list[str]:
    return _swap_suffix(name, _TOWNSHIP_SUFFIXES, lambda stem: stem.endswith(_TOWNSHIP_ENDINGS))


_PAIRS = (_committee, _park, _company, _township)


def _pair_variants(name: str) -> list[str]:
    """Every combination of the long/short pairs applied to ``name`` (``name`` itself excluded)."""
    variants = [name]
    for rule in _PAIRS:
        variants += [alt for v in variants for alt in rule(v)]
    return list(dict.fromkeys(variants))[1:]


@lru_cache(maxsize=8192)
def candidate_steps(text: str) -> tuple[tuple[str, ...], ...]:
    """The keys to try for a typed unit name, in steps (see the module's docstring); a key appears
    once, in its first step; empty for blank text."""
    name = normalize_name(text)
    if not name:
        return ()
    pairs = _pair_variants(name)
    raw = [[name], _prefix_variants(name), pairs, [v for p in pairs for v in _prefix_variants(p)]]
    seen: set[str] = set()
    steps = []
    for step in raw:
        keys = tuple(k for k in dict.fromkeys(step) if k and k not in seen)
        seen.update(keys)
        if keys:
            steps.append(keys)
    return tuple(steps)


def candidate_keys(text: str) -> list[str]:
    """Every candidate key of ``text``, in the order they are tried."""
    return [key for step in candidate_steps(text) for key in step]


def _identity(unit) -> object:
    """A saved unit is itself by its primary key (two loaded copies are one unit)."""
    pk = getattr(unit, "pk", None)
    return ("pk", pk) if pk is not None else ("id", id(unit))


def resolve_unit(name_index: dict[str, Unit], text: str) -> Unit | None:
    """The unit ``text`` names, through the first step of candidates that matches any; None when
    nothing matches, or when that step matches two different units (ambiguous: never a guess)."""
    for step in candidate_steps(text or ""):
        found = {_identity(unit): unit for key in step if (unit := name_index.get(key)) is not None}
        if len(found) == 1:
            return next(iter(found.values()))
        if found:
            return None
    return None
