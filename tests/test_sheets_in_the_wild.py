"""Bureau sheets in other layouts: a per-domain workbook in 亿元 with codes, 小计 rows whose label
is merged left of the name column, county-wide and multi-township projects; it imports whole with
exact totals and exports back the same."""

from decimal import Decimal

from django.core.management import call_command

import openpyxl
import pytest

from registers.imports.pipeline import run_import
from registers.models import AnnualPlan, Project
from registers.projects.locations import is_countywide_text, place_label, split_places
from registers.sheets import parse_book, read_book
from tests.registers_factories import unit

pytestmark = pytest.mark.django_db

HEADER = ["序号", "项目编码", "责任单位", "项目名称", "所在乡镇", "建设性质", "建设起止年限", "总投资",
          "2025年计划投资", "备注"]
SHEETS = {
    "工业": [
        ("GY-01", "县工信局", "园区标准厂房三期", "东山镇", "新建", "2025-2026", 1.2, 0.6),
        ("GY-02", "县工信局", "全县5G基站建设", "全县", "续建", "2024-2026", 2.35, 0.8),
    ],
    "基础设施": [
        ("JC-01", "县交通运输局", "梅水至东山公路改建", "梅水乡、东山镇", "续建", "2024-2026", 3.1, 1.25),
        ("JC-02", "县水利局", "营前镇及水岩乡供水工程", "营前镇及水岩乡", "新建", "2025-2027", 0.85, 0.3),
        ("JC-03", "县工信局", "县域宽带提速工程", "全县各乡镇", "新建", "2025-2025", 0.4, 0.4),
    ],
}


def _workbook(path, *, subtotal_error: Decimal = Decimal("0")):
    """One sheet per domain: title, 单位：亿元, one header row, the rows, a 小计 row whose label is
    merged across 序号…责任单位 (left of the name column)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for domain, rows in SHEETS.items():
        ws = book.create_sheet(domain)
        ws.append([f"上犹县2025年{domain}项目计划表"])
        ws.append(["单位：亿元"])
        ws.append(HEADER)
        for n, (code, owner, name, place, nature, years, total, plan) in enumerate(rows, start=1):
            ws.append([n, code, owner, name, place, nature, years, total, plan, ""])
        total = sum(Decimal(str(r[6])) for r in rows) + subtotal_error
        plan = sum(Decimal(str(r[7])) for r in rows)
        ws.append([f"小计（{len(rows)}个）", None, None, None, None, None, None, float(total), float(plan), None])
        last = ws.max_row
        ws.merge_cells(start_row=last, start_column=1, end_row=last, end_column=3)
    book.save(path)
    return path


def test_location_text_as_bureaus_write_it():
    assert split_places("梅水乡、东山镇") == ["梅水乡", "东山镇"]
    assert split_places("营前镇及水岩乡，双溪乡/ 紫阳乡") == ["营前镇", "水岩乡", "双溪乡", "紫阳乡"]
    assert split_places("东山镇至黄埠镇") == ["东山镇", "黄埠镇"]
    assert all(is_countywide_text(t) for t in ("全县", "县域", "全县各乡镇", "全县范围", " 全 县 "))
    assert not is_countywide_text("全县城区东山镇")
    assert place_label(["梅水乡", "东山镇"], False) == "梅水乡、东山镇"
    assert place_label([], True) == "全县"


def test_subtotal_rows_merged_left_of_the_name_are_totals_not_projects(tmp_path):
    path = _workbook(tmp_path / "domains.xlsx")
    book = parse_book(read_book(path), "projects", path.name, ["工业", "基础设施"])
    for sheet in book.sheets:
        kinds = [row.kind for row in sheet.rows]
        assert kinds == ["data"] * len(SHEETS[sheet.name]) + ["total"]
        assert sheet.rows[-1].scope == "block"
        assert not [i for i in sheet.issues if i.code == "subtotal_mismatch"]


def test_a_wrong_subtotal_is_a_warning_naming_its_row_and_column(tmp_path):
    path = _workbook(tmp_path / "wrong.xlsx", subtotal_error=Decimal("0.5"))
    result = run_import("projects", path, year=2025)
    assert result.written
    warnings = [w for w in result.warnings if w.code == "subtotal_mismatch"]
    assert {(w.sheet, w.row, w.column) for w in warnings} == {("工业", 6, "H列 总投资"), ("基础设施", 7, "H列 总投资")}
    assert "小计行" in warnings[0].reason


def test_the_per_domain_workbook_imports_whole_and_exports_back_the_same(tmp_path):
    result = run_import("projects", _workbook(tmp_path / "domains.xlsx"), year=2025)
    assert result.errors == []
    assert result.written
    assert Project.objects.count() == 5
    total = sum(Project.objects.values_list("total_investment", flat=True), Decimal("0"))
    assert total == Decimal("79000.00")  # 7.9亿元, exactly
    assert sum(AnnualPlan.objects.values_list("planned_investment", flat=True), Decimal("0")) == Decimal("33500.00")
    road = Project.objects.get(code="JC-01")
    assert set(road.townships.all()) == {unit("梅水乡"), unit("东山镇")}
    assert set(road.place.split("、")) == {"梅水乡", "东山镇"}
    assert Project.objects.get(code="GY-02").is_countywide
    assert Project.objects.get(code="JC-03").is_countywide
    assert not Project.objects.get(code="GY-02").townships.exists()
    water = Project.objects.get(code="JC-02")
    assert set(water.townships.all()) == {unit("营前镇"), unit("水岩乡")}

    target = tmp_path / "out.xlsx"
    call_command("export_sheet", "projects", "--year", "2025", "-o", str(target))
    ws = openpyxl.load_workbook(target).active
    headers = [c.value for c in ws[3]]
    column = headers.index("所在乡镇") + 1
    codes = headers.index("项目编码") + 1
    written = {ws.cell(r, codes).value: ws.cell(r, column).value for r in range(5, ws.max_row + 1)
               if ws.cell(r, codes).value}
    assert written["GY-02"] == "全县"
    assert set(written["JC-01"].split("、")) == {"梅水乡", "东山镇"}
    assert written["GY-01"] == "东山镇"
    again = run_import("projects", target)
    assert again.ok
    assert not again.changed


def test_a_project_moved_to_several_townships_and_back(tmp_path):
    assert run_import("projects", _workbook(tmp_path / "domains.xlsx"), year=2025).written
    saved = {k: list(v) for k, v in SHEETS.items()}
    try:
        SHEETS["工业"][0] = ("GY-01", "县工信局", "园区标准厂房三期", "东山镇、黄埠镇", "新建", "2025-2026", 1.2, 0.6)
        SHEETS["工业"][1] = ("GY-02", "县工信局", "全县5G基站建设", "双溪乡", "续建", "2024-2026", 2.35, 0.8)
        result = run_import("projects", _workbook(tmp_path / "moved.xlsx"), year=2025)
    finally:
        SHEETS.update(saved)
    assert result.written
    assert [r.status for r in result.rows if r.name.startswith(("园区", "全县5G"))] == ["update", "update"]
    assert set(Project.objects.get(code="GY-01").townships.all()) == {unit("东山镇"), unit("黄埠镇")}
    moved = Project.objects.get(code="GY-02")
    assert not moved.is_countywide
    assert list(moved.townships.all()) == [unit("双溪乡")]
    assert moved.revisions.order_by("-created_at").first().content["townships"] == [unit("双溪乡").pk]


def test_an_unknown_township_in_a_list_is_named(tmp_path):
    saved = {k: list(v) for k, v in SHEETS.items()}
    try:
        SHEETS["工业"][0] = ("GY-01", "县工信局", "园区标准厂房三期", "东山镇、不存在乡", "新建", "2025-2026", 1.2, 0.6)
        result = run_import("projects", _workbook(tmp_path / "bad.xlsx"), year=2025)
    finally:
        SHEETS.update(saved)
    errors = [e for e in result.errors if e.code == "unknown_unit"]
    assert [(e.sheet, e.row, e.column) for e in errors] == [("工业", 4, "E列 所在乡镇")]
    assert "未知乡镇“不存在乡”" in errors[0].reason
    assert not Project.objects.exists()


def test_a_township_reporter_sees_the_projects_that_lie_in_it(tmp_path):
    from tests.registers_factories import reporter

    assert run_import("projects", _workbook(tmp_path / "domains.xlsx"), year=2025).written
    meishui = Project.objects.for_user(reporter("meishui", "梅水乡"))
    assert list(meishui.values_list("code", flat=True)) == ["JC-01"]
    assert list(Project.objects.in_township(unit("东山镇")).order_by("code").values_list("code", flat=True)) == [
        "GY-01", "JC-01"]
