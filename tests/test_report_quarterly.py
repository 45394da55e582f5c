"""The quarterly report to the county leaders (季度汇总专报): every figure is the query layer's —
the targets, the month-by-month trend, the four actions of the quarter, the ledger and its
escalations, the duty compliance of the quarter and the special-inspection list of ≥1亿元 projects."""

import datetime
from decimal import Decimal

from django.core import mail

import pytest

from registers.core.periods import Period
from registers.core.scopes import GROUP_LEADER
from registers.duties.models import (
    ActivityKind,
    AssignmentKind,
    Leader,
    LeaderActivity,
    LeaderAssignment,
    LiaisonCommissioner,
)
from registers.models import LedgerItem, LedgerStatus, Project
from registers.projects.models.actions import GroundbreakingRound, ObservationMeeting
from snippets.models import CampaignYear, DomainTarget
from tasks import periods
from tasks.cycles import Scope, cycle
from tests.coordination_helpers import decide, make_meeting
from tests.registers_factories import add_progress, domain, make_project, make_user, unit
from tests.report_helpers import flat_text, run_report

pytestmark = pytest.mark.django_db
Q2 = periods.of_quarter(2024, 2)
D = datetime.date


@pytest.fixture
def world():
    projects = {
        "farm": make_project("季报农业示范园项目", plan="1000", total=Decimal("5000")),
        "plant": make_project("季报工业大厂房项目", "industry", "县工信局", plan="2000", total=Decimal("20000")),
        "early": make_project("季报前期攻坚水库项目", plan="500", stage="preliminary"),
        "invest": make_project("季报五零二零招商项目", "industry", "县工信局", plan="800", is_5020=True),
    }
    for month, ytd in ((4, "300"), (5, "400"), (6, "500")):
        add_progress(projects["farm"], 2024, month, ytd)
    add_progress(projects["plant"], 2024, 3, "200")
    add_progress(projects["plant"], 2024, 6, "600")
    add_progress(projects["invest"], 2024, 6, "100")
    CampaignYear.objects.create(year=2024, total_target=Decimal("5000"))
    DomainTarget.objects.create(domain=domain("agriculture"), year=2024, target=Decimal("2000"))
    DomainTarget.objects.create(domain=domain("industry"), year=2024, target=Decimal("3000"))

    round_ = GroundbreakingRound.objects.create(title="季报第二批集中开工活动", date=D(2024, 5, 10))
    round_.projects.set([projects["farm"], projects["plant"]])
    round_.save()
    GroundbreakingRound.objects.create(title="季报第三批集中开工活动", date=D(2024, 8, 1))  # next quarter
    ObservationMeeting.objects.create(title="季报上半年现场观摩会", date=D(2024, 6, 20))

    april, may, june = (make_meeting(D(2024, m, 10), title=f"季报{m}月部门联席会") for m in (4, 5, 6))
    decide(april, ["季报四月议定加快用地报批"], project=projects["plant"], serial=1)  # reviewed twice
    _minutes, (_open, done) = decide(may, ["季报五月议定完成管线迁改", "季报五月议定已办结事项"],
                                     project=projects["farm"], serial=2)  # reviewed once (June)
    done.status, done.checked_off_on = LedgerStatus.CHECKED_OFF, D(2024, 6, 1)
    done.save()
    del june

    leader = Leader.objects.create(name="季报达标领导", post="副县长")
    met = LeaderAssignment.objects.create(leader=leader, kind=AssignmentKind.ONE_TO_ONE, year=2024,
                                          project=projects["farm"])
    for month in (4, 5, 6):
        LeaderActivity.objects.create(assignment=met, date=D(2024, month, 15), kind=ActivityKind.REPORT)
    LeaderActivity.objects.create(assignment=met, date=D(2024, 5, 20), kind=ActivityKind.VISIT)
    idle = Leader.objects.create(name="季报未达标领导", post="县委常委")
    LeaderAssignment.objects.create(leader=idle, kind=AssignmentKind.ONE_TO_ONE, year=2024, project=projects["plant"])
    commissioner = LiaisonCommissioner.objects.create(name="季报专员", unit=unit("县工信局"), year=2024)
    commissioner.projects.set([projects["plant"]])
    make_user("county_leader", GROUP_LEADER, leader_name="季报达标领导")
    return projects


def test_the_quarterly_report_figures_are_the_query_layers(world):
    run = run_report("quarterly_report", "2024-Q2")
    assert run.status == "done", run.error
    figures = Project.objects.in_year(2024).with_figures(2024, 6)
    totals = figures.totals()
    assert run.figures["projects"] == totals["projects"] == 4
    assert Decimal(run.figures["planned"]) == totals["planned"] == Decimal("4300")
    assert Decimal(run.figures["completed"]) == totals["completed"] == Decimal("1200")
    assert Decimal(run.figures["target"]) == Decimal("5000")
    assert run.figures["domains"]["农业"]["completed"] == "500.00"
    for point in run.figures["trend"]:
        month_totals = Project.objects.in_year(2024).with_figures(2024, point["month"]).totals()
        assert Decimal(point["completed"]) == month_totals["completed"]
    assert [p["month"] for p in run.figures["trend"]] == [1, 2, 3, 4, 5, 6]
    assert Decimal(run.figures["trend"][2]["completed"]) == Decimal("200")  # only the plant by March
    assert run.figures["actions"] == {"groundbreaking_rounds": 1, "observation_meetings": 1, "preliminary": 1,
                                      "attracted": 1}
    inspection = figures.total_at_least(1)
    assert run.figures["inspection"]["projects"] == inspection.count() == 1
    assert Decimal(run.figures["inspection"]["completed"]) == inspection.totals()["completed"]


def test_the_ledger_and_its_escalations(world):
    run = run_report("quarterly_report", "2024-Q2")
    assert run.status == "done", run.error
    items = LedgerItem.objects.with_escalation()
    assert run.figures["ledger"]["total"] == items.count() == 3
    assert run.figures["ledger"]["checked_off"] == 1 and run.figures["ledger"]["open"] == 2
    assert run.figures["ledger"]["criticism"] == items.filter(escalation="criticism").count() == 1
    assert run.figures["ledger"]["explain"] == items.filter(escalation="explain").count() == 1
    text = flat_text(run)
    criticism = text[text.index("通报批评事项"):text.index("说明原因事项")]
    assert "季报四月议定加快用地报批" in criticism and "季报工业大厂房项目" in criticism
    explain = text[text.index("说明原因事项"):text.index("五、挂点联系履职情况")]
    assert "季报五月议定完成管线迁改" in explain and "季报农业示范园项目" in explain
    assert "季报五月议定已办结事项" not in text  # checked off: neither list


def test_duty_compliance_of_the_quarter(world):
    run = run_report("quarterly_report", "2024-Q2")
    assert run.status == "done", run.error
    span = Period.of(2024, quarter=2)
    assignments = LeaderAssignment.objects.filter(year=2024).with_compliance(span)
    assert run.figures["duties"]["assignments"] == assignments.count() == 2
    assert run.figures["duties"]["assignments_met"] == assignments.filter(met=True).count() == 1
    assert run.figures["duties"]["commissioners_not_met"] == (
        LiaisonCommissioner.objects.filter(year=2024).with_compliance(span).filter(met=False).count()) == 1
    text = flat_text(run)
    duties = text[text.index("五、挂点联系履职情况"):text.index("六、专项督查项目")]
    assert "季报未达标领导" in duties and "季报达标领导" not in duties.replace("季报未达标领导", "")
    assert "听取汇报0/3个月" in duties and "季报专员" in duties


def test_the_document_text(world):
    run = run_report("quarterly_report", "2024-Q2")
    assert run.status == "done", run.error
    assert run.issued_on == D(2024, 7, 10)
    text = flat_text(run)
    assert "关于2024年第二季度全县重大项目推进情况的专报" in text
    assert run.number in text and "2024年7月10日" in text
    assert "季报第二批集中开工活动" in text and "季报第三批集中开工活动" not in text
    assert "季报上半年现场观摩会" in text
    assert "季报前期攻坚水库项目" in text and "季报五零二零招商项目" in text
    annex = text[text.index("专项督查清单"):]
    assert "季报工业大厂房项目" in annex and "季报农业示范园项目" not in annex  # 2亿元 in, 5,000万元 out
    assert "1,200.00" in text  # 1-6月 completed, county
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {"county_leader@example.com"}


def test_the_quarter_reported_and_its_schedule():
    quarterly = cycle("quarterly_report")
    assert quarterly.scopes(Q2) == [Scope()]
    assert quarterly.period_for(D(2024, 7, 10)) == Q2
    assert quarterly.period_for(D(2025, 1, 10)) == periods.of_quarter(2024, 4)
    assert quarterly.issue_date(Q2) == D(2024, 7, 10)
    assert quarterly.schedule.days == "10" and quarterly.schedule.months == "1,4,7,10"
