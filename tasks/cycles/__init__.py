"""The report cycles by kind. ``cycle(kind)`` answers the one object that knows a kind."""

from __future__ import annotations

import importlib
from functools import cache

from .base import COUNTY, DOMAIN, UNIT, Cycle, Document, Schedule, Scope

__all__ = ["COUNTY", "DOMAIN", "UNIT", "Cycle", "Document", "Schedule", "Scope", "all_cycles", "cycle"]


# The modules of this package that define cycles, in the order the admin lists their kinds.
MODULES = ("bulletin", "letters", "quarterly", "coordination", "duties")


@cache
def all_cycles() -> dict[str, Cycle]:
    found = {}
    for name in MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Cycle) and value.kind and value is not Cycle:
                found[value.kind] = value()
    return found


def cycle(kind: str) -> Cycle:
    try:
        return all_cycles()[kind]
    except KeyError:
        from tasks.models import ReportKind

        known = "、".join(f"{k}（{label}）" for k, label in ReportKind.choices if k in all_cycles())
        raise KeyError(f"未知的报告类型“{kind}”。可用：{known}") from None
