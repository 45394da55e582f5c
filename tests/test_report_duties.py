"""The duties report cycles (tasks.cycles.duties): the monthly compliance notice, the January
proposal of projects for one-to-one contact and the year-end review — each run through the runner,
with its figures, recipients and PDF text."""

import datetime

import pypdf
import pytest

from registers.duties.queries import Period
from registers.models import (
    ActivityKind,
    AssignmentKind,
    CommissionerDuty,
    DutyKind,
    IssueStatus,
    Leader,
    LeaderActivity,
    LeaderAssignment,
    LiaisonCommissioner,
    MeetingTier,
    Notice,
)
from tasks import periods
from tasks.cycles import Scope, cycle
from tasks.runner import ensure_run, execute
from tests.coordination_helpers import make_issue, make_meeting
from tests.registers_factories import add_progress, domain, make_project, unit

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def reports_root(settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"


def run_kind(kind, period):
    run, created = ensure_run(kind, period, Scope())
    assert created
    return execute(run.pk)


def pdf_text(run) -> str:
    return "".join("".join(page.extract_text().split()) for page in pypdf.PdfReader(run.path).pages)


def noticed(run) -> set[int]:
    return set(Notice.objects.filter(kind=f"report:{run.kind}").values_list("unit_id", flat=True))


def one_to_one(name, project, liaison, year=2026, post="县政府副县长"):
    leader = Leader.objects.create(name=name, post=post)
    return LeaderAssignment.objects.create(leader=leader, kind=AssignmentKind.ONE_TO_ONE, year=year, project=project,
                                           liaison_unit=unit(liaison))


def test_duty_compliance_reports_the_month_before():
    duty = cycle("duty_compliance")
    assert duty.period_for(D(2026, 11, 3)) == periods.of_month(2026, 10)
    assert duty.period_for(D(2027, 1, 3)) == periods.of_month(2026, 12)
    assert duty.issue_date(periods.of_month(2026, 10)) == D(2026, 11, 3)


def test_duty_compliance_lists_the_not_met_first_and_tells_their_units():
    october = Period.of(2026, month=10)
    kept = one_to_one("王某甲", make_project("东山镇茶叶基地", year=2026), "县发改委")
    LeaderActivity.objects.create(assignment=kept, date=D(2026, 10, 9), kind=ActivityKind.REPORT)
    LeaderActivity.objects.create(assignment=kept, date=D(2026, 9, 9), kind=ActivityKind.REPORT)
    one_to_one("陈某乙", make_project("工业园区道路", domain_code="industry", unit_name="县工信局", year=2026),
               "县工信局")
    later = one_to_one("赵某丙", make_project("尚未挂点项目", year=2026), "县财政局")
    later.starts_on = D(2026, 11, 1)  # not due in October: not listed
    later.save()
    package = LeaderAssignment.objects.create(leader=Leader.objects.create(name="刘道军", post="县政府副县长"),
                                              kind=AssignmentKind.DOMAIN, year=2026, domain=domain("agriculture"))
    make_meeting(D(2026, 10, 15), MeetingTier.GROUP, domain=domain("agriculture"), title="10月农业领导小组会")
    served = make_project("大型产业项目", unit_name="县工信局", year=2026)
    diligent = LiaisonCommissioner.objects.create(name="张某", unit=unit("县住建局"), year=2026)
    idle = LiaisonCommissioner.objects.create(name="李某", unit=unit("县林业局"), year=2026)
    for commissioner in (diligent, idle):
        commissioner.projects.set([served])
    for monday, _sunday in october.weeks:
        CommissionerDuty.objects.create(commissioner=diligent, project=served, date=monday, kind=DutyKind.CALL)
    CommissionerDuty.objects.create(commissioner=diligent, project=served, date=D(2026, 10, 20), kind=DutyKind.VISIT)
    run = run_kind("duty_compliance", periods.of_month(2026, 10))
    assert run.status == "done", run.error
    assert run.figures["one_to_one"] == {"due": 2, "met": 1, "not_met": 1}
    assert run.figures["domain"] == {"due": 1, "met": 1, "not_met": 0} and package.pk
    assert run.figures["commissioners"] == {"due": 2, "met": 1, "not_met": 1}
    assert run.figures["not_met"] == {"one_to_one": ["陈某乙 · 工业园区道路"], "domain": [], "commissioners": ["李某"]}
    assert noticed(run) == {unit("县工信局").pk, unit("县林业局").pk}
    text = pdf_text(run)
    assert "县领导挂点联系和对接专员履职情况通报（2026年10月）" in text
    assert text.index("陈某乙") < text.index("王某甲") and "赵某丙" not in text
    assert "刘道军" in text and "农业领域" in text
    assert text.index("李某") < text.index("张某")
    assert f"{len(october.weeks)}/{len(october.weeks)}" in text and f"0/{len(october.weeks)}" in text


def test_selection_proposal_is_of_this_year_in_january():
    proposal = cycle("selection_proposal")
    assert proposal.period_for(D(2026, 1, 5)) == periods.of_year(2026)
    assert proposal.issue_date(periods.of_year(2026)) == D(2026, 1, 5)
    assert (proposal.schedule.days, proposal.schedule.months) == ("5", "1")


def test_selection_proposal_ranks_the_years_candidates():
    make_project("小型农业项目", year=2026, plan="800")
    make_project("大型工业项目", domain_code="industry", unit_name="县工信局", year=2026, plan="9000",
                 in_provincial_plan=True)
    make_project("中型农业项目", year=2026, plan="3000")
    make_project("已竣工项目", year=2026, plan="20000", stage="completed")
    one_to_one("王某甲", make_project("已挂点项目", year=2026, plan="50000"), "县发改委")
    run = run_kind("selection_proposal", periods.of_year(2026))
    assert run.status == "done", run.error
    assert run.figures["candidates"] == 3
    assert run.figures["top"] == ["大型工业项目", "中型农业项目", "小型农业项目"]
    assert run.figures["planned"] == "12,800.00" and run.issued_on == D(2026, 1, 5)
    text = pdf_text(run)
    assert "县领导一对一挂点联系重大项目建议名单（2026年）" in text
    assert text.index("大型工业项目") < text.index("中型农业项目") < text.index("小型农业项目")
    assert "已竣工项目" not in text and "已挂点项目" not in text
    assert "列入省规划" in text.split("大型工业项目")[1].split("中型农业项目")[0]


def test_year_end_review_is_of_the_year_before():
    review = cycle("year_end_review")
    assert review.period_for(D(2027, 1, 15)) == periods.of_year(2026)
    assert review.issue_date(periods.of_year(2026)) == D(2027, 1, 15)


def test_year_end_review_shows_each_assignments_progress_and_issues():
    tea = make_project("东山镇茶叶基地", year=2026, plan="1000")
    add_progress(tea, 2026, 10, "950")
    road = make_project("工业园区道路", domain_code="industry", unit_name="县工信局", year=2026, plan="2000")
    add_progress(road, 2026, 10, "400")
    one_to_one("王某甲", tea, "县发改委")
    one_to_one("陈某乙", road, "县工信局")
    one_to_one("往年领导", make_project("往年挂点项目", year=2025, plan="10"), "县财政局", year=2025)
    make_issue(tea, "东山镇", D(2026, 5, 2), status=IssueStatus.DECIDED)
    make_issue(tea, "东山镇", D(2026, 6, 2))
    make_issue(road, "县工信局", D(2026, 7, 2), status=IssueStatus.CHECKED_OFF)
    run = run_kind("year_end_review", periods.of_year(2026))
    assert run.status == "done", run.error
    assert run.figures["assignments"] == 2
    assert (run.figures["issues_raised"], run.figures["issues_decided"]) == (3, 2)
    assert run.figures["projects"] == [{"leader": "王某甲", "project": "东山镇茶叶基地", "pct": "95.0%"},
                                       {"leader": "陈某乙", "project": "工业园区道路", "pct": "20.0%"}]
    assert run.figures["levels"] == {"正常": 1, "严重滞后": 1}
    assert noticed(run) == {unit("县发改委").pk, unit("县工信局").pk}
    text = pdf_text(run)
    assert "县领导挂点联系重大项目年度评价（2026年）" in text
    assert "王某甲" in text and "东山镇茶叶基地" in text and "95.0%" in text and "严重滞后" in text
    assert "往年挂点项目" not in text


@pytest.mark.parametrize("kind, period", [
    ("duty_compliance", periods.of_month(2026, 10)), ("selection_proposal", periods.of_year(2026)),
    ("year_end_review", periods.of_year(2026)),
])
def test_a_year_without_duties_still_makes_a_document(kind, period):
    run = run_kind(kind, period)
    assert run.status == "done", run.error
    assert noticed(run) == set() and run.figures["period"] == period.key
    assert "无" in pdf_text(run)
