from django.urls import reverse

from wagtail.models import Page

import pytest

from pages.models import CommissionerDirectoryPage, HeadquartersPage, HomePage, PolicyPage
from snippets.models import Unit
from tests.factories import AcceptanceCommissionerFactory

pytestmark = pytest.mark.django_db

EXPECTED_TEXT = {
    "/": "六大领域",
    "/plan/": "坚持“项目为王”理念",
    "/plan/coordination-meetings/": "经过两次会议仍未落实的，予以通报批评",
    "/plan/leader-contact/": "每位领导每年分别挂点联系1-3个重大项目",
    "/plan/service-commissioners/": "每周至少1次电话联络项目单位",
    "/headquarters/": "余业伟",
    "/commissioners/": "重大项目服务受理专员名录",
}


@pytest.mark.parametrize("url,text", EXPECTED_TEXT.items())
def test_seeded_pages_answer_in_chinese(client, url, text):
    response = client.get(url)
    assert response.status_code == 200
    assert text in response.content.decode()


def test_every_live_page_is_routable(client):
    for page in Page.objects.live().filter(depth__gt=1).specific():
        assert client.get(page.url).status_code == 200, page.url


def test_policy_pages_are_editable_streamfields():
    plan = PolicyPage.objects.get(slug="plan")
    kinds = [block.block_type for block in plan.body]
    assert kinds.count("heading") == 4  # 一、二、三、四
    annex3 = PolicyPage.objects.get(slug="leader-contact")
    assert sum(1 for b in annex3.body if b.block_type == "article") == 13  # 第一条 … 第十三条
    assert HomePage.objects.count() == 1


def test_headquarters_page_lists_posts_units_and_groups(client):
    html = client.get(HeadquartersPage.objects.get().url).content.decode()
    for text in ("总指挥", "周光仁", "县委常委、常务副县长", "刘干", "县自来水公司", "人民银行上犹县支行",
                 "工业“项目大会战”领导小组", "指挥部办公室设在县发改委"):
        assert text in html


def test_commissioner_directory_shows_published_only(client):
    unit = Unit.objects.resolve("县发改委")
    AcceptanceCommissionerFactory(unit=unit, name="公开甲", mobile="10012345678", matters="项目审批")
    AcceptanceCommissionerFactory(unit=unit, name="隐藏乙", is_published=False)
    html = client.get(CommissionerDirectoryPage.objects.get().url).content.decode()
    assert "公开甲" in html and "项目审批" in html
    assert 'href="tel:10012345678"' in html  # a tap calls from a phone
    assert "隐藏乙" not in html


def test_admin_login_is_in_chinese(client):
    response = client.get(reverse("wagtailadmin_login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "登录" in html and "用户名" in html and 'lang="zh-hans"' in html


def test_pages_api_lists_live_pages(client):
    params = {"type": "pages.PolicyPage", "fields": "document_number"}
    data = client.get(reverse("wagtailapi:pages:listing"), params).json()
    assert data["meta"]["total_count"] == 4
    assert all("上府办发〔2021〕18号" in item["document_number"] for item in data["items"])


def test_home_page_shows_the_reporting_years_targets_only(client):
    from registers.core.periods import reporting_period

    html = client.get("/").content.decode()
    year = HomePage.target_year()
    assert year == min(reporting_period()[0], 2023)  # the seed has 2021-2023 targets
    assert f"六大领域{year}年投资目标" in html
    assert html.count("年度目标：完成投资50亿元以上") == 1  # 工业, one year only
