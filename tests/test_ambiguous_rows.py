"""Repeated project names: matched by code, then by name and responsible unit; what stays
ambiguous is offered in the preview, and the user's choice is part of the confirm."""

from decimal import Decimal

from django.core.management import CommandError, call_command
from django.urls import reverse

import pytest

from registers.imports.pipeline import ImportJob, run_import
from registers.models import Project
from tests.import_helpers import write_xlsx
from tests.registers_factories import hq_user, make_project

pytestmark = pytest.mark.django_db

NAME = "高标准农田建设项目"
HEADER = ["序号", "项目类别", "项目名称", "建设性质", "总投资", "年度计划投资", "责任单位", "备注"]


@pytest.fixture
def same_named():
    return {unit: make_project(NAME, "agriculture", unit, year=2024, total=Decimal("1000"))
            for unit in ("东山镇", "营前镇", "黄埠镇")}


def _sheet(tmp_path, rows, name="farms.xlsx"):
    return write_xlsx(tmp_path / name, {"农业": [HEADER, *rows]})


def test_the_responsible_unit_tells_same_named_projects_apart(tmp_path, same_named):
    rows = [
        [1, "农业", NAME, "续建", 1200, 300, "东山镇", "东山"],
        [2, "农业", NAME, "续建", 1500, 300, "营前镇", "营前"],
    ]
    result = run_import("projects", _sheet(tmp_path, rows), year=2024)
    assert result.errors == []
    assert result.written
    assert Project.objects.get(pk=same_named["东山镇"].pk).remarks == "东山"
    assert Project.objects.get(pk=same_named["营前镇"].pk).remarks == "营前"
    assert Project.objects.get(pk=same_named["黄埠镇"].pk).remarks == ""


def test_an_ambiguous_row_lists_its_candidates(tmp_path, same_named):
    rows = [[1, "农业", NAME, "续建", 1200, 300, "县农业农村局", "?"]]
    result = run_import("projects", _sheet(tmp_path, rows), year=2024)
    [error] = result.errors
    assert error.code == "ambiguous_project"
    assert (error.sheet, error.row, error.column) == ("农业", 2, "C列 项目名称")
    assert [c["id"] for c in error.extra["candidates"]] == [p.pk for p in same_named.values()]
    assert "T" in error.reason and "东山镇" in error.reason and "总投资1,000万元" in error.reason
    with pytest.raises(CommandError):
        call_command("import_sheet", "projects", str(_sheet(tmp_path, rows, "cli.xlsx")), "--year", "2024")


def test_the_preview_offers_the_candidates_and_the_confirm_writes_the_choice(client, tmp_path, same_named):
    client.force_login(hq_user())
    rows = [[1, "农业", NAME, "续建", 1200, 300, "县农业农村局", "选中的"], [2, "农业", "另一个新项目", "新建", 50, 5,
                                                                       "东山镇", ""]]
    with open(_sheet(tmp_path, rows), "rb") as handle:
        response = client.post(reverse("registers_import:upload"), {"kind": "projects", "file": handle, "year": 2024})
    token = response["Location"].rstrip("/").split("/")[-1]
    page = client.get(reverse("registers_import:job", args=[token])).content.decode()
    assert "请选择同名项目" in page
    chosen = same_named["黄埠镇"]
    assert f'name="choice:农业|2" value="{chosen.pk}"' in page
    # a made-up id is ignored; the row stays ambiguous
    client.post(reverse("registers_import:choose", args=[token]), {"choice:农业|2": "999999"})
    assert [e.code for e in ImportJob(token).result().errors] == ["ambiguous_project"]
    client.post(reverse("registers_import:choose", args=[token]), {"choice:农业|2": str(chosen.pk)})
    job = ImportJob(token)
    assert job.result().errors == []
    assert job.result().dry_run
    client.post(reverse("registers_import:confirm", args=[token]))
    assert ImportJob(token).state()["confirmed"] is True
    assert Project.objects.get(pk=chosen.pk).remarks == "选中的"
    assert Project.objects.filter(name=NAME, remarks="选中的").count() == 1
    assert Project.objects.filter(name="另一个新项目").exists()


def test_match_by_name_and_unit_takes_a_new_units_row_as_a_new_project(tmp_path, same_named):
    rows = [[1, "农业", NAME, "新建", 800, 100, "油石乡", "油石"]]
    result = run_import("projects", _sheet(tmp_path, rows), year=2024, match_by="name+unit")
    assert result.errors == []
    assert Project.objects.filter(name=NAME).count() == 4


def test_match_by_code_needs_a_code_on_every_row(tmp_path, same_named):
    rows = [[1, "农业", NAME, "续建", 1200, 300, "东山镇", ""]]
    result = run_import("projects", _sheet(tmp_path, rows), year=2024, match_by="code")
    assert [e.code for e in result.errors] == ["missing_code"]
