"""The .csv of a sheet (UTF-8 with BOM): title, unit line, one header row, the body, footnotes."""

from __future__ import annotations

import csv
from pathlib import Path

from registers.core.cells import escape_formula
from registers.exports.sheet import Sheet


def write_csv(path: Path, sheet: Sheet) -> None:
    top, sub = sheet.top, sheet.sub
    header = [s if s else t for t, s in zip(top, sub or [None] * len(top), strict=True)]
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([sheet.title])
        if sheet.unit_line:
            writer.writerow([sheet.unit_line])
        writer.writerow(header)
        for _kind, row in sheet.body:
            writer.writerow(["" if v is None else escape_formula(v) for v in row])
        writer.writerow([])
        for line in sheet.footnotes:
            writer.writerow([line])
