"""Every registered snippet viewset × every role × every view, export and chooser: no row outside the
role's scope (``rows_for``) is ever shown, exported, opened or chosen. A register added later without
a scope fails here (its viewset is not the scoped base, or start-up refuses it)."""

import csv
import datetime
import io

from django.contrib.auth.models import AnonymousUser
from django.urls import NoReverseMatch, reverse

from wagtail.snippets.models import get_snippet_models

import pytest

from registers.core.scopes import GROUP_COMMISSIONER, GROUP_LEADER, rows_for
from registers.core.viewsets import ScopedSnippetViewSet
from registers.models import Project
from snippets.models import AcceptanceCommissioner
from tests.factories import (
    AcceptanceCommissionerFactory,
    GroundbreakingRoundFactory,
    ObservationMeetingFactory,
)
from tests.registers_factories import (
    add_progress,
    agri_lead,
    hq_user,
    make_project,
    make_user,
    reporter,
    unit,
)

pytestmark = pytest.mark.django_db

OBJECT_VIEWS = ["edit", "delete", "history", "usage", "inspect", "copy", "revisions_compare"]


@pytest.fixture
def world():
    mine = make_project("东山镇茶叶基地", "agriculture", "东山镇", plan="1000", contact_leaders="陈领导")
    other = make_project("营前镇工业厂房", "industry", "营前镇", plan="2000")
    add_progress(mine, 2024, 5, "100")
    add_progress(other, 2024, 5, "300", status="draft")
    GroundbreakingRoundFactory(title="第一批集中开工", date=datetime.date(2024, 3, 1), projects=[mine, other])
    ObservationMeetingFactory(title="现场观摩", date=datetime.date(2024, 6, 1))
    for unit_name, name in (("县农业农村局", "农业专员"), ("县工信局", "工信专员")):
        AcceptanceCommissionerFactory(unit=unit(unit_name), name=name, mobile="13800000000",
                                      is_published=False)
    roles = {
        "hq": hq_user(),
        "lead": agri_lead(),
        "reporter": reporter(),
        "leader": make_user("leader", GROUP_LEADER, leader_name="陈领导"),
        "commissioner": make_user("zy", GROUP_COMMISSIONER, "县工信局"),
        "unitless": make_user("plain"),
    }
    make_user("someone_else", unit_name="营前镇")  # a membership only the HQ office sees
    coordination_rows(mine, other)
    duty_rows(mine, other)
    report_rows()
    return roles


def report_rows():
    """Reports on both sides: one for all, each domain's, a letter to each unit, one for the leaders,
    and one sent to 东山镇 though it is another unit's."""
    from registers.models import Project
    from tasks.models import ReportRun

    ReportRun.objects.create(kind="monthly_bulletin", period="2024-05", scope_key="county")
    for code in ("agriculture", "industry"):
        ReportRun.objects.create(kind="monthly_bulletin", period="2024-05", scope_kind="domain",
                                 domain=Project.objects.filter(domain__code=code).first().domain,
                                 scope_key=f"domain:{code}")
    for name in ("东山镇", "营前镇"):
        ReportRun.objects.create(kind="warning_letters", period="2024-05", scope_kind="unit", unit=unit(name),
                                 scope_key=f"unit:{name}")
    ReportRun.objects.create(kind="quarterly_report", period="2024-Q2", scope_key="county")
    sent = ReportRun.objects.create(kind="duty_compliance", period="2024-05", scope_key="county")
    sent.recipient_units.set([unit("东山镇")])


def duty_rows(mine, other):
    """Leaders' assignments and logs, liaison commissioners and their duties, on both sides."""
    from registers.models import CommissionerDuty, Leader, LeaderActivity, LeaderAssignment, LiaisonCommissioner

    for leader_name, project, liaison in (("陈领导", mine, "县农业农村局"), ("王领导", other, "县工信局")):
        leader = Leader.objects.create(name=leader_name)
        assignment = LeaderAssignment.objects.create(leader=leader, year=2024, project=project,
                                                     liaison_unit=unit(liaison))
        LeaderActivity.objects.create(assignment=assignment, date=datetime.date(2024, 5, 6), kind="report")
        commissioner = LiaisonCommissioner.objects.create(name=f"{leader_name}专员", unit=unit(liaison), year=2024)
        commissioner.projects.set([project])
        commissioner.save()
        CommissionerDuty.objects.create(commissioner=commissioner, project=project, date=datetime.date(2024, 5, 7),
                                        kind="call")


def coordination_rows(mine, other):
    """Issues, meetings, minutes and ledger items on both sides of every role's scope."""
    from registers.models import MeetingTier
    from tests.coordination_helpers import decide, make_issue, make_meeting
    from tests.registers_factories import domain

    own = make_issue(mine, "东山镇", datetime.date(2024, 6, 2))
    foreign = make_issue(other, "营前镇", datetime.date(2024, 6, 2))
    joint = make_meeting(datetime.date(2024, 6, 25), title="6月部门联席会")
    joint.issues.set([foreign])
    joint.save()
    farm = make_meeting(datetime.date(2024, 6, 20), MeetingTier.GROUP, domain=domain("agriculture"),
                        title="农业领导小组会")
    works = make_meeting(datetime.date(2024, 6, 21), MeetingTier.GROUP, domain=domain("industry"),
                         title="工业领导小组会")
    decide(farm, ["农业议定事项"], issue=own, units=("东山镇",))
    decide(works, ["工业议定事项"], project=other, units=("营前镇",))
    decide(joint, ["联席会议定事项"], issue=foreign, units=("县工信局",))


def scoped_viewsets():
    return [model.snippet_viewset for model in get_snippet_models()]


def test_every_snippet_viewset_is_scoped():
    viewsets = scoped_viewsets()
    assert len(viewsets) >= 12
    for viewset in viewsets:
        assert isinstance(viewset, ScopedSnippetViewSet), viewset.model._meta.label


def url(viewset, name, *args):
    try:
        return reverse(viewset.get_url_name(name), args=args)
    except NoReverseMatch:
        return None


def csv_rows(response) -> int:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return len(list(csv.reader(io.StringIO(body)))) - 1


def check_listing(client, viewset, allowed):
    response = client.get(url(viewset, "list"))
    if response.status_code != 200:
        assert response.status_code in (302, 403)
        return
    shown = {obj.pk for obj in response.context["object_list"]}
    assert shown <= allowed
    if viewset.list_export:
        export = client.get(url(viewset, "list") + "?export=csv")
        assert export.status_code == 200
        assert csv_rows(export) == len(allowed)


def check_objects(client, viewset, outside):
    for pk in outside:
        for name in OBJECT_VIEWS:
            target = url(viewset, name, pk)
            if target is None:
                continue
            response = client.get(target)
            assert response.status_code in (302, 403, 404), (viewset.model._meta.label, name, response.status_code)
            if name in ("edit", "delete"):
                assert client.post(target, {}).status_code in (302, 403, 404)


def check_chooser(client, viewset, allowed, outside):
    chooser = viewset.chooser_viewset
    results = client.get(reverse(chooser.get_url_name("choose_results")))
    if results.status_code == 200:
        assert {obj.pk for obj in results.context["results"]} <= allowed
    for pk in outside:
        chosen = client.get(reverse(chooser.get_url_name("chosen"), args=[pk]))
        assert chosen.status_code in (302, 403, 404)


@pytest.mark.parametrize("role", ["hq", "lead", "reporter", "leader", "commissioner", "unitless"])
def test_no_view_shows_a_row_outside_the_role_scope(client, world, role):
    user = world[role]
    client.force_login(user)
    for viewset in scoped_viewsets():
        model = viewset.model
        allowed = set(rows_for(user, model).values_list("pk", flat=True))
        everything = set(model._default_manager.values_list("pk", flat=True))
        outside = sorted(everything - allowed)[:3]
        check_listing(client, viewset, allowed)
        check_objects(client, viewset, outside)
        check_chooser(client, viewset, allowed, outside)


def test_scopes_are_narrow_where_they_must_be(world):
    lead, anonymous = world["lead"], AnonymousUser()
    commissioners = AcceptanceCommissioner.objects.all()
    assert {c.name for c in rows_for(lead, AcceptanceCommissioner, commissioners)} == {"农业专员"}
    assert not rows_for(world["unitless"], AcceptanceCommissioner).exists()
    assert not rows_for(anonymous, AcceptanceCommissioner).exists()
    assert rows_for(world["hq"], AcceptanceCommissioner).count() == commissioners.count()
    assert {p.name for p in rows_for(world["reporter"], Project)} == {"东山镇茶叶基地"}
    from registers.models import CoordinationIssue, LedgerItem, Meeting

    assert {i.project.name for i in rows_for(lead, CoordinationIssue)} == {"东山镇茶叶基地"}
    assert {m.title for m in rows_for(lead, Meeting)} == {"农业领导小组会"}
    assert {i.text for i in rows_for(lead, LedgerItem)} == {"农业议定事项"}
    assert {m.title for m in rows_for(world["reporter"], Meeting)} == set()
    assert {i.text for i in rows_for(world["commissioner"], LedgerItem)} == {"联席会议定事项"}
    assert rows_for(world["hq"], Meeting).count() == 3
    from registers.models import LeaderAssignment, LiaisonCommissioner

    assert {a.leader.name for a in rows_for(world["leader"], LeaderAssignment)} == {"陈领导"}
    assert {a.leader.name for a in rows_for(lead, LeaderAssignment)} == {"陈领导"}
    assert {c.name for c in rows_for(world["commissioner"], LiaisonCommissioner)} == {"王领导专员"}


def test_lead_unit_cannot_export_another_unit_commissioners(client, world):
    client.force_login(world["lead"])
    viewset = AcceptanceCommissioner.snippet_viewset
    body = b"".join(client.get(url(viewset, "list") + "?export=csv").streaming_content).decode("utf-8-sig")
    assert "农业专员" in body
    assert "工信专员" not in body
