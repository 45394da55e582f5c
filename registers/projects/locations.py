"""Where a project lies, as bureaus write it in 所在乡镇: one township, several ("梅水乡、东山镇",
"营前镇及水岩乡", "东山镇至黄埠镇") or the whole county ("全县", "县域", "全县各乡镇"). One reader and one
writer of that text, for the importer, the exports, the pages and the API."""

from __future__ import annotations

import re

from snippets.normalize import normalize_name

COUNTYWIDE_LABEL = "全县"
# 全县 / 县域 / 全县各乡镇 / 全县范围 / 全县域 / 上犹县全域 … mean the whole county.
_COUNTYWIDE = re.compile(r"^(上犹)?(县域|全县|全域|县全域)(各乡镇|范围|域|各地)?(内)?$")
_SEPARATORS = re.compile(r"[、，,；;/／\s]+|及|和|至|与")


def is_countywide_text(text: str) -> bool:
    return bool(_COUNTYWIDE.match(normalize_name(text)))


def split_places(text: str) -> list[str]:
    """The township names in ``text`` (order kept, repeats dropped); [] for blank text."""
    names: list[str] = []
    for part in _SEPARATORS.split(text or ""):
        part = part.strip()
        if part and part not in names:
            names.append(part)
    return names


def place_label(names: list[str], countywide: bool) -> str:
    """The 所在乡镇 text of a project: "全县" when county-wide, else its townships joined by 、."""
    if countywide:
        return COUNTYWIDE_LABEL
    return "、".join(names)
