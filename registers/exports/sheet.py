"""What a sheet kind builds and a file writer writes: the bureau layout of one exported sheet."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Sheet:
    sheet_title: str  # the workbook tab
    title: str
    unit_line: str
    top: list  # header row (a group label over its first column, None over the rest)
    sub: list | None  # second header row (None where the top label spans both rows)
    body: list[tuple[str, list]]  # (data | section | total, cells)
    footnotes: list[str]
    # (first, last body row index, sheet columns) to merge down: a unit's block in the xlsx.
    merge_blocks: list[tuple[int, int, list[int]]] = field(default_factory=list)

    @property
    def data_rows(self) -> int:
        return sum(1 for kind, _row in self.body if kind == "data")
