"""Coordination (附件2): collection rounds, the issue and ledger workflows, escalation in one rule,
the proposed agenda, and the whole path a township's issue takes through three joint meetings."""

import datetime

from django.urls import reverse

import pytest

from registers.coordination.agenda import proposed_agenda
from registers.coordination.workflow import ISSUE_WORKFLOW, sync_issues
from registers.core.periods import collection_round
from registers.models import CoordinationIssue, IssueStatus, LedgerItem, LedgerStatus, MeetingState, MeetingTier
from tests.coordination_helpers import decide, make_issue, make_meeting
from tests.registers_factories import agri_lead, domain, hq_user, make_project, reporter, viewset

pytestmark = pytest.mark.django_db
D = datetime.date


def expected_round(day: D) -> D:
    """The rule as 附件2 states it, written out independently of the code."""
    if day.day <= 3:
        return D(day.year, day.month, 3)
    if day.day <= 18:
        return D(day.year, day.month, 18)
    following = day.replace(day=28) + datetime.timedelta(days=4)
    return D(following.year, following.month, 3)


@pytest.mark.parametrize("year", [2022, 2024])  # a common and a leap year
def test_collection_round_every_day_of_the_year(year):
    day = D(year, 1, 1)
    while day.year == year:
        assert collection_round(day) == expected_round(day), day
        day += datetime.timedelta(days=1)


@pytest.mark.parametrize("day, round_date", [
    (D(2022, 6, 3), D(2022, 6, 3)), (D(2022, 6, 4), D(2022, 6, 18)), (D(2022, 6, 18), D(2022, 6, 18)),
    (D(2022, 6, 19), D(2022, 7, 3)), (D(2022, 6, 30), D(2022, 7, 3)), (D(2022, 12, 31), D(2023, 1, 3)),
    (D(2024, 2, 29), D(2024, 3, 3)), (D(2023, 2, 28), D(2023, 3, 3)), (D(2022, 1, 1), D(2022, 1, 3)),
])
def test_collection_round_edges(day, round_date):
    assert collection_round(day) == round_date


def test_issue_round_is_stored_from_its_date():
    issue = make_issue(make_project("东山镇道路"), day=D(2022, 6, 17))
    assert issue.round_date == D(2022, 6, 18)
    issue.raised_on = D(2022, 6, 19)
    issue.save()
    assert CoordinationIssue.objects.get(pk=issue.pk).round_date == D(2022, 7, 3)


def test_illegal_moves_are_refused_naming_the_state():
    issue = make_issue(make_project("东山镇道路"))
    hq = hq_user()
    assert ISSUE_WORKFLOW.move_error(hq, issue, IssueStatus.RAISED, IssueStatus.CHECKED_OFF) == \
        "不能从“已提报”改为“已销号”。"
    assert ISSUE_WORKFLOW.move_error(hq, issue, IssueStatus.RAISED, IssueStatus.CONSULTED) == ""
    assert "指挥部办公室" in ISSUE_WORKFLOW.move_error(reporter(), issue, IssueStatus.RAISED, IssueStatus.CONSULTED)
    issue.opinion = ""
    assert ISSUE_WORKFLOW.missing(issue, IssueStatus.RAISED, IssueStatus.CONSULTED) == {"opinion": "请填写会商意见。"}
    assert ISSUE_WORKFLOW.missing(issue, IssueStatus.CONSULTED, IssueStatus.CLOSED) == {
        "status_reason": "请填写原因说明。"}


def _post(client, viewset_model, action, obj=None, **data):
    url_name = viewset(viewset_model).get_url_name(action)
    url = reverse(url_name, args=[obj.pk]) if obj else reverse(url_name)
    return client.post(url, data)


def test_admin_close_without_reason_is_refused_and_with_reason_logged(client):
    issue = make_issue(make_project("东山镇道路"), status=IssueStatus.CONSULTED)
    client.force_login(hq_user())
    data = {"project": issue.project_id, "raised_by": issue.raised_by_id, "raised_on": "2022-06-17",
            "category": "", "problem": issue.problem, "request": issue.request, "proposed_tier": "joint",
            "contact_person": "", "contact_phone": "", "opinion": issue.opinion, "status": "closed",
            "status_reason": ""}
    response = _post(client, CoordinationIssue, "edit", issue, **data)
    assert response.status_code == 200
    assert "请填写原因说明" in response.content.decode()
    assert CoordinationIssue.objects.get(pk=issue.pk).status == IssueStatus.CONSULTED
    data["status_reason"] = "已由属地乡镇自行解决"
    response = _post(client, CoordinationIssue, "edit", issue, **data)
    assert response.status_code == 302
    assert CoordinationIssue.objects.get(pk=issue.pk).status == IssueStatus.CLOSED
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(object_id=str(issue.pk), action="registers.issue.close").exists()


def test_reporter_may_not_edit_a_consulted_issue(client):
    issue = make_issue(make_project("东山镇道路"), status=IssueStatus.CONSULTED)
    client.force_login(reporter())
    data = {"project": issue.project_id, "raised_by": issue.raised_by_id, "raised_on": "2022-06-17",
            "problem": "改了", "request": "", "proposed_tier": "joint", "opinion": issue.opinion,
            "status": "consulted", "status_reason": ""}
    response = _post(client, CoordinationIssue, "edit", issue, **data)
    assert response.status_code == 200
    assert "只能由指挥部办公室或本领域牵头单位修改" in response.content.decode()
    assert CoordinationIssue.objects.get(pk=issue.pk).problem != "改了"


def test_escalation_counts_later_held_meetings_of_the_tier_while_open():
    project = make_project("东山镇道路")
    first = make_meeting(D(2022, 6, 25))
    _minutes, (item,) = decide(first, ["完成征地报批"], project=project, deadline=D(2022, 7, 10))
    make_meeting(D(2022, 7, 1), MeetingTier.GROUP, domain=domain("agriculture"), title="农业领导小组会")  # other tier
    make_meeting(D(2022, 7, 10), state=MeetingState.CANCELLED, title="取消的联席会")  # cancelled: no review

    def level(today=None):
        today = today or D(2022, 7, 1)
        return LedgerItem.objects.with_escalation(today).values_list("review_count", "escalation", "overdue").get(
            pk=item.pk)

    assert level() == (0, "", False)
    make_meeting(D(2022, 7, 20))
    assert level(D(2022, 7, 21)) == (1, "explain", True)
    make_meeting(D(2022, 8, 20))
    assert level(D(2022, 8, 21)) == (2, "criticism", True)
    item.status, item.checked_off_on, item.evidence = LedgerStatus.CHECKED_OFF, D(2022, 8, 25), "已批复"
    item.save()
    make_meeting(D(2022, 9, 20))  # after the check-off: not a review
    assert level(D(2022, 9, 21)) == (2, "", False)


def test_group_meetings_review_only_their_own_domain():
    farm = make_project("东山镇茶叶基地", "agriculture")
    meeting = make_meeting(D(2022, 6, 25), MeetingTier.GROUP, domain=domain("agriculture"), title="农业领导小组会")
    _m, (item,) = decide(meeting, ["落实茶叶基地用地"], project=farm)
    make_meeting(D(2022, 7, 25), MeetingTier.GROUP, domain=domain("industry"), title="工业领导小组会")
    assert LedgerItem.objects.with_escalation().get(pk=item.pk).review_count == 0
    make_meeting(D(2022, 8, 25), MeetingTier.GROUP, domain=domain("agriculture"), title="农业领导小组会")
    assert LedgerItem.objects.with_escalation().get(pk=item.pk).review_count == 1


def test_sync_moves_the_issue_with_its_items():
    issue = make_issue(make_project("东山镇道路"), status=IssueStatus.ON_AGENDA)
    _m, items = decide(make_meeting(D(2022, 6, 25)), ["一", "二"], issue=issue)
    sync_issues({issue.pk})
    assert CoordinationIssue.objects.get(pk=issue.pk).status == IssueStatus.DECIDED
    LedgerItem.objects.filter(pk=items[0].pk).update(status=LedgerStatus.CHECKED_OFF)
    sync_issues({issue.pk})
    assert CoordinationIssue.objects.get(pk=issue.pk).status == IssueStatus.DECIDED
    LedgerItem.objects.filter(pk=items[1].pk).update(status=LedgerStatus.CHECKED_OFF)
    sync_issues({issue.pk})
    assert CoordinationIssue.objects.get(pk=issue.pk).status == IssueStatus.CHECKED_OFF


def test_proposed_agenda_gathers_consulted_issues_and_open_items_of_the_tier():
    project = make_project("东山镇道路")
    earlier = make_meeting(D(2022, 6, 5))
    _m, (open_item,) = decide(earlier, ["完成线路迁改"], project=project)
    _m2, (done,) = decide(make_meeting(D(2022, 6, 6), title="另一次联席会"), ["已完成"], project=project, serial=2)
    LedgerItem.objects.filter(pk=done.pk).update(status=LedgerStatus.CHECKED_OFF)
    waiting = make_issue(project, day=D(2022, 6, 17), status=IssueStatus.CONSULTED)
    not_consulted = make_issue(project, day=D(2022, 6, 16))
    other_tier = make_issue(project, day=D(2022, 6, 16), status=IssueStatus.CONSULTED, tier=MeetingTier.DISPATCH)
    later_round = make_issue(project, day=D(2022, 6, 30), status=IssueStatus.CONSULTED)
    meeting = make_meeting(D(2022, 6, 25), state=MeetingState.PLANNED)
    agenda = proposed_agenda(meeting)
    assert [i.pk for i in agenda.issues] == [waiting.pk]
    assert {i.pk for i in (not_consulted, other_tier, later_round)}.isdisjoint(i.pk for i in agenda.issues)
    assert [i.pk for i in agenda.open_items] == [open_item.pk]
    assert agenda.previous.pk != meeting.pk and agenda.previous.starts_at.date() == D(2022, 6, 6)


def test_a_township_issue_through_three_joint_meetings(client, tmp_path):
    """The issue's "done when": raised on the 17th → the 18th's round → the next joint meeting's
    proposed agenda → decided in its minutes → open through two more joint meetings → 通报批评."""
    from openpyxl import load_workbook

    from registers.exports.writer import export_sheet

    township, hq = reporter(), hq_user()
    project = make_project("东山镇农村公路提升工程", "agriculture", "东山镇")
    client.force_login(township)
    data = {"project": project.pk, "raised_by": "", "raised_on": "2022-06-17", "category": "征地拆迁",
            "problem": "尚有3户未签订征收协议", "request": "请县自然资源局协调", "proposed_tier": "joint",
            "contact_person": "李某", "contact_phone": "0797-1234567", "opinion": "", "status": "raised",
            "status_reason": ""}
    from registers.core.scopes import user_unit_id

    data["raised_by"] = user_unit_id(township)
    assert _post(client, CoordinationIssue, "add", **data).status_code == 302
    issue = CoordinationIssue.objects.get(project=project)
    assert issue.round_date == D(2022, 6, 18)

    client.force_login(hq)
    data.update(opinion="县自然资源局牵头，东山镇配合", status="consulted")
    assert _post(client, CoordinationIssue, "edit", issue, **data).status_code == 302
    meeting = make_meeting(D(2022, 6, 25), state=MeetingState.PLANNED, title="6月部门联席会")
    agenda_url = reverse(viewset(type(meeting)).get_url_name("agenda"), args=[meeting.pk])
    page = client.get(agenda_url)
    assert page.status_code == 200 and "尚有3户未签订征收协议" in page.content.decode()
    assert client.post(agenda_url, {"issue": [issue.pk]}).status_code == 302
    issue.refresh_from_db()
    assert issue.status == IssueStatus.ON_AGENDA and meeting.issues.filter(pk=issue.pk).exists()

    meeting.state = MeetingState.HELD
    meeting.save()
    _minutes, (item,) = decide(meeting, ["县自然资源局7月10日前完成征地报批"], issue=issue, deadline=D(2022, 7, 10))
    sync_issues({issue.pk})
    assert CoordinationIssue.objects.get(pk=issue.pk).status == IssueStatus.DECIDED
    make_meeting(D(2022, 7, 25), title="7月部门联席会")
    make_meeting(D(2022, 8, 25), title="8月部门联席会")

    target = tmp_path / "ledger.xlsx"
    assert export_sheet("ledger", target) == 1
    ws = load_workbook(target).active
    rows = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    header = next(r for r in rows if r and r[0] == "序号")
    line = rows[rows.index(header) + 1]
    record = dict(zip(header, line, strict=True))
    assert record["审议次数"] == 2 and record["督办等级"] == "通报批评" and record["状态"] == "未完成"
    assert record["来源会议"] == "部门联席会〔2022〕1号"


def test_lead_unit_sees_its_domain_issues_only():
    farm = make_project("东山镇茶叶基地", "agriculture")
    works = make_project("营前镇工业厂房", "industry", "营前镇")
    mine, other = make_issue(farm), make_issue(works, unit_name="营前镇")
    assert list(CoordinationIssue.objects.for_user(agri_lead())) == [mine]
    assert list(CoordinationIssue.objects.for_user(reporter())) == [mine]
    assert set(CoordinationIssue.objects.for_user(hq_user())) == {mine, other}


def test_minutes_listing_links_its_pdf_and_the_pdf_is_scoped(client):
    meeting = make_meeting(D(2022, 6, 25))
    minutes, _items = decide(meeting, ["完成征地报批"], project=make_project("东山镇道路"))
    client.force_login(hq_user())
    listing = client.get(reverse(viewset(type(minutes)).get_url_name("list")))
    pdf_url = reverse(viewset(type(minutes)).get_url_name("pdf"), args=[minutes.pk])
    assert pdf_url in listing.content.decode()
    response = client.get(pdf_url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    client.force_login(reporter("other", "营前镇"))
    assert client.get(pdf_url).status_code == 404


def test_issue_listing_exports_its_filtered_rows_as_the_bureau_sheet(client):
    from io import BytesIO

    from openpyxl import load_workbook

    project = make_project("东山镇道路")
    make_issue(project, day=D(2022, 6, 2), problem="六月上旬的问题")
    make_issue(project, day=D(2022, 6, 20), problem="六月下旬的问题")
    client.force_login(hq_user())
    url = reverse(viewset(CoordinationIssue).get_url_name("sheet_export"))
    response = client.get(url, {"format": "xlsx", "round_date": "2022-06-03"})
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    text = str(rows)
    assert "六月上旬的问题" in text and "六月下旬的问题" not in text and "2022-06-03" in text


def test_inspect_shows_the_meetings_and_the_escalation(client):
    project = make_project("东山镇道路")
    issue = make_issue(project, status=IssueStatus.ON_AGENDA)
    meeting = make_meeting(D(2022, 6, 25), title="6月部门联席会")
    meeting.issues.set([issue])
    meeting.save()
    _m, (item,) = decide(meeting, ["完成征地报批"], issue=issue)
    make_meeting(D(2022, 7, 25), title="7月部门联席会")
    client.force_login(hq_user())
    page = client.get(reverse(viewset(CoordinationIssue).get_url_name("inspect"), args=[issue.pk])).content.decode()
    assert "审议会议" in page and "6月部门联席会" in page
    page = client.get(reverse(viewset(LedgerItem).get_url_name("inspect"), args=[item.pk])).content.decode()
    assert "审议1次：说明原因" in page and "7月部门联席会" in page


def test_minutes_drafted_from_the_meeting_and_saved_with_items_decide_its_issue(client):
    issue = make_issue(make_project("东山镇道路"), status=IssueStatus.ON_AGENDA)
    meeting = make_meeting(D(2022, 6, 25), state=MeetingState.HELD, title="6月部门联席会", chair="张主任",
                           observers="县自然资源局")
    meeting.issues.set([issue])
    meeting.save()
    client.force_login(hq_user())
    add = reverse(viewset(type(meeting)).get_url_name("agenda"), args=[meeting.pk])
    assert "起草会议纪要" in client.get(add).content.decode()
    from registers.models import Minutes

    add_url = reverse(viewset(Minutes).get_url_name("add"))
    draft = client.get(add_url, {"meeting": meeting.pk})
    form = draft.context["form"]
    assert form.instance.meeting == meeting and form.instance.serial == 1 and form.instance.present == "张主任"
    from tests.registers_factories import unit

    data = {"meeting": meeting.pk, "year": 2022, "serial": 1, "issued_on": "2022-06-27", "body": "一、会议议定\n正文",
            "present": "张主任", "attending": "", "absent": "", "copied_to": "",
            "items-TOTAL_FORMS": 1, "items-INITIAL_FORMS": 0, "items-MIN_NUM_FORMS": 0, "items-MAX_NUM_FORMS": 1000,
            "items-0-text": "县自然资源局7月10日前完成报批", "items-0-issue": issue.pk, "items-0-project": "",
            "items-0-responsible_units": [unit("县自然资源局").pk], "items-0-deadline": "2022-07-10",
            "items-0-status": "open", "items-0-checked_off_on": "", "items-0-evidence": "", "items-0-status_reason": "",
            "items-0-id": "", "items-0-DELETE": ""}
    response = client.post(add_url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    item = LedgerItem.objects.get()
    assert item.project_id == issue.project_id and list(item.responsible_units.all()) == [unit("县自然资源局")]
    assert CoordinationIssue.objects.get(pk=issue.pk).status == IssueStatus.DECIDED
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.MINUTES_ISSUED
