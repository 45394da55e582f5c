"""The public site: the commissioner directory (grouping, unit anchors, search by unit, name, matter
and 拼音 initials, filters, print view), the home page's programme, news feeds, the sitemap, the
site search, the favicon and the project pages' gallery — and nothing unpublished reaching any."""

import datetime
import xml.etree.ElementTree as ET  # noqa: S405 — our own feeds and sitemap
from decimal import Decimal

import pytest

from pages.models import CommissionerDirectoryPage, HomePage, NewsIndexPage, NewsPage
from pages.pinyin import initials
from pages.programme import programme_figures
from registers.core.periods import reporting_period
from registers.models import Stage
from snippets.models import Unit
from tests.factories import (
    AcceptanceCommissionerFactory,
    GroundbreakingRoundFactory,
    MonthlyProgressFactory,
    ObservationMeetingFactory,
    ProgressPhotoFactory,
    ProjectFactory,
)
from tests.registers_factories import domain as seeded_domain
from tests.registers_factories import unit

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def directory():
    """Commissioners of two departments and a township, and one unpublished."""
    land, ndrc, town = unit("县自然资源局"), unit("县发改委"), unit("东山镇")
    people = {
        "land": AcceptanceCommissionerFactory(unit=land, name="林地甲", post="副局长", office_phone="0797-8521234",
                                              mobile="100-0000-0001", matters="建设用地预审与选址；用地报批"),
        "ndrc": AcceptanceCommissionerFactory(unit=ndrc, name="发改乙", mobile="10000000002", matters="项目审批、核准"),
        "town": AcceptanceCommissionerFactory(unit=town, name="东山丙", mobile="10000000003", matters="征地拆迁"),
        "hidden": AcceptanceCommissionerFactory(unit=land, name="隐藏丁", mobile="10000000009",
                                                matters="用地报批", is_published=False),
    }
    return CommissionerDirectoryPage.objects.get(), people


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def test_pinyin_initials():
    assert initials("县自然资源局") == "xzrzyj"
    assert "zrzy" in initials("县自然资源局")


def test_directory_groups_by_unit_with_an_index(client, directory):
    page, people = directory
    html = get(client, page.url)
    land = people["land"].unit
    assert f'<li id="unit-{land.pk}"><a href="?unit={land.pk}#unit-{land.pk}">' in html  # indexed, anchored
    assert 'class="directory-unit' not in html and "tel:" not in html  # units first, people on opening
    assert "县直部门" in html and "乡镇" in html  # the index by unit kind
    opened = get(client, page.url, unit=str(land.pk))
    assert f'<details class="directory-unit" id="unit-{land.pk}" open>' in opened
    assert opened.count('class="directory-unit') == 1 and f'<li id="unit-{land.pk}">' not in opened  # one anchor
    assert 'href="tel:07978521234"' in opened and 'href="tel:10000000001"' in opened  # tap to call
    assert "隐藏丁" not in opened and "10000000009" not in opened


@pytest.mark.parametrize("query", ["zrzy", "自然资源", "林地甲", "用地报批", "ZRZY", "xzrzyj"])
def test_directory_search_by_unit_name_matter_and_pinyin(client, directory, query):
    page, people = directory
    context = client.get(page.url, {"q": query}).context
    names = [p.name for group in context["groups"] for p in group["people"]]
    assert names == ["林地甲"], query
    assert all(group["open"] for group in context["groups"])  # found units are shown open


def test_directory_search_finds_nothing_unpublished(client, directory):
    page, _ = directory
    response = client.get(page.url, {"q": "隐藏丁"})
    html = response.content.decode()
    assert response.context["groups"] == [] and "10000000009" not in html and "没有找到符合条件的受理专员" in html


def test_directory_filters_by_unit_kind_and_prints(client, directory):
    page, _ = directory
    html = get(client, page.url, kind="township")
    assert "东山丙" in html and "林地甲" not in html and "发改乙" not in html
    printed = get(client, page.url, print="1")
    assert "print-view" in printed and printed.count(" open>") == 3  # every unit expanded
    assert 'class="unit-index' not in printed
    assert "打印版" in get(client, page.url)


def test_site_search_across_pages_and_registers(client, directory):
    project = ProjectFactory(name="自然资源大楼建设项目", code=None, location="东山镇自然资源路", is_public=True)
    ProjectFactory(name="自然资源内部项目", code=None, is_public=False)
    html = get(client, "/search/", q="自然资源")
    assert "县自然资源局" in html  # the unit, as a Chinese substring
    land = unit("县自然资源局").pk
    assert f'href="/commissioners/?unit={land}#unit-{land}"' in html  # opens the unit
    assert "林地甲" in html and 'href="tel:07978521234"' in html
    assert f'href="/projects/{project.pk}/"' in html and "自然资源内部项目" not in html
    assert "隐藏丁" not in html
    # the plan's text, searched in its blocks (附件4's 首问负责制)
    assert 'href="/plan/service-commissioners/"' in get(client, "/search/", q="首问负责制")
    assert "共找到 0 条结果" in get(client, "/search/", q="不存在的词语")
    assert client.get("/search/").status_code == 200


def test_home_page_shows_the_programme(client):
    year, month = reporting_period()
    agriculture, industry = seeded_domain("agriculture"), seeded_domain("industry")
    shown = ProjectFactory(name="公开在建项目", code=None, domain=agriculture, year=year, plan="2000",
                           stage=Stage.CONSTRUCTION, actual_start_date=datetime.date(year, 3, 1))
    MonthlyProgressFactory(project=shown, year=year, month=month, completed_ytd=Decimal("500"))
    hidden = ProjectFactory(name="内部项目", code=None, domain=industry, year=year, plan="9000", is_public=False,
                            actual_completion_date=datetime.date(year, 5, 1))
    MonthlyProgressFactory(project=hidden, year=year, month=month, completed_ytd=Decimal("7777"))
    GroundbreakingRoundFactory(title="春季集中开工", date=datetime.date(year, 3, 1), projects=[shown, hidden],
                               notes="内部说明不公开")
    ObservationMeetingFactory(title="上半年现场观摩", date=datetime.date(year, 6, 1), projects=[hidden],
                              comments="现场点评不公开")
    html = get(client, "/")
    county = programme_figures(year)["county"]
    assert county["completed"] == Decimal("500")  # public projects only
    assert f"{year}年“项目大会战”进展" in html and "<svg" in html
    assert 'sans-serif" font-size' in html and "WenQuanYi Micro Hei" in html  # the page's faces, not the PDF's
    assert "春季集中开工" in html and "上半年现场观摩" in html and "1个公开项目" in html
    assert "内部说明不公开" not in html and "现场点评不公开" not in html and "7,777" not in html
    counts = client.get("/").context["counts"]
    assert counts == {"construction": 1, "started": 1, "completed": 0}
    assert 'href="/plan/service-commissioners/"' in html and 'href="/commissioners/"' in html  # 附件 and directory
    assert 'href="/headquarters/"' in html


def test_news_feeds_are_valid_and_public_only(client):
    index = NewsIndexPage.objects.get()
    assert index.get_parent().specific_class is HomePage and index.url == "/news/"
    index.add_child(instance=NewsPage(title="第二批集中开工", slug="round-2", date=datetime.date(2026, 9, 1),
                                      intro="12个项目集中开工"))
    index.add_child(instance=NewsPage(title="草稿新闻", slug="draft", live=False))
    rss = client.get("/feeds/news.rss")
    assert rss.status_code == 200 and "xml" in rss["Content-Type"]
    channel = ET.fromstring(  # noqa: S314
        rss.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles[0] == "第二批集中开工" and "草稿新闻" not in titles
    assert channel.find("item").findtext("link").endswith("/news/round-2/")
    atom = ET.fromstring(  # noqa: S314
        client.get("/feeds/news.atom").content)
    entries = [entry.findtext(f"{ATOM}title") for entry in atom.findall(f"{ATOM}entry")]
    assert entries[0] == "第二批集中开工" and "草稿新闻" not in entries
    html = get(client, "/news/")
    assert "第二批集中开工" in html and "草稿新闻" not in html
    assert 'type="application/rss+xml"' in html
    assert "12个项目集中开工" in get(client, "/news/round-2/")


def test_sitemap_lists_pages_and_public_projects(client):
    public = ProjectFactory(name="入图项目", code=None)
    private = ProjectFactory(name="不入图项目", code=None, is_public=False)
    response = client.get("/sitemap.xml", HTTP_HOST="xm.example.cn:8811")  # the site record says localhost:80
    assert response.status_code == 200
    locations = [loc.text for loc in ET.fromstring(  # noqa: S314
        response.content).iter(f"{SITEMAP}loc")]
    assert locations and all(loc.startswith("http://xm.example.cn:8811/") for loc in locations)  # as asked
    paths = {loc.removeprefix("http://xm.example.cn:8811") for loc in locations}
    for path in ("/", "/plan/", "/commissioners/", "/projects/", "/news/", f"/projects/{public.pk}/"):
        assert path in paths, path
    assert f"/projects/{private.pk}/" not in paths


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an .ico
    assert 'rel="icon"' in get(client, "/")


def test_project_filters_by_investment_band(client):
    small = ProjectFactory(name="小额项目", code=None, total_investment=Decimal("5000"))
    middle = ProjectFactory(name="中等项目", code=None, total_investment=Decimal("30000"))
    large = ProjectFactory(name="大额项目", code=None, total_investment=Decimal("120000"))
    for band, expected in (("lt1", small), ("1to5", middle), ("ge10", large)):
        names = [p.name for p in client.get("/projects/", {"band": band}).context["projects"]]
        assert names == [expected.name], band


def test_detail_shows_only_public_photos_enlargeable_and_a_trend(client):
    year, month = reporting_period()
    project = ProjectFactory(name="相册项目", code=None, year=year, plan="1000")
    progress = MonthlyProgressFactory(project=project, year=year, month=month, completed_ytd=Decimal("300"))
    draft = MonthlyProgressFactory(project=project, year=year, month=month - 1, status="draft")
    shown = ProgressPhotoFactory(progress=progress, caption="公开照片说明", is_public=True,
                                 image__file__filename="shown-photo.png")
    ProgressPhotoFactory(progress=progress, caption="内部照片说明", is_public=False,
                         image__file__filename="hidden-photo.png")
    ProgressPhotoFactory(progress=draft, caption="草稿月照片", is_public=True, image__file__filename="draft-photo.png")
    html = get(client, f"/projects/{project.pk}/")
    assert f'href="#photo-{shown.pk}"' in html and f'id="photo-{shown.pk}"' in html  # the enlarged view
    assert "max-1600x1200" in html and "shown-photo" in html
    assert "内部照片说明" not in html and "hidden-photo" not in html
    assert "草稿月照片" not in html and "draft-photo" not in html
    assert html.count("<svg") == 1 and "序时进度" in html  # the month-by-month chart


def test_unit_kinds_are_offered_as_filters(client, directory):
    page, _ = directory
    html = get(client, page.url)
    for value in ("department", "township", "enterprise"):
        assert f'value="{value}"' in html
    assert Unit.objects.filter(kind="township").exists()
