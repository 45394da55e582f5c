"""import_sheet leaders / leader_log / commissioner_log and export_sheet compliance, against the keys
(shared/samples/duties/duties.answers.json), on top of the 2022 project list."""

import datetime
import json

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from openpyxl import load_workbook

from registers.duties.models import (
    ActivityKind,
    AssignmentKind,
    CommissionerDuty,
    DutyKind,
    Leader,
    LeaderActivity,
    LeaderAssignment,
    LiaisonCommissioner,
)
from registers.duties.queries import Period
from registers.exports.writer import export_sheet
from registers.imports.pipeline import run_import
from registers.models import Project
from snippets.models import Unit
from tests.import_helpers import SAMPLES, sample, write_xlsx

pytestmark = pytest.mark.django_db


def keys():
    return json.loads((SAMPLES / "duties" / "duties.answers.json").read_text())


def duty(name):
    return sample(f"duties/{name}")


@pytest.fixture
def projects():
    assert run_import("projects", sample("projects_2022_full.xlsx")).ok


@pytest.fixture
def leaders(projects):
    result = run_import("leaders", duty("leaders_2022.xlsx"))
    assert result.ok, [str(i) for i in result.errors]
    return result


@pytest.fixture
def leader_log(leaders):
    result = run_import("leader_log", duty("leader_log_2022_q2.xlsx"))
    assert result.ok, [str(i) for i in result.errors]
    return result


def _snapshot():
    return (sorted(LeaderAssignment.objects.values_list("pk", "leader_id", "kind", "project_id", "domain_id",
                                                        "liaison_unit_id", "notes", "updated_at")),
            sorted(Leader.objects.values_list("pk", "name", "post")),
            sorted(LeaderActivity.objects.values_list("pk", "assignment_id", "date", "kind", "summary")))


def test_leaders_sheet_gives_the_assignments_of_the_key(leaders):
    key = keys()["leaders"]
    assert leaders.year == 2022
    one = LeaderAssignment.objects.filter(kind=AssignmentKind.ONE_TO_ONE, year=2022).select_related(
        "leader", "project", "liaison_unit")
    # The key names a liaison unit as the sheet does (an alias: 县工业园管委会 for 县工业园区管委会).
    assert sorted((a.leader.name, a.project.name, a.liaison_unit_id) for a in one) == sorted(
        (r["leader"], r["project"], Unit.objects.resolve(r["liaison_unit"]).pk) for r in key["one_to_one"])
    domain = LeaderAssignment.objects.filter(kind=AssignmentKind.DOMAIN, year=2022).select_related("leader", "domain")
    assert sorted((a.leader.name, a.leader.post, a.domain.name) for a in domain) == sorted(
        (r["leader"], r["post"], r["domain"]) for r in key["domain"])
    assert Leader.objects.get(name="王某甲").post == "县委书记"


def test_leaders_sheet_twice_changes_nothing(leaders):
    before = _snapshot()
    again = run_import("leaders", duty("leaders_2022.xlsx"))
    assert again.ok and not again.changed
    assert again.status_counts()["unchanged"] == len(keys()["leaders"]["one_to_one"]) + len(keys()["leaders"]["domain"])
    assert _snapshot() == before


def test_dirty_leaders_sheet_is_refused_whole_naming_the_rows(projects):
    dirty = keys()["leaders"]["dirty"]
    result = run_import("leaders", duty(dirty["file"]))
    assert not result.ok and not result.written
    bad = {(i.sheet, i.row) for i in result.errors}
    assert bad == {(dirty["sheet"], row) for row in dirty["bad_rows"].values()}
    by_row = {i.row: f"{i.column} {i.reason}" for i in result.errors}
    assert "王某甲" in by_row[dirty["bad_rows"]["a 4th one-to-one project for 王某甲"]]
    assert "3个项目" in by_row[dirty["bad_rows"]["a 4th one-to-one project for 王某甲"]]
    assert "县招商服务中心" in by_row[dirty["bad_rows"]["unknown liaison unit 县招商服务中心"]]
    assert "服务联络部门" in by_row[dirty["bad_rows"]["unknown liaison unit 县招商服务中心"]]
    assert "未知项目" in by_row[dirty["bad_rows"]["unknown project"]]
    assert not LeaderAssignment.objects.exists() and not Leader.objects.exists()


def test_a_fourth_project_counts_the_register_too(leaders, tmp_path):
    """Two more projects for 王某甲 in a later file: the first is his 3rd, the second his 4th."""
    names = list(Project.objects.exclude(leader_assignments__isnull=False).values_list("name", flat=True)[:2])
    path = write_xlsx(tmp_path / "more.xlsx", {"一对一": [
        ["2022年县领导“一对一”挂点联系重大项目安排表"], ["序号", "挂点领导", "职务", "挂点项目", "服务联络部门"],
        [1, "王某甲", "县委书记", names[0], "县发改委"], [2, "王某甲", "县委书记", names[1], "县发改委"]]})
    result = run_import("leaders", path)
    assert [i.row for i in result.errors] == [4]
    assert "已一对一挂点3个项目" in result.errors[0].reason


def test_leader_log_gives_the_compliance_of_the_key(leader_log):
    key = keys()["leader_log"]
    assert LeaderActivity.objects.count() == key["entries"] == 138
    period = Period.of(key["year"], quarter=key["quarter"])
    rows = {(a.leader.name, a.target): a for a in
            LeaderAssignment.objects.filter(year=2022).with_compliance(period).select_related("leader", "project",
                                                                                              "domain")}
    assert len(rows) == len(key["compliance"])
    for record in key["compliance"]:
        a = rows[(record["leader"], record["project"])]
        for name in ("report_months", "site_visits", "meeting_months", "met"):
            if name in record:
                assert getattr(a, name) == record[name], (record, name)
    assert sum(1 for a in rows.values() if not a.met) == key["not_met"]


def test_leader_log_twice_changes_nothing(leader_log):
    before = _snapshot()
    again = run_import("leader_log", duty("leader_log_2022_q2.xlsx"))
    assert again.ok and not again.changed and again.status_counts()["unchanged"] == 138
    assert _snapshot() == before


def test_leader_log_errors_name_the_row(leaders, tmp_path):
    path = write_xlsx(tmp_path / "log.xlsx", {"台账": [
        ["2022年工作台账"], ["序号", "日期", "挂点领导", "挂点项目", "活动类型", "内容摘要"],
        [1, datetime.datetime(2022, 4, 6), "王某甲", "上犹县东山镇农光互补光伏电站项目", "听取汇报", "汇报"],
        [2, "2022年4月31日", "王某甲", "上犹县东山镇农光互补光伏电站项目", "听取汇报", "汇报"],
        [3, "2022/4/7", "王某甲", "上犹县东山镇农光互补光伏电站项目", "座谈", "座谈"],
        [4, "2022/4/8", "陈某乙", "上犹县东山镇农光互补光伏电站项目", "现场调研", "调研"],
        [5, "2022/4/9", "卢丽君", "工业领域", "现场调研", "调研"],
        [6, "2022/4/9", "卢丽君", "农业领域", "协调会", "协调会"]]})
    result = run_import("leader_log", path)
    reasons = {i.row: i.reason for i in result.errors}
    assert sorted(reasons) == [4, 5, 6, 7, 8]
    assert "不存在" in reasons[4]
    assert "座谈" in reasons[5] and "听取汇报" in reasons[5]
    assert "陈某乙" in reasons[6] and "没有挂点" in reasons[6]
    assert "协调会" in reasons[7]
    assert "农业领域" in reasons[8]
    assert not LeaderActivity.objects.exists()


# --- compliance export ---------------------------------------------------------------------------


def _read(path):
    book = load_workbook(path)
    sheets = {}
    for ws in book.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        head = next(i for i, r in enumerate(rows) if r and r[0] == "序号")
        header = list(rows[head])
        sheets[ws.title] = [dict(zip(header, r, strict=False)) for r in rows[head + 1:] if isinstance(r[0], int)]
    return sheets


def test_compliance_export_reads_back_with_the_key_figures(leader_log, tmp_path):
    key = keys()["leader_log"]
    target = tmp_path / "compliance.xlsx"
    call_command("export_sheet", "compliance", "--year", "2022", "--quarter", "2", "-o", str(target))
    sheets = _read(target)
    assert list(sheets) == ["县领导", "对接专员"]
    rows = {(r["挂点领导"], r["挂点项目"]): r for r in sheets["县领导"]}
    assert len(rows) == len(key["compliance"])
    for record in key["compliance"]:
        row = rows[(record["leader"], record["project"])]
        if "report_months" in record:
            figures = (row["听取汇报（月数）"], row["现场调研（次数）"])
            assert figures == (record["report_months"], record["site_visits"])
        else:
            assert row["协调会（月数）"] == record["meeting_months"]
        assert row["是否达标"] == ("是" if record["met"] else "否")
    assert sum(1 for r in rows.values() if r["是否达标"] == "否") == key["not_met"]


def test_compliance_export_refuses_csv(leaders, tmp_path):
    with pytest.raises(ValueError, match="xlsx"):
        export_sheet("compliance", tmp_path / "c.csv", year=2022, quarter=2)


def _export_queries(path) -> int:
    with CaptureQueriesContext(connection) as captured:
        export_sheet("compliance", path, year=2022, quarter=2)
    return len(captured.captured_queries)


def test_compliance_export_query_count_does_not_grow(leaders, commissioners, tmp_path):
    assignments = list(LeaderAssignment.objects.filter(year=2022))
    kinds = {AssignmentKind.ONE_TO_ONE: [ActivityKind.REPORT, ActivityKind.VISIT],
             AssignmentKind.DOMAIN: [ActivityKind.MEETING]}

    def fill(count):
        LeaderActivity.objects.all().delete()
        LeaderActivity.objects.bulk_create(
            LeaderActivity(assignment=a, date=datetime.date(2022, 4 + n % 3, 1 + n % 28),
                           kind=kinds[a.kind][n % len(kinds[a.kind])], summary=f"第{n}次")
            for n, a in ((n, assignments[n % len(assignments)]) for n in range(count)))

    fill(10)
    few = _export_queries(tmp_path / "few.xlsx")
    fill(5000)
    many = _export_queries(tmp_path / "many.xlsx")
    assert LeaderActivity.objects.count() == 5000
    assert few == many
    assert many <= 4


# --- 对接专员履职台账 ------------------------------------------------------------------------------


@pytest.fixture
def commissioners(projects):
    unit = Unit.objects.resolve("县发改委")
    first, second, third = Project.objects.order_by("pk")[:3]
    a = LiaisonCommissioner.objects.create(name="张专员", unit=unit, year=2022)
    a.projects.set([first, second])
    a.save()  # a ParentalManyToManyField is written with its model
    b = LiaisonCommissioner.objects.create(name="李专员", unit=unit, year=2022)
    b.projects.set([third])
    b.save()
    return a, b, (first, second, third)


def _duty_sheet(path, rows):
    return write_xlsx(path, {"履职台账": [["2022年对接专员履职台账"],
                                      ["序号", "日期", "对接专员", "所在单位", "项目名称", "类型", "情况记录"], *rows]})


def test_commissioner_log_round_trip(commissioners, tmp_path):
    a, b, (first, second, third) = commissioners
    good = [[1, datetime.datetime(2022, 4, 6), "张专员", "县发改委", first.name, "电话联络", "电话了解进度"],
            [2, "2022/4/13", "张专员", "发改委", second.name, "现场走访", "现场查看"],
            [3, "2022年4月14日", "李专员", "县发改委", third.name, "代办事项", "代办施工许可"]]
    path = _duty_sheet(tmp_path / "duties.xlsx", good)
    result = run_import("commissioner_log", path)
    assert result.ok, [str(i) for i in result.errors]
    assert CommissionerDuty.objects.count() == 3
    assert set(CommissionerDuty.objects.values_list("commissioner__name", "kind")) == {
        ("张专员", DutyKind.CALL), ("张专员", DutyKind.VISIT), ("李专员", DutyKind.ERRAND)}
    again = run_import("commissioner_log", path)
    assert again.ok and not again.changed and CommissionerDuty.objects.count() == 3
    row = LiaisonCommissioner.objects.with_compliance(Period.of(2022, month=4)).get(pk=a.pk)
    assert (row.call_weeks, row.visit_months, row.met) == (1, 1, False)

    bad = _duty_sheet(tmp_path / "bad.xlsx", [
        *good, [4, "2022年4月31日", "张专员", "县发改委", first.name, "电话联络", "日期不存在"],
        [5, "2022/4/20", "王专员", "县发改委", first.name, "电话联络", "无此专员"],
        [6, "2022/4/21", "李专员", "县发改委", first.name, "电话联络", "不是他的项目"],
        [7, "2022/4/22", "李专员", "县发改委", third.name, "开会", "类型不对"]])
    result = run_import("commissioner_log", bad)
    reasons = {i.row: f"{i.column} {i.reason}" for i in result.errors}
    assert sorted(reasons) == [6, 7, 8, 9]
    assert "日期" in reasons[6] and "不存在" in reasons[6]
    assert "王专员" in reasons[7]
    assert "对接项目" in reasons[8]
    assert "开会" in reasons[9]
    assert not result.written
    assert CommissionerDuty.objects.count() == 3


def test_the_office_imports_sees_gaps_fixes_them_and_the_export_follows(leader_log, client, tmp_path):
    """The issue's "done when": after the 安排表 and the quarter's 台账, the check lists a ≥1亿 project
    without a liaison commissioner and a leader without the quarter's visit; fixing one of each
    changes the check and the compliance export."""
    from django.urls import reverse

    from registers.models import LeaderActivity, LeaderAssignment, LiaisonCommissioner, Project
    from tests.registers_factories import hq_user

    project = Project.objects.get(name="上犹县东山镇农光互补光伏电站项目")
    Project.objects.filter(pk=project.pk).update(social_investment=15000)
    client.force_login(hq_user())
    page = client.get(reverse("duties_check"), {"year": 2022, "month": 6}).content.decode()
    lacking = page.split("二、")[0]
    assert project.name in lacking
    no_visit = page.split("四、")[1].split("五、")[0]
    assert project.name in no_visit  # 王某甲: reports every month, no visit in Q2 (the key: met false)

    assignment = LeaderAssignment.objects.get(leader__name="王某甲", project=project)
    LeaderActivity.objects.create(assignment=assignment, date=datetime.date(2022, 6, 28), kind="visit")
    commissioner = LiaisonCommissioner.objects.create(name="周某", unit=project.responsible_unit, year=2022)
    commissioner.projects.set([project])
    commissioner.save()
    page = client.get(reverse("duties_check"), {"year": 2022, "month": 6}).content.decode()
    assert project.name not in page.split("二、")[0] and project.name not in page.split("四、")[1].split("五、")[0]

    target = tmp_path / "compliance.xlsx"
    call_command("export_sheet", "compliance", "--year", "2022", "--quarter", "2", "-o", str(target))
    sheets = _read(target)
    row = next(r for r in sheets["县领导"] if r["挂点领导"] == "王某甲" and r["挂点项目"] == project.name)
    assert (row["现场调研（次数）"], row["是否达标"]) == (1, "是")
    assert any(r["对接专员"] == "周某" for r in sheets["对接专员"])
    assert sum(1 for r in sheets["县领导"] if r["是否达标"] == "否") == keys()["leader_log"]["not_met"] - 1
