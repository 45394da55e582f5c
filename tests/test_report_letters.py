"""The warning letters (预警提示函): one letter a month to each responsible unit with lagging
projects and to no other; each lists the unit's yellow and red projects with the query layer's
figures, the rule that put them there, the reply deadline, and is copied to their contact leaders."""

import datetime

from django.core import mail
from django.core.management import call_command

import pytest

from registers.core.scopes import GROUP_LEADER
from registers.duties.models import AssignmentKind, Leader, LeaderAssignment
from registers.models import Project
from tasks import periods
from tasks.cycles import UNIT, Scope, cycle
from tasks.document import load_wording
from tasks.models import ReportRun
from tests.registers_factories import add_progress, make_project, make_user, unit
from tests.report_helpers import flat_text, run_report

pytestmark = pytest.mark.django_db
JUNE = periods.of_month(2024, 6)  # 序时进度 50%: red at 30% of plan or less, yellow at 40% or less


@pytest.fixture
def world():
    """东山镇: one red, one yellow and one green project; 县工信局: one red; 县农业农村局: green only."""
    projects = {
        "red": make_project("东山镇红色滞后示范园项目", plan="1000", contact_leaders="王五"),
        "yellow": make_project("东山镇黄色滞后道路项目", plan="1000", contact_leaders="李四、王五"),
        "green": make_project("东山镇正常推进学校项目", plan="1000"),
        "industry": make_project("工信局滞后厂房项目", "industry", "县工信局", plan="2000"),
        "agri": make_project("农业局正常推进农田项目", unit_name="县农业农村局", plan="1000"),
    }
    for key, ytd in {"red": "200", "yellow": "350", "green": "600", "industry": "500", "agri": "700"}.items():
        add_progress(projects[key], 2024, 6, ytd)
    leader = Leader.objects.create(name="张三", post="副县长")
    LeaderAssignment.objects.create(leader=leader, kind=AssignmentKind.ONE_TO_ONE, year=2024,
                                    project=projects["red"])
    other_year = Leader.objects.create(name="赵六", post="县委常委")
    LeaderAssignment.objects.create(leader=other_year, kind=AssignmentKind.ONE_TO_ONE, year=2023,
                                    project=projects["red"])
    make_user("leader_zhang", GROUP_LEADER, leader_name="张三")
    return projects


def unit_scope(name):
    return Scope(UNIT, unit_id=unit(name).pk)


def test_only_units_with_lagging_projects_get_a_letter(world):
    scopes = cycle("warning_letters").scopes(JUNE)
    assert set(scopes) == {unit_scope("东山镇"), unit_scope("县工信局")}
    lagging_units = set(Project.objects.in_year(2024).with_figures(2024, 6).lagging()
                        .values_list("responsible_unit_id", flat=True))
    assert {scope.unit_id for scope in scopes} == lagging_units

    call_command("run_cycle", "warning_letters", period="2024-06")
    runs = ReportRun.objects.filter(kind="warning_letters", period="2024-06")
    assert {run.scope_key for run in runs} == {f"unit:{unit('东山镇').pk}", f"unit:{unit('县工信局').pk}"}
    assert all(run.status == "done" for run in runs)
    assert not runs.filter(unit=unit("县农业农村局")).exists()
    assert len({run.number for run in runs}) == 2  # each letter numbered on its own


def test_a_letter_lists_the_units_lagging_projects_with_the_query_layers_figures(world):
    run = run_report("warning_letters", "2024-06", unit_scope("东山镇"))
    assert run.status == "done", run.error
    lagging = (Project.objects.in_year(2024).with_figures(2024, 6).lagging()
               .filter(responsible_unit=unit("东山镇")))
    assert run.figures["red"] == lagging.filter(lag_level="red").count() == 1
    assert run.figures["yellow"] == lagging.filter(lag_level="yellow").count() == 1
    assert run.figures["red_projects"] == ["东山镇红色滞后示范园项目"]
    assert run.figures["yellow_projects"] == ["东山镇黄色滞后道路项目"]
    assert run.issued_on == datetime.date(2024, 7, 7)  # the 7th after the month
    assert run.figures["reply_by"] == "2024-07-14"  # issued + ReportWording.reply_days (7)

    text = flat_text(run)
    assert "关于东山镇重大项目进度滞后的预警提示函" in text
    assert f"{unit('东山镇').name}：" in text  # addressed to the unit's full name
    assert run.number in text and run.number.startswith("犹项战办〔2024〕")
    assert "东山镇红色滞后示范园项目" in text and "东山镇黄色滞后道路项目" in text
    assert "东山镇正常推进学校项目" not in text and "工信局滞后厂房项目" not in text
    red = lagging.get(lag_level="red")
    assert f"{red.pct_of_plan:.1f}%" == "20.0%" and "20.0%" in text  # 200 of 1,000, as the query layer says
    assert "1,000.00" in text and "200.00" in text and "50.0%" in text  # plan, 1-6月, 序时进度
    assert "30.0" in text and "15.0" in text  # points behind 序时进度 (50 − 20, 50 − 35)
    assert "红色" in text and "黄色" in text
    assert "完成率落后序时进度20个百分点及以上（严重滞后）" in text
    assert "完成率落后序时进度10个百分点及以上（滞后）" in text
    assert "请于7月14日前书面回复整改措施" in text


def test_a_letter_is_copied_to_the_projects_contact_leaders(world):
    run = run_report("warning_letters", "2024-06", unit_scope("东山镇"))
    assert run.status == "done", run.error
    text = flat_text(run)
    copied = text[text.index("抄送："):]
    assert "县“项目大会战”指挥部总指挥、副总指挥" in copied  # the wording's 抄送
    assert "挂点县领导张三、王五、李四" in copied  # the 2024 assignment, then Project.contact_leaders
    assert copied.count("王五") == 1  # named by two projects, copied once
    assert "赵六" not in text  # assigned to the project in another year
    assert run.figures["copied_leaders"] == ["张三", "王五", "李四"]
    recipients = {address for message in mail.outbox for address in message.to}
    assert "leader_zhang@example.com" in recipients  # the leader's account is emailed


def test_the_reply_deadline_follows_the_wording(world):
    wording = load_wording("warning_letters")
    wording.reply_days = 10
    wording.save()
    run = run_report("warning_letters", "2024-06", unit_scope("县工信局"))
    assert run.status == "done", run.error
    assert run.figures["reply_by"] == "2024-07-17"
    text = flat_text(run)
    assert "请于7月17日前书面回复整改措施" in text
    assert "工信局滞后厂房项目" in text and "张三" not in text
    assert run.figures == {**run.figures, "red": 1, "yellow": 0, "projects": 1}


def test_a_unit_without_lagging_projects_gets_no_letter(world):
    run = run_report("warning_letters", "2024-06", unit_scope("县农业农村局"))
    assert run.status == "failed"
    assert "没有进度滞后的项目" in run.error
    assert not run.file


def test_the_letters_month_is_the_month_before(world):
    letters = cycle("warning_letters")
    assert letters.period_for(datetime.date(2024, 7, 7)) == JUNE
    assert letters.issue_date(JUNE) == datetime.date(2024, 7, 7)
    assert letters.schedule.days == "7" and letters.schedule.hour == 9
