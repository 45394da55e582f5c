"""import_sheet issues / export_sheet issues: the 协调事项汇总表 as units keep it, against the keys."""

import datetime
import json

import pytest

from registers.imports.issues import parse_date, parse_tier
from registers.imports.pipeline import run_import
from registers.models import CoordinationIssue
from tests.import_helpers import SAMPLES, sample, write_xlsx

pytestmark = pytest.mark.django_db
D = datetime.date


def keys():
    return json.loads((SAMPLES / "duties" / "duties.answers.json").read_text())["issues"]


@pytest.fixture
def projects():
    assert run_import("projects", sample("projects_2022_full.xlsx")).ok


@pytest.mark.parametrize("value, day", [
    ("2022年6月17日", D(2022, 6, 17)), ("2022/6/3", D(2022, 6, 3)), ("2022.6.18", D(2022, 6, 18)),
    ("2022-06-19", D(2022, 6, 19)), (datetime.datetime(2022, 6, 27), D(2022, 6, 27)), (44739, D(2022, 6, 27)),
    (" 2022 年 6 月 1 日 ", D(2022, 6, 1)),
])
def test_dates_as_units_type_them(value, day):
    assert parse_date(value) == (day, "")


@pytest.mark.parametrize("value, why", [
    ("2022年6月31日", "不存在"), ("", "为空"), (None, "为空"), ("6月17日", "无法识别"), ("2022年2月29日", "不存在"),
])
def test_bad_dates_say_why(value, why):
    day, message = parse_date(value)
    assert day is None and why in message


def test_tiers():
    assert parse_tier("领导小组会") == ("group", "")
    assert parse_tier("调度推进会议") == ("dispatch", "")
    assert parse_tier("") == ("joint", "")
    assert parse_tier("常委会")[0] is None


def test_sample_imports_with_every_round_as_the_key_says(projects):
    key = keys()
    result = run_import("issues", sample("duties/issues_2022_06.xlsx"))
    assert result.ok and result.written, [str(i) for i in result.errors]
    assert CoordinationIssue.objects.count() == key["count"]
    rounds = {}
    for issue in CoordinationIssue.objects.all():
        rounds[issue.round_date.isoformat()] = rounds.get(issue.round_date.isoformat(), 0) + 1
    assert rounds == key["rounds"]
    by_row = {row.row: row.figures.get("round") for row in result.rows}
    for record in key["records"]:
        assert by_row[record["row"]] == record["round"], record
    again = run_import("issues", sample("duties/issues_2022_06.xlsx"))
    assert again.ok and not again.changed
    assert CoordinationIssue.objects.count() == key["count"]


def test_dirty_sample_is_refused_whole_naming_each_row(projects):
    bad = keys()["dirty"]["bad_rows"]
    result = run_import("issues", sample("duties/" + keys()["dirty"]["file"]))
    assert not result.written
    assert CoordinationIssue.objects.count() == 0
    rows = {issue.row: issue for issue in result.errors}
    assert set(rows) == set(bad.values())
    assert "未知项目" in rows[bad["unknown project"]].reason and rows[bad["unknown project"]].column == "B列 项目名称"
    assert "不存在" in rows[bad["no such date"]].reason and rows[bad["no such date"]].column == "H列 提报日期"
    assert "为空" in rows[bad["no date"]].reason
    assert "第15行" in str(rows[bad["unknown project"]])


def test_unknown_unit_and_missing_columns(projects, tmp_path):
    path = write_xlsx(tmp_path / "issues.xlsx", {"协调事项": [
        ["序号", "项目名称", "提报单位", "存在问题", "提报日期"],
        [1, "上犹县城南棚户区改造项目", "县不存在局", "征地", "2022/6/13"],
    ]})
    result = run_import("issues", path)
    assert not result.written
    assert any("未知单位“县不存在局”" in i.reason and i.column == "C列 提报单位" for i in result.errors)
    path = write_xlsx(tmp_path / "cols.xlsx", {"协调事项": [["序号", "项目名称", "提报单位", "存在问题"],
                                                             [1, "某项目", "县住建局", "征地"]]})
    result = run_import("issues", path)
    assert any("提报日期" in i.reason for i in result.errors)


def test_export_of_a_month_reads_back_unchanged(projects, tmp_path):
    from openpyxl import load_workbook

    from registers.exports.writer import export_sheet

    assert run_import("issues", sample("duties/issues_2022_06.xlsx")).ok
    target = tmp_path / "out.xlsx"
    count = export_sheet("issues", target, year=2022, month=6)
    assert count == keys()["rounds"]["2022-06-03"] + keys()["rounds"]["2022-06-18"]
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "序号")
    rounds = {r[header.index("收集批次")] for r in rows[rows.index(header) + 1:] if r and isinstance(r[0], int)}
    assert rounds == {"2022-06-03", "2022-06-18"}
    again = run_import("issues", target)
    assert again.ok and not again.changed, [str(i) for i in again.errors]
