"""Duties (附件3, 附件4): the assignment rules, compliance for any period (one definition), scopes,
and the HQ office's check of what is missing."""

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest
import time_machine

from registers.core.scopes import GROUP_COMMISSIONER, GROUP_LEADER
from registers.duties.queries import Period
from registers.models import (
    ActivityKind,
    AssignmentKind,
    CommissionerDuty,
    DutyKind,
    Leader,
    LeaderActivity,
    LeaderAssignment,
    LiaisonCommissioner,
    MeetingTier,
)
from tests.coordination_helpers import make_meeting
from tests.registers_factories import agri_lead, domain, hq_user, make_project, make_user, reporter, unit, viewset

pytestmark = pytest.mark.django_db
D = datetime.date


def one_to_one(leader, project, year=2022, **fields):
    fields.setdefault("liaison_unit", unit("县发改委"))
    return LeaderAssignment.objects.create(leader=leader, kind=AssignmentKind.ONE_TO_ONE, year=year, project=project,
                                           **fields)


def log(assignment, day, kind):
    return LeaderActivity.objects.create(assignment=assignment, date=day, kind=kind)


def test_period_weeks_belong_to_the_month_of_their_thursday():
    june = Period.of(2022, month=6)  # 2022-06-02 is a Thursday; 2022-06-30 too
    assert [w[0] for w in june.weeks] == [D(2022, 5, 30), D(2022, 6, 6), D(2022, 6, 13), D(2022, 6, 20),
                                          D(2022, 6, 27)]
    assert Period.of(2022, month=7).weeks[0][0] == D(2022, 7, 4)  # 7-04..07-10; the week of 6-27 was June's
    assert Period.of(2022, quarter=2).label() == "2022年第2季度" and len(Period.of(2022).weeks) == 52
    assert Period.of(2021).weeks[0][0] == D(2021, 1, 4)  # 2021-01-01 is a Friday: that week is 2020's


def test_one_to_one_compliance_counts_own_kinds_inside_the_period_only():
    leader = Leader.objects.create(name="王某甲", post="县委书记")
    a = one_to_one(leader, make_project("东山镇茶叶基地"))
    for day in (D(2022, 4, 3), D(2022, 5, 9), D(2022, 5, 20), D(2022, 6, 30)):
        log(a, day, ActivityKind.REPORT)
    log(a, D(2022, 3, 31), ActivityKind.VISIT)  # before the quarter: does not count
    q2 = Period.of(2022, quarter=2)
    row = LeaderAssignment.objects.with_compliance(q2).get(pk=a.pk)
    assert (row.months_due, row.report_months, row.site_visits, row.required_visits, row.met) == (3, 3, 0, 1, False)
    log(a, D(2022, 6, 1), ActivityKind.VISIT)
    row = LeaderAssignment.objects.with_compliance(q2).get(pk=a.pk)
    assert (row.site_visits, row.met) == (1, True)
    june = LeaderAssignment.objects.with_compliance(Period.of(2022, month=6)).get(pk=a.pk)
    assert (june.report_months, june.required_visits, june.met) == (1, 0, True)


def test_months_before_the_assignment_starts_are_not_due():
    leader = Leader.objects.create(name="陈某乙")
    a = one_to_one(leader, make_project("东山镇道路"), starts_on=D(2022, 5, 10))
    log(a, D(2022, 5, 12), ActivityKind.REPORT)
    log(a, D(2022, 6, 12), ActivityKind.REPORT)
    log(a, D(2022, 6, 13), ActivityKind.VISIT)
    row = LeaderAssignment.objects.with_compliance(Period.of(2022, quarter=2)).get(pk=a.pk)
    assert (row.months_due, row.report_months, row.met) == (2, 2, True)  # two months due: no quarter of visits
    assert row.required_visits == 0


def test_domain_compliance_counts_group_meetings_of_the_coordination_register():
    leader = Leader.objects.create(name="刘道军", post="县政府副县长")
    a = LeaderAssignment.objects.create(leader=leader, kind=AssignmentKind.DOMAIN, year=2022,
                                        domain=domain("agriculture"))
    log(a, D(2022, 4, 20), ActivityKind.MEETING)
    make_meeting(D(2022, 5, 22), MeetingTier.GROUP, domain=domain("agriculture"), title="农业领导小组会")
    make_meeting(D(2022, 6, 22), MeetingTier.GROUP, domain=domain("industry"), title="工业领导小组会")
    row = LeaderAssignment.objects.with_compliance(Period.of(2022, quarter=2)).get(pk=a.pk)
    assert (row.meeting_months, row.met) == (2, False)
    log(a, D(2022, 6, 2), ActivityKind.MEETING)
    assert LeaderAssignment.objects.with_compliance(Period.of(2022, quarter=2)).get(pk=a.pk).met


def test_commissioner_compliance_weeks_and_months():
    project = make_project("江西某公司新材料项目", "industry", "县工信局")
    c = LiaisonCommissioner.objects.create(name="周某", unit=unit("县工信局"), year=2022)
    c.projects.set([project])
    c.save()
    june = Period.of(2022, month=6)
    for monday, _sunday in june.weeks:
        CommissionerDuty.objects.create(commissioner=c, project=project, date=monday + datetime.timedelta(days=1),
                                        kind=DutyKind.CALL)
    row = LiaisonCommissioner.objects.with_compliance(june).get(pk=c.pk)
    assert (row.weeks_due, row.call_weeks, row.visit_months, row.met) == (5, 5, 0, False)
    CommissionerDuty.objects.create(commissioner=c, project=project, date=D(2022, 6, 8), kind=DutyKind.VISIT)
    assert LiaisonCommissioner.objects.with_compliance(june).get(pk=c.pk).met


def test_assignment_rules_name_the_field():
    leader = Leader.objects.create(name="张某丙")
    for n in range(3):
        one_to_one(leader, make_project(f"项目{n}"))
    fourth = LeaderAssignment(leader=leader, kind=AssignmentKind.ONE_TO_ONE, year=2022,
                              project=make_project("第四个项目"), liaison_unit=unit("县发改委"))
    with pytest.raises(ValidationError) as error:
        fourth.full_clean()
    assert "已一对一挂点3个项目" in str(error.value.message_dict["project"])
    done = LeaderAssignment(leader=Leader.objects.create(name="李某"), kind=AssignmentKind.ONE_TO_ONE, year=2022,
                            project=make_project("已竣工项目", stage="completed"))
    with pytest.raises(ValidationError) as error:
        done.full_clean()
    assert "不再安排挂点领导" in str(error.value.message_dict["project"])
    assert "服务联络部门" in str(error.value.message_dict["liaison_unit"])


def test_an_assignment_is_adjusted_at_most_once_a_half_year():
    leader, other = Leader.objects.create(name="邱某戊"), Leader.objects.create(name="曾某己")
    a = one_to_one(leader, make_project("阳明湖项目"))
    with time_machine.travel(datetime.datetime(2022, 3, 1, 10), tick=False):
        a.leader = other
        a.full_clean()
        a.save()
        assert a.changed_on == D(2022, 3, 1)
        a.leader = leader
        with pytest.raises(ValidationError) as error:
            a.full_clean()
        assert "每半年最多调整一次" in str(error.value)
    with time_machine.travel(datetime.datetime(2022, 7, 2, 10), tick=False):
        a.full_clean()


def test_large_projects_need_a_commissioner_of_their_own(client):
    big = make_project("5亿元项目", "industry", "县工信局", total=60000)
    small = make_project("小项目", "industry", "县工信局", total=12000)
    client.force_login(hq_user())
    url = reverse(viewset(LiaisonCommissioner).get_url_name("add"))
    response = client.post(url, {"name": "周某", "unit": unit("县工信局").pk, "year": 2022, "section": "",
                                 "post": "", "office_phone": "", "mobile": "", "projects": [big.pk, small.pk]})
    assert response.status_code == 200 and "须有专门的对接专员" in response.content.decode()
    response = client.post(url, {"name": "周某", "unit": unit("县工信局").pk, "year": 2022, "section": "",
                                 "post": "", "office_phone": "", "mobile": "", "projects": [big.pk]})
    assert response.status_code == 302


def test_scopes_of_the_duty_registers():
    farm = make_project("东山镇茶叶基地", "agriculture", "东山镇")
    works = make_project("营前镇工业厂房", "industry", "营前镇")
    mine = one_to_one(Leader.objects.create(name="陈领导"), farm)
    theirs = one_to_one(Leader.objects.create(name="王领导"), works, liaison_unit=unit("县工信局"))
    log(mine, D(2022, 5, 1), ActivityKind.REPORT)
    log(theirs, D(2022, 5, 1), ActivityKind.REPORT)
    leader = make_user("leader", GROUP_LEADER, leader_name="陈领导")
    assert list(LeaderAssignment.objects.for_user(leader)) == [mine]
    assert list(LeaderAssignment.objects.for_user(agri_lead())) == [mine]
    assert list(LeaderAssignment.objects.for_user(reporter())) == [mine]
    assert list(LeaderAssignment.objects.for_user(make_user("gx", GROUP_COMMISSIONER, "县工信局"))) == [theirs]
    assert LeaderActivity.objects.for_user(leader).count() == 1


def test_duty_check_lists_what_to_fix_and_changes_when_fixed(client):
    big = make_project("社会投资项目", "industry", "县工信局", total=30000, social_investment=20000, year=2026)
    leader = Leader.objects.create(name="吴某壬")
    a = one_to_one(leader, big, year=2026)
    client.force_login(hq_user())
    url = reverse("duties_check")
    page = client.get(url, {"year": 2026, "month": 10}).content.decode()
    assert "社会投资项目" in page and "吴某壬" in page
    assert page.count("补录工作记录") == 2  # no report this month, no visit this quarter
    log(a, D(2026, 10, 9), ActivityKind.REPORT)
    log(a, D(2026, 10, 10), ActivityKind.VISIT)
    c = LiaisonCommissioner.objects.create(name="周某", unit=unit("县工信局"), year=2026)
    c.projects.set([big])
    c.save()
    page = client.get(url, {"year": 2026, "month": 10}).content.decode()
    assert "补录工作记录" not in page and "明确对接专员</a>" not in page
    client.force_login(reporter())
    refused = client.get(url)  # the admin turns PermissionDenied into a redirect with a message
    assert refused.status_code in (302, 403) and "社会投资项目" not in refused.content.decode()


def test_a_leader_records_an_activity_in_three_taps(client):
    from django.utils import timezone

    today = timezone.localdate()
    project = make_project("东山镇茶叶基地", year=today.year)
    leader = Leader.objects.create(name="陈领导")
    a = one_to_one(leader, project, year=today.year)
    one_to_one(Leader.objects.create(name="别人"), make_project("别的项目", year=today.year), year=today.year)
    client.force_login(make_user("leader", GROUP_LEADER, leader_name="陈领导"))
    page = client.get(reverse("duties_mine")).content.decode()  # tap 1
    assert "东山镇茶叶基地" in page and "别的项目" not in page
    record = reverse("duties_record", args=[a.pk, "visit"])
    assert record in page
    form = client.get(record)  # tap 2
    assert form.status_code == 200 and form.context["form"].initial["date"] == today
    response = client.post(record, {"date": today.isoformat(), "summary": ""})  # tap 3
    assert response.status_code == 302
    assert LeaderActivity.objects.get().kind == ActivityKind.VISIT
    other = LeaderAssignment.objects.exclude(pk=a.pk).get()
    assert client.get(reverse("duties_record", args=[other.pk, "visit"])).status_code == 404
    assert client.post(reverse("duties_record", args=[a.pk, "meeting"]), {"date": today.isoformat()}).status_code == 200


def test_january_proposal_ranks_and_confirms_into_assignments(client):
    big = make_project("大项目", plan="90000", total=200000, year=2026, is_county_key=True)
    small = make_project("小项目", plan="1000", total=5000, year=2026)
    done = make_project("竣工项目", plan="50000", total=90000, year=2026, stage="completed")
    leader = Leader.objects.create(name="钱某")
    client.force_login(hq_user())
    url = reverse("duties_proposal")
    page = client.get(url, {"year": 2026})
    names = [p.name for p in page.context["candidates"]]
    assert names.index("大项目") < names.index("小项目") and "竣工项目" not in names
    response = client.post(f"{url}?year=2026", {"project": [big.pk], f"leader_{big.pk}": leader.pk,
                                               f"unit_{big.pk}": big.responsible_unit_id})
    assert response.status_code == 302
    assert LeaderAssignment.objects.get().project == big
    assert "大项目" not in [p.name for p in client.get(url, {"year": 2026}).context["candidates"]]
    for n in range(2):  # with 大项目, three: a fourth is refused
        one_to_one(leader, make_project(f"其他{n}", year=2026), year=2026)
    response = client.post(f"{url}?year=2026", {"project": [small.pk], f"leader_{small.pk}": leader.pk})
    assert response.status_code == 200 and LeaderAssignment.objects.filter(project=small).count() == 0
    assert done.pk not in [p.pk for p in page.context["candidates"]]


def test_year_end_review_reads_progress_and_issues():
    from registers.models import IssueStatus
    from tests.coordination_helpers import make_issue
    from tests.registers_factories import add_progress

    project = make_project("东山镇茶叶基地", plan="1000", year=2024)
    add_progress(project, 2024, 12, "800")
    one_to_one(Leader.objects.create(name="陈领导"), project, year=2024)
    make_issue(project, day=D(2024, 5, 2))
    make_issue(project, day=D(2024, 6, 2), status=IssueStatus.CHECKED_OFF)
    from registers.duties.review import year_end_review

    (row,) = year_end_review(2024)
    assert row["project"].ytd_completed == 800 and row["project"].plan_amount == 1000
    assert (row["project"].issues_raised, row["project"].issues_decided, row["project"].issues_checked_off) == (2, 1, 1)


def test_a_year_asks_one_visit_in_every_whole_quarter_covered():
    leader = Leader.objects.create(name="郑某")
    a = one_to_one(leader, make_project("东山镇道路"), starts_on=D(2022, 7, 1))
    for month in range(7, 13):
        log(a, D(2022, month, 5), ActivityKind.REPORT)
    log(a, D(2022, 6, 20), ActivityKind.VISIT)  # before the assignment: not counted
    log(a, D(2022, 8, 3), ActivityKind.VISIT)
    log(a, D(2022, 9, 3), ActivityKind.VISIT)  # two in Q3, none in Q4
    row = LeaderAssignment.objects.with_compliance(Period.of(2022)).get(pk=a.pk)
    assert (row.months_due, row.report_months, row.site_visits, row.required_visits, row.visit_quarters) == \
        (6, 6, 2, 2, 1)
    assert not row.met
    log(a, D(2022, 11, 3), ActivityKind.VISIT)
    assert LeaderAssignment.objects.with_compliance(Period.of(2022)).get(pk=a.pk).met


def test_headquarters_leaders_are_linked_from_the_reference_data():
    from registers.duties.reference import link_reference_leaders
    from snippets.models import HeadquartersPost

    assert link_reference_leaders() == HeadquartersPost.objects.count()
    assert link_reference_leaders() == 0
    deputy = Leader.objects.get(name="卢丽君")
    assert deputy.hq_post.get_role_display() == "副总指挥" and deputy.post == "县委副书记、副县长"


def test_compliance_listing_is_constant_at_10_and_5000_activities(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    leaders = [Leader.objects.create(name=f"领导{n}") for n in range(10)]
    assignments = [one_to_one(leader, make_project(f"项目{n}"), year=2022) for n, leader in enumerate(leaders)]
    client.force_login(hq_user())
    url = reverse(viewset(LeaderAssignment).get_url_name("list"))

    def add(n):
        LeaderActivity.objects.bulk_create([
            LeaderActivity(assignment=assignments[i % 10], date=D(2022, 4 + i % 3, 1 + i % 28),
                           kind=ActivityKind.VISIT if i % 7 == 0 else ActivityKind.REPORT) for i in range(n)])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, {"year": 2022, "month": 6})
        assert response.status_code == 200
        return len(ctx.captured_queries), response

    add(10)
    count()
    small, _ = count()
    add(4990)
    large, response = count()
    assert small == large
    assert all(row.met for row in response.context["object_list"])


def test_the_checks_links_open_prefilled_forms(client):
    project = make_project("社会投资项目", "industry", "县工信局", total=30000, social_investment=20000)
    a = one_to_one(Leader.objects.create(name="吴某"), project)
    client.force_login(hq_user())
    add = reverse(viewset(LiaisonCommissioner).get_url_name("add"))
    form = client.get(add, {"project": project.pk, "year": 2022}).context["form"]
    assert list(form.initial.get("projects") or form.instance.projects.all()) == [project]
    assert form.instance.year == 2022 and form.instance.unit_id == project.responsible_unit_id
    form = client.get(reverse(viewset(LeaderActivity).get_url_name("add")), {"assignment": a.pk}).context["form"]
    assert form.instance.assignment == a
