"""Export writes the bureau layout, escapes formula-like text, and imports back unchanged."""

import csv

from django.core.management import call_command
from django.urls import reverse

import openpyxl
import pytest

from registers.imports.pipeline import run_import
from registers.models import Project
from tests.import_helpers import sample

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_exported_projects_import_back_unchanged(tmp_path, suffix):
    assert run_import("projects", sample("projects_2022_full.xlsx")).ok
    target = tmp_path / f"out.{suffix}"
    call_command("export_sheet", "projects", "--year", "2022", "-o", str(target))
    again = run_import("projects", target)
    assert again.ok, [str(e) for e in again.errors][:5]
    assert (again.year, again.month) == (2022, 5)
    assert again.status_counts()["unchanged"] == 600 and not again.changed


def test_export_layout_title_unit_headers_sections_total(tmp_path):
    assert run_import("projects", sample("projects_2022_full.xlsx")).ok
    target = tmp_path / "out.xlsx"
    call_command("export_sheet", "projects", "--year", "2022", "--month", "5", "-o", str(target))
    ws = openpyxl.load_workbook(target).active
    assert "2022年" in ws["A1"].value and ws["A2"].value == "单位：万元"
    assert ws["A3"].value == "序号" and ws.cell(4, 11).value == "1-5月完成投资"
    headers = [c.value for c in ws[3]]
    assert headers[3:5] == ["所在乡镇", "建设地点"]  # 梅水乡、东山镇 / 全县 (projects.locations)
    assert "项目编码" not in headers  # no project has a code: no empty column, as the bureau's sheet
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A3:A4", "J3:L3", "A5:G5", "A6:G6"} <= merged  # header groups; section labels span A:G
    assert ws["A5"].value == "合计（600个）" and ws["A6"].value == "一、工业项目（152个）"
    assert ws.cell(5, 8).value == 2998770  # 总投资 of the 合计 row
    assert ws.cell(5, 10).number_format == "#,##0.00" and ws.cell(7, 11).number_format == "#,##0.00"
    assert ws.cell(7, 12).number_format == "0.0"
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1 and ws.print_title_rows == "$3:$4"
    long_row = next(r for r in range(7, 40) if len(ws.cell(r, 6).value or "") > 40)
    assert ws.row_dimensions[long_row].height > ws.row_dimensions[5].height  # long text gets its lines


def test_export_keeps_the_code_column_when_projects_have_codes(tmp_path):
    assert run_import("projects", sample("projects_2022_full.xlsx")).ok
    Project.objects.filter(pk=Project.objects.order_by("pk").first().pk).update(code="GX-2022-001")
    target = tmp_path / "codes.xlsx"
    call_command("export_sheet", "projects", "--year", "2022", "-o", str(target))
    ws = openpyxl.load_workbook(target).active
    assert ws["B3"].value == "项目编码" and ws.cell(7, 2).value == "GX-2022-001"
    again = run_import("projects", target)
    assert again.ok and not again.changed


def test_formula_like_names_are_escaped_on_export(tmp_path):
    assert run_import("projects", sample("bad_inputs/hyperlink_injection.xlsx")).ok
    for suffix in ("csv", "xlsx"):
        target = tmp_path / f"inj.{suffix}"
        call_command("export_sheet", "projects", "--year", "2022", "-o", str(target))
        if suffix == "csv":
            cells = [c for row in csv.reader(target.read_text(encoding="utf-8-sig").splitlines()) for c in row]
        else:
            cells = [c.value for row in openpyxl.load_workbook(target).active.iter_rows() for c in row]
        texts = [c for c in cells if isinstance(c, str)]
        assert not [t for t in texts if t and t[0] in "=+-@"], "unescaped formula-like text"
        assert "'=HYPERLINK" in "".join(texts)
        back = run_import("projects", target)
        assert back.ok and not back.changed  # the escape is undone on import: round trip exact
    assert Project.objects.filter(name__startswith="=HYPERLINK").count() == 1


def test_commissioners_round_trip(tmp_path):
    assert run_import("commissioners", sample("commissioners.xlsx")).ok
    for suffix in ("xlsx", "csv"):
        target = tmp_path / f"c.{suffix}"
        call_command("export_sheet", "commissioners", "-o", str(target))
        again = run_import("commissioners", target)
        assert again.ok and again.status_counts()["unchanged"] == 120 and not again.changed


def test_admin_upload_preview_then_confirm_writes_once(admin_client):
    url = reverse("registers_import:upload")
    assert admin_client.get(url).status_code == 200
    with open(sample("bad_inputs/formulas_totals.xlsx"), "rb") as handle:
        response = admin_client.post(url, {"kind": "projects", "file": handle})
    assert response.status_code == 302
    preview = admin_client.get(response["Location"] + "?show=all")
    assert preview.status_code == 200 and "确认导入" in preview.content.decode()
    assert "新增" in preview.content.decode() and not Project.objects.exists()  # preview wrote nothing
    confirm = response["Location"] + "confirm/"
    admin_client.post(confirm)
    assert Project.objects.count() == 10
    admin_client.post(confirm)  # a second confirm is refused: no double import
    assert Project.objects.count() == 10


def test_admin_bad_file_is_one_message(admin_client):
    with open(sample("bad_inputs/renamed_text.xlsx"), "rb") as handle:
        response = admin_client.post(reverse("registers_import:upload"), {"kind": "projects", "file": handle},
                                     follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "不是有效的Excel .xlsx 文件" in page and "Traceback" not in page


def test_admin_large_file_runs_as_task_with_progress(admin_client, settings):
    settings.IMPORT_ASYNC_THRESHOLD_KB = 1  # force the Huey path (immediate mode in tests)
    with open(sample("bad_inputs/formulas_totals.xlsx"), "rb") as handle:
        response = admin_client.post(reverse("registers_import:upload"), {"kind": "projects", "file": handle})
    status = admin_client.get(response["Location"] + "status/").json()
    assert status["status"] == "done" and status["total"] == 10
    admin_client.post(response["Location"] + "confirm/")
    assert Project.objects.count() == 10


def test_admin_export_download(admin_client):
    assert run_import("commissioners", sample("commissioners.xlsx")).ok
    response = admin_client.get(reverse("registers_import:export"), {"kind": "commissioners", "format": "csv"})
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
