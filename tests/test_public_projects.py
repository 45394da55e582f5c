"""The public project list and project page: figures from the query layer, filters, and nothing
private (non-public projects, private photos) reaching a visitor."""

from decimal import Decimal

import pytest

from pages.models import HomePage, ProjectIndexPage
from registers.core.periods import reporting_period
from registers.models import Project, Stage
from tests.factories import MonthlyProgressFactory, ProgressPhotoFactory, ProjectFactory
from tests.registers_factories import domain as seeded_domain
from tests.registers_factories import unit

pytestmark = pytest.mark.django_db


def make_project(name, *, domain="industry", township="东山镇", stage=Stage.CONSTRUCTION, is_public=True,
                 plan="1000", ytd=("100", "250"), status="submitted"):
    """A project of 县工信局 under way in the reporting year with its plan, and its latest months
    (``ytd`` oldest first, up to the reporting month), newest first."""
    year, month = reporting_period()
    project = ProjectFactory(
        name=name, code=None, domain=seeded_domain(domain), stage=stage, township=unit(township), year=year,
        responsible_unit=unit("县工信局"), owner_name="江西测试新材料有限公司", is_public=is_public, plan=plan,
    )
    rows = [
        MonthlyProgressFactory(project=project, year=year, month=month - offset,
                               completed_ytd=Decimal(amount), image_progress=f"{name}主体结构施工至{3 - offset}层",
                               status=status)
        for offset, amount in enumerate(reversed(ytd)) if month - offset >= 1
    ]
    return project, rows


@pytest.fixture
def index_page():
    return ProjectIndexPage.objects.get()


def test_index_page_is_seeded_under_home_and_in_menu(index_page):
    assert index_page.get_parent().specific_class is HomePage
    assert index_page.show_in_menus and index_page.live
    assert index_page.url == "/projects/"


def test_list_shows_public_projects_with_figures(client, index_page):
    make_project("公开甲项目", plan="1000", ytd=("100", "250"))
    make_project("内部乙项目", is_public=False)
    response = client.get("/projects/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "公开甲项目" in html
    assert "内部乙项目" not in html
    year, month = reporting_period()
    assert f"{year}年计划" in html and f"1-{month}月完成" in html
    assert "1,000.00" in html  # the annual plan
    assert "250.00" in html  # year-to-date completed (the latest month)
    assert "25.0%" in html  # % of plan, from with_figures
    # the menu of every page links the list
    assert 'href="/projects/"' in client.get("/").content.decode()


def test_filters_by_domain_stage_and_township(client, index_page):
    make_project("工业东山项目", domain="industry", township="东山镇")
    make_project("农业陡水项目", domain="agriculture", township="陡水镇")
    make_project("农业储备项目", domain="agriculture", township="陡水镇", stage=Stage.RESERVE)
    agriculture = seeded_domain("agriculture").pk
    html = client.get(f"/projects/?domain={agriculture}").content.decode()
    assert "农业陡水项目" in html and "农业储备项目" in html and "工业东山项目" not in html
    html = client.get(f"/projects/?domain={agriculture}&stage=construction").content.decode()
    assert "农业陡水项目" in html and "农业储备项目" not in html
    township = unit("东山镇").pk
    html = client.get(f"/projects/?township={township}").content.decode()
    assert "工业东山项目" in html and "农业陡水项目" not in html
    html = client.get("/projects/?q=陡水").content.decode()
    assert "农业陡水项目" in html and "工业东山项目" not in html


def test_list_is_paginated(client, index_page):
    index_page.per_page = 2
    index_page.save()
    for number in range(5):
        make_project(f"分页项目{number}")
    first = client.get("/projects/?stage=construction").content.decode()
    assert "第 1/3 页" in first and "stage=construction&amp;page=2" in first
    third = client.get("/projects/?stage=construction&page=3").content.decode()
    assert "分页项目4" in third and "分页项目0" not in third


def test_detail_shows_project_plan_and_months(client, index_page):
    project, rows = make_project("详情项目", plan="1000", ytd=("100", "250"))
    response = client.get(f"/projects/{project.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>详情项目</h1>" in html
    assert "江西测试新材料有限公司" in html and "县工信局" in html
    assert "详情项目主体结构施工至3层" in html
    if len(rows) == 2:
        assert "150.00" in html  # the month's own figure (250 − 100) from with_month_completed


def test_non_public_project_is_404(client, index_page):
    project, _ = make_project("保密项目", is_public=False)
    assert client.get(f"/projects/{project.pk}/").status_code == 404
    assert client.get("/projects/999999/").status_code == 404


def test_only_public_photos_are_shown(client, index_page):
    project, rows = make_project("照片项目")
    ProgressPhotoFactory(progress=rows[-1], image__title="公开照片", image__file__filename="public-site.png",
                         image__file__color="green", caption="公开的现场照片", is_public=True)
    ProgressPhotoFactory(progress=rows[-1], image__title="内部照片", image__file__filename="private-site.png",
                         image__file__color="red", caption="内部的现场照片", is_public=False)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert "公开的现场照片" in html and "public-site" in html
    assert "内部的现场照片" not in html and "private-site" not in html


def test_photos_of_a_project_made_private_are_not_reachable(client, index_page):
    project, rows = make_project("转为不公开项目")
    ProgressPhotoFactory(progress=rows[-1], image__title="照片", image__file__filename="was-public.png",
                         caption="曾公开照片", is_public=True)
    assert "曾公开照片" in client.get(f"/projects/{project.pk}/").content.decode()
    Project.objects.filter(pk=project.pk).update(is_public=False)
    assert client.get(f"/projects/{project.pk}/").status_code == 404
    assert "转为不公开项目" not in client.get("/projects/").content.decode()


def test_draft_months_are_not_public(client, index_page):
    year, month = reporting_period()
    # the public pages judge the latest published month: another project has reported this one
    make_project("已报送项目", ytd=("100", "250"))
    project, rows = make_project("草稿月份项目", ytd=("100", "250"))
    rows[0].status = "draft"  # the latest month is still a draft
    rows[0].save()
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert "草稿月份项目主体结构施工至3层" not in html  # the draft month's text
    assert "草稿月份项目主体结构施工至2层" in html
    listed = client.get("/projects/", {"q": "草稿月份"}).context["projects"][0]
    assert listed.ytd_completed == Decimal("100") and listed.reported is False
