"""Row scope everywhere a row can leak or change: listing, edit, delete, history, inspect, usage,
export, choosers, form field querysets and the API. Refusal is a 404 (or a 403 by permission)."""

from decimal import Decimal

from django.urls import reverse

import pytest

from registers.core.scopes import rows_for
from registers.models import GroundbreakingRound, MonthlyProgress, Project, UnitMembership
from tests.registers_factories import (
    add_progress,
    agri_lead,
    hq_user,
    make_project,
    make_user,
    progress_post,
    reporter,
    viewset,
)

pytestmark = pytest.mark.django_db

P = viewset(Project)
M = viewset(MonthlyProgress)
CHOOSER = P.chooser_viewset
MEMBERSHIPS = viewset(UnitMembership)


@pytest.fixture
def world():
    """Two townships' agriculture projects, an industry project of 县工信局, one private row."""
    dongshan = make_project("东山镇高标准农田", "agriculture", "东山镇", plan="1000")
    doushui = make_project("陡水镇茶叶基地", "agriculture", "陡水镇", plan="800", is_public=False)
    factory = make_project("工业园标准厂房", "industry", "县工信局", plan="5000")
    for project in (dongshan, doushui, factory):
        add_progress(project, 2024, 5, "100")
    return {"dongshan": dongshan, "doushui": doushui, "factory": factory}


def object_urls(project):
    progress = project.progress.get()
    return [
        reverse(P.get_url_name("edit"), args=[project.pk]),
        reverse(P.get_url_name("delete"), args=[project.pk]),
        reverse(P.get_url_name("history"), args=[project.pk]),
        reverse(P.get_url_name("inspect"), args=[project.pk]),
        reverse(P.get_url_name("usage"), args=[project.pk]),
        reverse(M.get_url_name("edit"), args=[progress.pk]),
        reverse(M.get_url_name("history"), args=[progress.pk]),
        reverse(M.get_url_name("inspect"), args=[progress.pk]),
        reverse(CHOOSER.get_url_name("chosen"), args=[project.pk]),
    ]


def test_scope_rules_by_role(world):
    assert set(Project.objects.for_user(hq_user())) >= set(world.values())
    assert set(Project.objects.for_user(agri_lead())) == {world["dongshan"], world["doushui"]}
    assert set(Project.objects.for_user(reporter())) == {world["dongshan"]}
    # owner unit counts as the reporter's too
    owned = make_project("东山镇代建项目", "industry", "县工信局", owner_unit=world["dongshan"].responsible_unit)
    assert owned in Project.objects.for_user(reporter("ds2"))
    anonymous = type("Anon", (), {"is_authenticated": False, "is_active": False})()
    assert not Project.objects.for_user(anonymous).exists()


def test_agriculture_lead_lists_only_agriculture(client, world):
    client.force_login(agri_lead())
    html = client.get(reverse(P.get_url_name("list"))).content.decode()
    assert "东山镇高标准农田" in html and "陡水镇茶叶基地" in html
    assert "工业园标准厂房" not in html
    html = client.get(reverse(M.get_url_name("list"))).content.decode()
    assert "工业园标准厂房" not in html and "东山镇高标准农田" in html


def test_hq_lists_all(client, world):
    client.force_login(hq_user())
    html = client.get(reverse(P.get_url_name("list"))).content.decode()
    assert all(p.name in html for p in world.values())
    for url in object_urls(world["factory"]):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["reporter", "lead"])
def test_object_views_refuse_rows_outside_scope(client, world, who):
    user = reporter() if who == "reporter" else agri_lead()
    client.force_login(user)
    outside = world["doushui"] if who == "reporter" else world["factory"]
    for url in object_urls(outside):
        assert client.get(url).status_code == 404, url
    # their own rows open (a reporter reads the project record and edits its months)
    own = object_urls(world["dongshan"])
    for url in ([own[3], own[5], own[6]] if who == "reporter" else own[:1] + own[2:4]):
        assert client.get(url).status_code == 200, url
    if who == "reporter":  # DESIGN §6: the project record itself is not the reporter's to change
        assert client.get(own[0]).status_code in (302, 403)


def test_post_edit_and_delete_outside_scope_change_nothing(client, world):
    client.force_login(reporter())
    other = world["doushui"]
    progress = other.progress.get()
    assert client.post(reverse(P.get_url_name("edit"), args=[other.pk]), {"name": "改名"}).status_code == 404
    assert client.post(reverse(M.get_url_name("edit"), args=[progress.pk]),
                       {"completed_ytd": "1"}).status_code == 404
    assert client.post(reverse(P.get_url_name("delete"), args=[other.pk])).status_code == 404
    other.refresh_from_db()
    progress.refresh_from_db()
    assert other.name == "陡水镇茶叶基地" and progress.completed_ytd == Decimal("100")
    # a lead editor with delete permission still cannot delete outside its domain
    client.force_login(agri_lead())
    assert client.post(reverse(P.get_url_name("delete"), args=[world["factory"].pk])).status_code == 404
    assert Project.objects.filter(pk=world["factory"].pk).exists()


def csv_export(client, register, query=""):
    response = client.get(reverse(register.get_url_name("list")) + "?export=csv" + query)
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_export_keeps_scope_and_filters(client, world):
    client.force_login(reporter())
    body = csv_export(client, P)
    assert "东山镇高标准农田" in body and "陡水镇茶叶基地" not in body and "工业园标准厂房" not in body
    client.force_login(agri_lead())
    body = csv_export(client, P, "&q=茶叶")
    assert "陡水镇茶叶基地" in body and "东山镇高标准农田" not in body
    body = csv_export(client, M)
    assert "工业园标准厂房" not in body and "东山镇高标准农田" in body


def test_chooser_lists_only_scope(client, world):
    client.force_login(reporter())
    for name in ("choose", "choose_results"):
        response = client.get(reverse(CHOOSER.get_url_name(name)))
        html = response.json()["html"] if name == "choose" else response.content.decode()
        assert "东山镇高标准农田" in html
        assert "陡水镇茶叶基地" not in html and "工业园标准厂房" not in html
    assert client.get(reverse(CHOOSER.get_url_name("chosen"), args=[world["dongshan"].pk])).status_code == 200
    assert client.get(reverse(CHOOSER.get_url_name("chosen"), args=[world["doushui"].pk])).status_code == 404
    both = {"id": [world["dongshan"].pk, world["doushui"].pk]}
    response = client.get(reverse(CHOOSER.get_url_name("chosen_multiple")), both)
    chosen = [item["string"] for item in response.json()["result"]]
    assert chosen == ["东山镇高标准农田"]


def test_reporter_cannot_post_another_units_project(client, world):
    client.force_login(reporter())
    submitted_june = {"completed_ytd": "150", "image_progress": "主体完工", "status": "submitted"}
    response = client.post(reverse(M.get_url_name("add")), progress_post(world["doushui"], **submitted_june))
    assert response.status_code == 200  # the form again, with the error
    assert "project" in response.context["form"].errors
    assert not MonthlyProgress.objects.filter(project=world["doushui"], month=6).exists()
    response = client.post(reverse(M.get_url_name("add")), progress_post(world["dongshan"], **submitted_june))
    assert response.status_code == 302
    assert MonthlyProgress.objects.filter(project=world["dongshan"], month=6).exists()


def test_project_cannot_be_edited_out_of_scope(client, world):
    from django.forms.models import model_to_dict

    from registers.projects.viewsets import ProjectViewSet

    user = reporter()
    project = world["dongshan"]
    own_unit = project.responsible_unit_id
    form_class = ProjectViewSet().get_edit_handler().get_form_class()
    data = {k: v for k, v in model_to_dict(project).items() if v is not None}
    data.update({"annual_plans-TOTAL_FORMS": 0, "annual_plans-INITIAL_FORMS": 0,
                 "responsible_unit": world["doushui"].responsible_unit_id})
    form = form_class(data, instance=project, for_user=user)
    assert not form.is_valid()
    assert "超出您的数据范围" in str(form.non_field_errors())
    data["responsible_unit"] = own_unit
    form = form_class(data, instance=Project.objects.get(pk=project.pk), for_user=user)
    assert form.is_valid(), form.errors


def test_m2m_project_field_offers_only_scope(world):
    from registers.projects.viewsets import GroundbreakingRoundViewSet

    form_class = GroundbreakingRoundViewSet().get_edit_handler().get_form_class()
    form = form_class(instance=GroundbreakingRound(), for_user=agri_lead())
    assert set(form.fields["projects"].queryset) == {world["dongshan"], world["doushui"]}


def test_api_serves_public_rows_only(client, world):
    client.force_login(reporter())  # being logged in gives no more rows
    data = client.get(reverse("public_api:project-list")).json()
    names = {row["name"] for row in data["results"]}
    assert "陡水镇茶叶基地" not in names and "东山镇高标准农田" in names
    assert client.get(reverse("public_api:project-detail", args=[world["doushui"].pk])).status_code == 404
    assert client.get(reverse("public_api:project-detail", args=[world["dongshan"].pk])).status_code == 200
    progress = client.get(reverse("public_api:progress-list"), {"project": world["doushui"].pk}).json()
    assert progress["count"] == 0


def test_unit_membership_is_hq_only(client, world):
    user = reporter()
    url = reverse(MEMBERSHIPS.get_url_name("list"))
    client.force_login(agri_lead("lead2"))
    assert client.get(url).status_code in (302, 403)
    membership = UnitMembership.objects.get(user=user)
    assert client.get(reverse(MEMBERSHIPS.get_url_name("edit"), args=[membership.pk])).status_code in (
        403, 404
    )
    client.force_login(hq_user())
    assert "dongshan" in client.get(url).content.decode()
    assert rows_for(make_user("plain"), UnitMembership).count() == 0
