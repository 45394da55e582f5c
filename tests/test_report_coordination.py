"""The coordination report cycles (tasks.cycles.coordination): the collection reminder before each
round, the proposed agenda after it, and the monthly ledger escalation — each run through the
runner, with its figures, recipients and PDF text."""

import datetime

from django.core import mail

import pypdf
import pytest

from registers.models import IssueStatus, LedgerStatus, MeetingState, MeetingTier, Notice
from tasks import periods
from tasks.cycles import Scope, cycle
from tasks.runner import ensure_run, execute
from tests.coordination_helpers import decide, make_issue, make_meeting
from tests.registers_factories import domain, make_project, make_user, unit

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def reports_root(settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"


def run_kind(kind, period):
    run, created = ensure_run(kind, period, Scope())
    assert created
    return execute(run.pk)


def pdf_text(run) -> list[str]:
    """Each page's text, whitespace removed (the CJK lines wrap anywhere)."""
    return ["".join(page.extract_text().split()) for page in pypdf.PdfReader(run.path).pages]


def noticed(run) -> set[int]:
    return set(Notice.objects.filter(kind=f"report:{run.kind}").values_list("unit_id", flat=True))


def test_collection_reminder_is_for_the_next_round_and_issued_before_it():
    reminder = cycle("collection_reminder")
    assert reminder.period_for(D(2026, 11, 1)) == periods.of_round(D(2026, 11, 3))
    assert reminder.period_for(D(2026, 11, 16)) == periods.of_round(D(2026, 11, 18))
    assert reminder.period_for(D(2026, 12, 31)) == periods.of_round(D(2027, 1, 3))
    assert reminder.issue_date(periods.of_round(D(2026, 11, 18))) == D(2026, 11, 16)
    assert reminder.issue_date(periods.of_round(D(2027, 1, 3))) == D(2027, 1, 1)
    assert (reminder.period_type, reminder.schedule.days, reminder.numbered) == ("round", "1,16", False)


def test_collection_reminder_lists_the_rounds_issues_by_unit_and_reaches_every_responsible_unit():
    tea = make_project("东山镇茶叶基地", unit_name="东山镇", year=2026)
    road = make_project("工业园区道路", domain_code="industry", unit_name="县工信局", year=2026)
    make_project("早年完工项目", unit_name="县发改委", year=2020)  # not in 2026's register: no reminder
    make_user("dongshan", unit_name="东山镇")  # dongshan@example.com: the unit's user gets the email
    make_issue(tea, "东山镇", D(2026, 11, 17), problem="茶园道路用地未报批")
    make_issue(road, "县工信局", D(2026, 11, 5), tier=MeetingTier.GROUP, problem="园区供电线路迁改滞后")
    make_issue(tea, "东山镇", D(2026, 11, 2), problem="上一批次的问题")  # the 3rd's round
    run = run_kind("collection_reminder", periods.of_round(D(2026, 11, 18)))
    assert run.status == "done", run.error
    assert run.number == "" and run.issued_on == D(2026, 11, 16)
    assert run.figures["collected"] == 2 and run.figures["units_reporting"] == 2
    assert run.figures["by_tier"] == {"调度推进会": 0, "领导小组会": 1, "部门联席会": 1}
    assert noticed(run) == {unit("东山镇").pk, unit("县工信局").pk}
    assert [m.to for m in mail.outbox] == [["dongshan@example.com"]]
    text = "".join(pdf_text(run))
    assert "关于报送重大项目需县级协调解决问题的提醒（2026年11月18日批次）" in text
    assert "2026年11月18日前" in text
    assert "东山镇1个" in text and "县工信局1个" in text
    assert "茶园道路用地未报批" in text and "园区供电线路迁改滞后" in text
    assert "上一批次的问题" not in text


def test_proposed_agenda_is_of_the_last_round():
    agenda = cycle("proposed_agenda")
    assert agenda.period_for(D(2026, 11, 19)) == periods.of_round(D(2026, 11, 18))
    assert agenda.period_for(D(2026, 11, 4)) == periods.of_round(D(2026, 11, 3))
    assert agenda.period_for(D(2027, 1, 2)) == periods.of_round(D(2026, 12, 18))
    assert agenda.issue_date(periods.of_round(D(2026, 11, 18))) == D(2026, 11, 19)


def test_proposed_agenda_lists_the_next_meeting_of_each_tier_and_the_waiting_issues():
    tea = make_project("东山镇茶叶基地", unit_name="东山镇", year=2026)
    road = make_project("工业园区道路", domain_code="industry", unit_name="县工信局", year=2026)
    joint_issue = make_issue(tea, "东山镇", D(2026, 11, 17), status=IssueStatus.CONSULTED, problem="茶园用地报批慢")
    make_issue(tea, "县农业农村局", D(2026, 11, 16), status=IssueStatus.CONSULTED, tier=MeetingTier.GROUP,
               problem="茶叶加工厂环评未批")
    make_issue(road, "县工信局", D(2026, 11, 10), status=IssueStatus.CONSULTED, tier=MeetingTier.DISPATCH,
               problem="园区道路资金缺口")
    make_issue(tea, "县发改委", D(2026, 11, 18), problem="尚未会商的问题")  # raised only: on no agenda
    october = make_meeting(D(2026, 10, 20), title="10月部门联席会")
    decide(october, ["县自然资源局11月底前完成茶园用地组卷"], project=tea)
    make_meeting(D(2026, 11, 25), state=MeetingState.PLANNED, title="11月部门联席会")
    make_meeting(D(2026, 12, 20), state=MeetingState.PLANNED, title="12月部门联席会")  # not the next one
    make_meeting(D(2026, 11, 22), state=MeetingState.CANCELLED, title="取消的联席会")
    make_meeting(D(2026, 11, 24), MeetingTier.GROUP, state=MeetingState.PLANNED, domain=domain("agriculture"),
                 title="11月农业领导小组会")
    run = run_kind("proposed_agenda", periods.of_round(D(2026, 11, 18)))
    assert run.status == "done", run.error
    meetings = {m["title"]: (m["issues"], m["open_items"]) for m in run.figures["meetings"]}
    assert meetings == {"11月农业领导小组会": (1, 0), "11月部门联席会": (1, 1)}
    assert run.figures["waiting"] == {"调度推进会": 1} and run.figures["collected"] == 4
    assert noticed(run) == {unit("东山镇").pk, unit("县农业农村局").pk, unit("县工信局").pk}
    text = "".join(pdf_text(run))
    assert "11月农业领导小组会" in text and "11月部门联席会" in text
    assert "12月部门联席会" not in text and "取消的联席会" not in text
    assert "茶园用地报批慢" in text and "茶叶加工厂环评未批" in text
    assert "县自然资源局11月底前完成茶园用地组卷" in text and "上次会议：10月部门联席会" in text
    assert "尚未安排会议的议题" in text and "园区道路资金缺口" in text
    assert "尚未会商的问题" not in text
    group = text.index("一、领导小组会（农业）：11月农业领导小组会")
    joint = text.index("二、部门联席会：11月部门联席会")
    assert group < text.index("茶叶加工厂环评未批") < joint < text.index(joint_issue.problem)


def test_ledger_escalation_reports_the_month_before():
    ledger = cycle("ledger_escalation")
    assert ledger.period_for(D(2026, 11, 2)) == periods.of_month(2026, 10)
    assert ledger.period_for(D(2027, 1, 2)) == periods.of_month(2026, 12)
    assert ledger.issue_date(periods.of_month(2026, 10)) == D(2026, 11, 2)


def test_ledger_escalation_lists_the_months_meetings_and_the_escalated_items_by_level():
    tea = make_project("东山镇茶叶基地", unit_name="东山镇", year=2026)
    august = make_meeting(D(2026, 8, 10), title="8月部门联席会")
    _minutes, (late, done) = decide(august, ["茶园用地组卷报批", "已办结的事项"], project=tea,
                                    deadline=D(2026, 9, 30))
    done.status, done.checked_off_on, done.evidence = LedgerStatus.CHECKED_OFF, D(2026, 8, 20), "已完成"
    done.save()
    september = make_meeting(D(2026, 9, 10), title="9月部门联席会")
    decide(september, ["茶叶加工厂环评审批"], project=tea, units=("县住建局",))
    october = make_meeting(D(2026, 10, 12), title="10月部门联席会")
    decide(october, ["本月新议定的事项"], project=tea, units=("县财政局",))
    make_meeting(D(2026, 10, 20), MeetingTier.GROUP, state=MeetingState.PLANNED, domain=domain("agriculture"),
                 title="未召开的领导小组会")
    run = run_kind("ledger_escalation", periods.of_month(2026, 10))
    assert run.status == "done", run.error
    assert run.figures["meetings_held"] == 1
    assert (run.figures["criticism"], run.figures["explain"], run.figures["overdue"]) == (1, 1, 1)
    assert run.figures["escalation"] == {"通报批评": 1, "说明原因": 1}
    assert noticed(run) == {unit("县自然资源局").pk, unit("县住建局").pk}
    assert run.number.startswith("犹项战办〔2026〕") and late.status == LedgerStatus.OPEN
    text = "".join(pdf_text(run))
    assert "10月部门联席会" in text and "未召开的领导小组会" not in text
    criticism, explain = text.index("通报批评（1项）"), text.index("说明原因（1项）")
    assert criticism < text.index("茶园用地组卷报批") < explain < text.index("茶叶加工厂环评审批")
    assert "已逾期" in text and "本月新议定的事项" not in text.split("二、督办升级事项")[1]
    assert "已办结的事项" not in text


@pytest.mark.parametrize("kind, period", [
    ("collection_reminder", periods.of_round(D(2026, 12, 3))), ("proposed_agenda", periods.of_round(D(2026, 12, 3))),
    ("ledger_escalation", periods.of_month(2026, 12)),
])
def test_a_quiet_period_still_makes_a_document(kind, period):
    run = run_kind(kind, period)
    assert run.status == "done", run.error
    assert noticed(run) == set()
    assert "无" in "".join(pdf_text(run))
