"""What an import reports: one ``RowResult`` per sheet row (status, changes, issues, figures) and
the ``ImportResult`` of a file, which the admin stores as JSON between preview and confirm.

django-import-export has its own ``RowResult``/``Result``; ours are kept because they carry what
its rows do not — Chinese messages tied to a sheet, row and column label, warnings beside errors,
the cleaned figures for the per-domain totals, and a JSON round trip for the preview → confirm job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from registers.sheets import Issue

ZERO = Decimal("0")
STATUS_LABELS = {"new": "新增", "update": "更新", "unchanged": "无变化", "error": "错误", "unpublish": "撤下"}
KIND_LABELS = {"projects": "项目", "progress": "月度进展", "commissioners": "受理专员", "issues": "协调事项",
               "leaders": "挂点安排", "leader_log": "挂点工作台账", "commissioner_log": "专员履职台账"}


@dataclass
class RowResult:
    sheet: str
    row: int
    name: str
    status: str = "unchanged"
    domain: str = ""
    changes: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    figures: dict = field(default_factory=dict)  # cleaned amounts (万元, as str) for totals and the preview

    @property
    def errors(self):
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self):
        return [i for i in self.issues if not i.is_error]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    def _said(self, reason, column) -> bool:
        """The same message for the same column is given once per row."""
        return any(i.reason == reason and i.column == column for i in self.issues)

    def error(self, reason, column="", code="", extra=None):
        if not self._said(reason, column):
            self.issues.append(Issue(reason, sheet=self.sheet, row=self.row, column=column, code=code,
                                     extra=extra or {}))
        self.status = "error"

    def warn(self, reason, column="", code=""):
        if not self._said(reason, column):
            self.issues.append(Issue(reason, sheet=self.sheet, row=self.row, column=column, level="warning",
                                     code=code))

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "name": self.name, "status": self.status,
                "domain": self.domain, "changes": self.changes, "figures": self.figures,
                "issues": [i.as_dict() for i in self.issues]}

    @classmethod
    def from_dict(cls, data: dict) -> RowResult:
        issues = [Issue(**{k: v for k, v in i.items()}) for i in data.pop("issues", [])]
        return cls(**data, issues=issues)


@dataclass
class ImportResult:
    kind: str
    filename: str
    year: int | None = None
    month: int | None = None
    dry_run: bool = False
    written: bool = False
    rows: list[RowResult] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)  # file and sheet level
    counts: dict = field(default_factory=dict)  # what was (or would be) written
    project_ids: list[int] = field(default_factory=list)  # the projects of the file's rows, once written

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error] + [i for r in self.rows for i in r.errors]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.is_error] + [i for r in self.rows for i in r.warnings]

    @property
    def ok(self) -> bool:
        return not self.errors

    def status_counts(self) -> dict[str, int]:
        counts = {"new": 0, "update": 0, "unchanged": 0, "error": 0, "unpublish": 0}
        for row in self.rows:
            counts[row.status] = counts.get(row.status, 0) + 1
        return counts

    @property
    def changed(self) -> bool:
        counts = self.status_counts()
        return bool(counts["new"] or counts["update"] or counts["unpublish"])

    def summary(self) -> str:
        return self._summary_head() + self._summary_tail()

    def _summary_head(self) -> str:
        """File, kind, period, row count and the count of each status and of the warnings."""
        counts = self.status_counts()
        period = f"{self.year or '—'}年" + (f"{self.month}月" if self.month else "")
        period = "" if self.kind == "commissioners" else f"，{period}"
        parts = [f"新增{counts['new']}", f"更新{counts['update']}", f"无变化{counts['unchanged']}",
                 f"错误{counts['error']}"]
        if self.kind == "commissioners":
            parts.append(f"撤下{counts['unpublish']}")
        rows = len([r for r in self.rows if r.status != "unpublish"])
        head = f"{self.filename}（{KIND_LABELS[self.kind]}{period}）：共{rows}行，"
        return head + "，".join(parts) + f"，警告{len(self.warnings)}条。"

    def _summary_tail(self) -> str:
        """What became of the file: refused, a dry run, written, or nothing to change."""
        if self.errors:
            return f"有{len(self.errors)}个错误，未导入任何数据。"
        if self.dry_run:
            return "试运行：未写入。"
        if self.written and self.changed:
            return "已导入。"
        return "与系统中数据一致，未作任何修改。"

    def as_dict(self) -> dict:
        return {"kind": self.kind, "filename": self.filename, "year": self.year, "month": self.month,
                "dry_run": self.dry_run, "written": self.written, "counts": self.counts,
                "project_ids": self.project_ids,
                "rows": [r.as_dict() for r in self.rows], "issues": [i.as_dict() for i in self.issues]}

    @classmethod
    def from_dict(cls, data: dict) -> ImportResult:
        data = dict(data)
        rows = [RowResult.from_dict(dict(r)) for r in data.pop("rows", [])]
        issues = [Issue(**i) for i in data.pop("issues", [])]
        return cls(**data, rows=rows, issues=issues)


def accepted_totals(result: ImportResult) -> dict[str, dict]:
    """Per-domain count and sums of the rows that are (or would be) imported — for the preview
    and for checking a file against its own totals."""
    totals: dict[str, dict] = {}
    for row in result.rows:
        if row.status in ("error", "unpublish"):
            continue
        bucket = totals.setdefault(row.domain, {"count": 0})
        bucket["count"] += 1
        for name, amount in row.figures.items():
            bucket[name] = bucket.get(name, ZERO) + Decimal(amount)
    return totals
