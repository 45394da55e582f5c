"""The public cache: anonymous pages and API answers are built once and sent with Cache-Control;
anything they show changing (a row saved, a page published, an import committed) makes them stale."""

from django.core.cache import caches

import pytest

from registers.imports.pipeline import run_import
from snippets.models import AcceptanceCommissioner
from tests.import_helpers import write_xlsx
from tests.registers_factories import make_project, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    settings.PUBLIC_BROWSER_CACHE_SECONDS = 60
    caches["default"].clear()
    yield
    caches["default"].clear()


def test_api_answers_are_kept_and_sent_with_cache_control(client, cached, django_assert_num_queries):
    make_project("东山镇油茶基地", year=2024, plan=1000)
    first = client.get("/api/projects/", {"year": 2024, "month": 6})
    assert first.status_code == 200 and "东山镇油茶基地" in first.content.decode()
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    with django_assert_num_queries(0):
        again = client.get("/api/projects/", {"year": 2024, "month": 6})
    assert again.content == first.content


def test_a_saved_row_makes_the_pages_showing_it_stale(client, cached, django_capture_on_commit_callbacks):
    commissioner = AcceptanceCommissioner.objects.create(unit=unit("县自然资源局"), name="缓存测试员",
                                                         office_phone="0797-0000001")
    assert "缓存测试员" in client.get("/commissioners/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        commissioner.name = "改名测试员"
        commissioner.save()
    page = client.get("/commissioners/").content.decode()
    assert "改名测试员" in page and "缓存测试员" not in page


def test_publishing_a_page_makes_it_stale(client, cached, django_capture_on_commit_callbacks):
    from pages.models import HeadquartersPage

    page = HeadquartersPage.objects.live().first()
    url = page.url
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "指挥部成员（已更新）"
        page.save_revision().publish()
    assert "指挥部成员（已更新）" in client.get(url).content.decode()


def test_an_import_makes_the_register_pages_stale(client, cached, tmp_path, django_capture_on_commit_callbacks):
    before = client.get("/api/projects/", {"year": 2024, "month": 6}).json()
    sheet = write_xlsx(tmp_path / "p.xlsx", {"项目": [
        ["序号", "项目名称", "领域", "责任单位", "所在乡镇", "总投资", "开工年份", "完工年份", "2024年计划投资"],
        [1, "缓存导入项目", "农业", "东山镇", "东山镇", 800, 2024, 2025, 300],
    ]})
    with django_capture_on_commit_callbacks(execute=True):
        result = run_import("projects", sheet, year=2024, month=6)
    assert result.ok, [str(e) for e in result.errors]
    after = client.get("/api/projects/", {"year": 2024, "month": 6}).json()
    assert after != before and "缓存导入项目" in str(after)


def test_signed_in_users_always_see_the_live_site(client, cached):
    from tests.registers_factories import hq_user

    client.force_login(hq_user())
    response = client.get("/commissioners/")
    assert "public" not in response.get("Cache-Control", "")
