"""Export in the bureaus' own layout, .xlsx or .csv (UTF-8 with BOM) by the file's suffix: the kind's
module builds the sheet (``projects``, ``commissioners``, ``coordination``; ``duties`` two sheets, .xlsx
only) from a queryset already narrowed by the listing's filters and the user's scope; ``xlsx`` or
``csv_file`` writes it, every text cell escaped against formula injection. What is exported imports
back unchanged (``registers.imports.pipeline``)."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone

from registers.exports.commissioners import commissioner_sheet, commissioner_table
from registers.exports.coordination import issue_sheet, ledger_sheet
from registers.exports.csv_file import write_csv
from registers.exports.duties import compliance_sheets
from registers.exports.projects import project_sheet, project_table
from registers.exports.xlsx import write_xlsx, write_xlsx_book
from registers.models import Project

WRITERS = {".xlsx": write_xlsx, ".csv": write_csv}
EXPORT_KINDS = ("projects", "progress", "commissioners", "issues", "ledger", "compliance")
# Kinds written as several sheets of one workbook (a .csv holds one sheet: refused).
BOOK_KINDS = ("compliance",)


def latest_month(year: int, queryset=None, until: int | None = None) -> int | None:
    """The last month of ``year`` any project of ``queryset`` reported and that counts (up to ``until``)."""
    from registers.models import MonthlyProgress

    qs = MonthlyProgress.objects.counted().filter(year=year)
    if queryset is not None:
        qs = qs.filter(project__in=queryset.values("pk"))
    if until is not None:
        qs = qs.filter(month__lte=until)
    return qs.order_by("-month").values_list("month", flat=True).first()


def export_sheet(kind: str, path, *, user=None, year: int | None = None, month: int | None = None,
                 queryset=None, quarter: int | None = None) -> int:
    """Write ``kind`` to ``path`` (.xlsx or .csv) from ``queryset`` (default: everything) narrowed
    to the user's scope. Returns the number of data rows. ``quarter``: the compliance export's period
    (with ``year``; else ``month``, else the whole year)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in WRITERS:
        raise ValueError(f"不支持的导出格式“{suffix}”：请使用 .xlsx 或 .csv。")
    now = timezone.localtime()
    if kind in BOOK_KINDS:
        if suffix != ".xlsx":
            raise ValueError("履职达标情况含“县领导”“对接专员”两个工作表，CSV 只能保存一个：请导出为 .xlsx。")
        sheets = compliance_sheets(user, now, year or now.year, quarter=quarter, month=month)
        write_xlsx_book(path, sheets)
        return sum(sheet.data_rows for sheet in sheets)
    if kind == "commissioners":
        sheet = commissioner_sheet(queryset, user, now, merged=suffix == ".xlsx")
    elif kind == "issues":
        sheet = issue_sheet(queryset, user, now, year, month)
    elif kind == "ledger":
        sheet = ledger_sheet(queryset, user, now)
    else:
        year = year or now.year
        queryset = Project.objects.all() if queryset is None else queryset
        queryset = queryset.for_user(user) if user is not None else queryset
        sheet = project_sheet(queryset, year, month or latest_month(year, queryset), user, now)
    WRITERS[suffix](path, sheet)
    return sheet.data_rows


__all__ = ["EXPORT_KINDS", "commissioner_table", "export_sheet", "latest_month", "project_table"]
