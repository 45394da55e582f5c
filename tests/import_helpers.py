"""Helpers shared by the import/export tests: the samples folder and small generated sheets."""

from pathlib import Path

import pytest
from openpyxl import Workbook

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"


def sample(name: str) -> Path:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"samples not available: {path} (CI keeps shared/ beside the repo)")
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        ws = workbook.create_sheet(title)
        for row in rows:
            ws.append(row)
    workbook.save(path)
    return path
