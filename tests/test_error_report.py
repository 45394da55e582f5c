"""错误报告: the uploaded sheet comes back with each row's errors and warnings beside it; after a
confirm, the page links to what was imported."""

import io

from django.urls import reverse

import openpyxl
import pytest

from registers.imports.pipeline import ImportJob
from registers.models import Project
from tests.import_helpers import write_xlsx
from tests.registers_factories import hq_user, make_project

pytestmark = pytest.mark.django_db
HEADER = ["序号", "项目类别", "项目名称", "建设性质", "总投资", "年度计划投资", "责任单位"]


def _upload(client, path, **extra):
    with open(path, "rb") as handle:
        response = client.post(reverse("registers_import:upload"), {"kind": "projects", "file": handle, **extra})
    return response["Location"].rstrip("/").split("/")[-1]


def test_the_error_report_is_the_sheet_with_a_reason_column(client, tmp_path):
    client.force_login(hq_user())
    rows = [["上犹县2025年重大项目表"], ["单位：万元"], HEADER,
            [1, "工业", "报告甲项目", "新建", -5, 10, "县工信局"],
            [2, "工业", "报告乙项目", "新建", 100, 10, "不存在的局"],
            [3, "工业", "报告丙项目", "新建", 100, 10, "县工信局"]]
    token = _upload(client, write_xlsx(tmp_path / "bad.xlsx", {"工业": rows}), year=2025)
    page = client.get(reverse("registers_import:job", args=[token])).content.decode()
    report = reverse("registers_import:error_report", args=[token])
    assert report in page
    response = client.get(report)
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["工业"]
    assert sheet.cell(3, 8).value == "错误与警告（导入校验）"
    assert [sheet.cell(r, 3).value for r in (4, 5, 6)] == ["报告甲项目", "报告乙项目", "报告丙项目"]
    assert "不能为负数" in sheet.cell(4, 8).value
    assert "未知单位“不存在的局”" in sheet.cell(5, 8).value
    assert sheet.cell(6, 8).value is None


def test_after_the_confirm_a_link_to_the_imported_projects(client, tmp_path):
    client.force_login(hq_user())
    rows = [HEADER, [1, "工业", "链接项目", "新建", 100, 10, "县工信局"]]
    token = _upload(client, write_xlsx(tmp_path / "ok.xlsx", {"工业": rows}), year=2025)
    client.post(reverse("registers_import:confirm", args=[token]))
    assert ImportJob(token).state()["confirmed"] is True
    page = client.get(reverse("registers_import:job", args=[token])).content.decode()
    assert "查看导入的项目" in page
    listing = reverse(Project.snippet_viewset.get_url_name("list"))
    assert f"{listing}?year=2025&amp;imported={token}" in page
    other = make_project("不在本批的项目", "industry", "县工信局", year=2025, plan="10")
    shown = client.get(listing, {"year": 2025, "imported": token}).content.decode()
    assert "链接项目" in shown
    assert other.name not in shown
