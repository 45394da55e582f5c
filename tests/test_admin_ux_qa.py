"""Fixes from the QA walk-through of the register admin: chooser search and columns, deleting
verified months, progress form defaults, submit/verify history, the over-plan tag, CSV filename,
image chooser scope and JSON errors of the API."""

from decimal import Decimal
from urllib.parse import quote

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import Collection, GroupCollectionPermission, ModelLogEntry

import pytest

from registers.core.periods import reporting_period
from registers.core.scopes import GROUP_LEAD, GROUP_REPORTER
from registers.models import MonthlyProgress, Project
from tests.factories import ImageFactory, ProgressPhotoFactory, ProjectFactory
from tests.registers_factories import (
    add_progress,
    agri_lead,
    domain,
    hq_user,
    make_project,
    make_user,
    progress_post,
    reporter,
    unit,
    viewset,
)

pytestmark = pytest.mark.django_db

P = viewset(Project)
M = viewset(MonthlyProgress)
CHOOSER = P.chooser_viewset


# --- 1. project chooser: database search, scoped, with telling columns ---------------------------


def bulk_project(name, unit_name, code, **fields):
    """A project as a bulk import leaves it: no save() signals, so no search-index entry."""
    township = fields.pop("township", None)
    project = ProjectFactory.build(name=name, code=code, domain=domain("agriculture"),
                                   responsible_unit=unit(unit_name), total_investment=Decimal("1000"),
                                   **fields)
    Project.objects.bulk_create([project])
    project = Project.objects.get(code=code)
    if township is not None:
        Project.townships.through.objects.create(project=project, unit=township)
    return project


def chooser_results(client, **params):
    response = client.get(reverse(CHOOSER.get_url_name("choose_results")), params)
    assert response.status_code == 200
    return response.content.decode()


def test_chooser_search_runs_in_the_database_for_scoped_and_hq_users(client):
    youshi = bulk_project("高标准农田建设项目", "油石乡", "QA-001", location="油石乡大坑村",
                          township=unit("油石乡"), stage="preliminary")
    bulk_project("高标准农田建设项目", "东山镇", "QA-002", location="东山镇城区", township=unit("东山镇"))
    make_project("油石乡茶叶基地", unit_name="油石乡", code="QA-003", owner_name="县城投公司")

    client.force_login(reporter("youshi", "油石乡"))
    html = chooser_results(client, q="油石乡")
    assert "QA-001" in html and "QA-003" in html and "QA-002" not in html
    assert "QA-001" in chooser_results(client, q="大坑村")  # location
    assert "QA-003" in chooser_results(client, q="城投")  # owner
    html = chooser_results(client, q="QA-00")  # code
    assert "QA-001" in html and "QA-002" not in html
    # columns that tell same-named projects apart: code, responsible unit, township, stage
    html = client.get(reverse(CHOOSER.get_url_name("choose"))).json()["html"]
    for heading in ("项目编码", "责任单位", "所在乡镇", "项目阶段"):
        assert heading in html
    assert youshi.get_stage_display() in html

    client.force_login(hq_user())
    html = chooser_results(client, q="高标准农田")
    assert "QA-001" in html and "QA-002" in html and "QA-003" not in html
    assert "东山镇" in html and "油石乡" in html


# --- 2. deleting a verified month; telling same-named months apart ------------------------------


def industry_bureau_user():
    """县工信局: lead unit of industry (so it may delete months) and responsible unit of an
    agriculture project (so it sees it), but not the one to verify agriculture months."""
    user = make_user("gxj", GROUP_LEAD, "县工信局")
    user.groups.add(Group.objects.get(name=GROUP_REPORTER))
    return user


def test_only_a_verifier_deletes_a_verified_month(client):
    project = make_project("县工信局高标准农田建设项目", "agriculture", "县工信局", code="DEMO-00011", plan="100")
    verified = add_progress(project, 2024, 5, "10", status="verified")
    draft = add_progress(project, 2024, 6, "20", status="draft")
    client.force_login(industry_bureau_user())
    assert client.get(reverse(M.get_url_name("delete"), args=[verified.pk])).status_code in (403, 404)
    assert client.post(reverse(M.get_url_name("delete"), args=[verified.pk])).status_code in (403, 404)
    assert MonthlyProgress.objects.filter(pk=verified.pk).exists()
    assert client.get(reverse(M.get_url_name("delete"), args=[draft.pk])).status_code == 200

    bulk_url = reverse("wagtail_bulk_action", args=("registers", "monthlyprogress", "delete"))
    query = f"?id={verified.pk}&id={draft.pk}"
    page = client.get(bulk_url + query)
    assert page.status_code == 200
    assert [item["item"] for item in page.context["items"]] == [draft]
    client.post(bulk_url + query)
    assert list(MonthlyProgress.objects.filter(project=project)) == [verified]

    client.force_login(agri_lead())  # the domain's lead unit may
    html = client.get(reverse(M.get_url_name("delete"), args=[verified.pk])).content.decode()
    assert "县工信局高标准农田建设项目（DEMO-00011）2024年5月" in html
    assert client.post(reverse(M.get_url_name("delete"), args=[verified.pk])).status_code == 302
    assert not MonthlyProgress.objects.filter(pk=verified.pk).exists()


def test_progress_str_names_the_code_and_listing_shows_status(client):
    coded = make_project("平富乡高标准农田建设项目", code="DEMO-00011")
    month = add_progress(coded, 2026, 10, "5", status="verified")
    assert str(month) == "平富乡高标准农田建设项目（DEMO-00011）2026年10月"
    uncoded = make_project("无编码项目")
    Project.objects.filter(pk=uncoded.pk).update(code=None)
    assert str(add_progress(Project.objects.get(pk=uncoded.pk), 2024, 3, "5")) == "无编码项目 2024年3月"
    client.force_login(hq_user())
    html = client.get(reverse(M.get_url_name("list"))).content.decode()
    assert "平富乡高标准农田建设项目（DEMO-00011）2026年10月" in html
    assert "已审核" in html and "已报送" in html


# --- 3. progress form: reporting period and the previous figure ----------------------------------


def test_add_form_defaults_to_reporting_period_and_edit_shows_previous_figure(client):
    year, month = reporting_period()
    client.force_login(hq_user())
    form = client.get(reverse(M.get_url_name("add"))).context["form"]
    assert (form["year"].value(), form["month"].value()) == (year, month)

    project = make_project(plan="1000", year=2024)
    add_progress(project, 2024, 4, "123.45")
    june = add_progress(project, 2024, 6, "300")
    html = client.get(reverse(M.get_url_name("edit"), args=[june.pk])).content.decode()
    assert "2024年4月" in html and "123.45" in html
    # a rejected add for the project shows it too
    rejected = progress_post(project, month=5, completed_ytd="-1")
    response = client.post(reverse(M.get_url_name("add")), rejected)
    assert "123.45" in response.content.decode()


# --- 4. submit and verify in the history ---------------------------------------------------------


def test_history_shows_submit_and_verify(client):
    project = make_project("东山镇污水管网", "agriculture", "东山镇", plan="1000")
    unit_user = reporter()
    client.force_login(unit_user)
    assert client.post(reverse(M.get_url_name("add")), progress_post(project)).status_code == 302
    month = MonthlyProgress.objects.get(project=project)
    assert client.post(reverse(M.get_url_name("edit"), args=[month.pk]),
                       progress_post(project, status="submitted")).status_code == 302
    lead = agri_lead()
    client.force_login(lead)
    assert client.post(reverse(M.get_url_name("edit"), args=[month.pk]),
                       progress_post(project, status="verified")).status_code == 302
    entries = ModelLogEntry.objects.for_instance(month).order_by("timestamp", "pk")
    actions = [(e.action, e.user) for e in entries if e.action.startswith("registers.")]
    assert actions == [("registers.progress.submit", unit_user), ("registers.progress.verify", lead)]
    history = client.get(reverse(M.get_url_name("history"), args=[month.pk])).content.decode()
    assert "报送月度进展" in history and "审核通过月度进展" in history
    # a save without a status change logs no extra action
    assert client.post(reverse(M.get_url_name("edit"), args=[month.pk]),
                       progress_post(project, status="verified", completed_ytd="301")).status_code == 302
    assert ModelLogEntry.objects.for_instance(month).filter(action__startswith="registers.").count() == 2


# --- 5. the over-plan column ---------------------------------------------------------------------


def test_over_plan_column_tags_only_over_plan_rows(client):
    normal = make_project("正常项目", plan="1000")
    over = make_project("超额项目", plan="100")
    add_progress(normal, 2024, 6, "500")
    add_progress(over, 2024, 6, "500")
    client.force_login(hq_user())
    html = client.get(reverse(M.get_url_name("list"))).content.decode()
    assert "icon-cross default" not in html  # Wagtail's boolean ✗
    assert html.count('class="pb-over-tag"') == 1


# --- 6. CSV filename -----------------------------------------------------------------------------


def test_csv_export_names_the_file_in_utf8(client):
    client.force_login(hq_user())
    response = client.get(reverse(P.get_url_name("list")), {"year": 2024, "month": 6, "export": "csv"})
    disposition = response["Content-Disposition"]
    assert "=?utf-8?" not in disposition.lower()
    assert f"filename*=UTF-8''{quote('项目清单-2024年6月.csv')}" in disposition
    assert 'filename="' in disposition and disposition.isascii()


# --- 7. image chooser scope ----------------------------------------------------------------------


def test_image_chooser_keeps_to_the_users_photos(client):
    dongshan = make_project("东山镇项目", unit_name="东山镇")
    doushui = make_project("陡水镇项目", unit_name="陡水镇")
    factory = make_project("工业园厂房", "industry", "县工信局")
    ds_user = reporter("ds", "东山镇")
    dw_user = reporter("dw", "陡水镇")
    # a site that lets its reporters pick from the image library (QA's setup)
    reporters = Group.objects.get(name=GROUP_REPORTER)
    GroupCollectionPermission.objects.get_or_create(
        group=reporters, collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(content_type__app_label="wagtailimages", codename="choose_image"),
    )
    dongshan_photo = ImageFactory(title="东山镇工地照片", uploaded_by_user=ds_user)
    own_photo = ImageFactory(title="陡水镇自传照片", uploaded_by_user=dw_user)
    other_photo = ImageFactory(title="陡水镇项目照片")
    factory_photo = ImageFactory(title="工业园厂房照片")
    ProgressPhotoFactory(progress=add_progress(dongshan, 2024, 5, "1"), image=dongshan_photo)
    ProgressPhotoFactory(progress=add_progress(doushui, 2024, 5, "1"), image=other_photo)
    ProgressPhotoFactory(progress=add_progress(factory, 2024, 5, "1"), image=factory_photo)

    client.force_login(dw_user)
    html = client.get(reverse("wagtailimages_chooser:choose")).json()["html"]
    assert "陡水镇自传照片" in html and "陡水镇项目照片" in html and "东山镇工地照片" not in html
    results = client.get(reverse("wagtailimages_chooser:choose_results"), {"p": 1}).content.decode()
    assert "陡水镇项目照片" in results and "东山镇工地照片" not in results

    # the agriculture lead unit (which may choose images by its role) sees its domain's photos only
    client.force_login(agri_lead())
    html = client.get(reverse("wagtailimages_chooser:choose")).json()["html"]
    assert "东山镇工地照片" in html and "陡水镇项目照片" in html and "工业园厂房照片" not in html

    client.force_login(hq_user())
    html = client.get(reverse("wagtailimages_chooser:choose")).json()["html"]
    assert "东山镇工地照片" in html and "工业园厂房照片" in html and own_photo.title in html


# --- 8. JSON errors from the API -----------------------------------------------------------------


def test_api_errors_are_json(client):
    private = make_project("未公开项目", is_public=False)
    missing = {"detail": "项目不存在或未公开。"}
    endpoints = {"detail": "接口不存在。可用接口：/api/projects/、/api/projects/<id>/、/api/progress/。"}
    cases = [(reverse("public_api:project-detail", args=[pk]), missing) for pk in (private.pk, 999999, "abc")]
    cases.append(("/api/nothing/", endpoints))  # no URL name: any path the API's routes do not match
    for url, body in cases:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("application/json")
        assert response.json() == body
    assert client.get(cases[0][0]).json() == {"detail": "项目不存在或未公开。"}
    response = client.get(reverse("public_api:project-list"), {"stage": "nonsense"})
    assert response.status_code == 400 and response["Content-Type"].startswith("application/json")
    response = client.get(reverse("public_api:progress-list"), {"year": "abc"})
    assert response.status_code == 400 and "errors" in response.json()
