"""The route memo (cms.routing, cms.memo): a public URL already served is routed without Wagtail's
site, tree and view-restriction lookups, and anything that could change the answer — a page
published, unpublished or moved, a view restriction added, a site changed — routes afresh."""

from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction, Site

import pytest

from cms import memo
from cms.cache import generation
from pages.models import CommissionerDirectoryPage, HeadquartersPage, PolicyPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def memoised(settings):
    settings.PUBLIC_ROUTE_MEMO_SECONDS = 60
    caches["default"].clear()
    memo.forget_all()
    yield
    memo.forget_all()
    caches["default"].clear()


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_served_url_is_routed_from_the_memo(client, memoised, django_assert_num_queries):
    url = CommissionerDirectoryPage.objects.get().url
    assert client.get(url).status_code == 200
    with django_assert_num_queries(2):  # the directory's own: the units' counts, the units
        again = client.get(url)
    assert again.status_code == 200 and "服务受理专员" in again.content.decode()


def test_without_the_memo_every_request_routes(client, settings):
    settings.PUBLIC_ROUTE_MEMO_SECONDS = 0
    memo.forget_all()
    url = CommissionerDirectoryPage.objects.get().url
    client.get(url)
    # site, root, two tree levels, restrictions ×2, the menu ×2, and the directory's own two
    assert count_queries(client, url) == count_queries(client, url) == 10


def test_publishing_unpublishing_and_moving_route_afresh(client, memoised, django_capture_on_commit_callbacks):
    page = HeadquartersPage.objects.live().first()
    url = page.url
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "指挥部（已改）"
        page.save_revision().publish()
    assert "指挥部（已改）" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert client.get(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
        page.refresh_from_db()
        policy = PolicyPage.objects.live().first()
        page.move(policy, pos="last-child")
    page.refresh_from_db()
    moved = client.get(url)
    assert moved.status_code == 301 and moved["Location"] == page.url  # Wagtail's redirect to the new place
    assert client.get(page.url).status_code == 200


def test_a_view_restriction_is_checked_at_once_and_such_pages_are_never_kept(
        client, memoised, django_capture_on_commit_callbacks):
    page = HeadquartersPage.objects.live().first()
    url = page.url
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(url).status_code == 302  # to the login page
    assert client.get(url).status_code == 302
    current = generation()
    assert not any(key.startswith(current) for key in memo._memo)  # a restricted page is routed every time


def test_a_changed_site_routes_afresh(client, memoised, django_capture_on_commit_callbacks):
    url = HeadquartersPage.objects.live().first().url
    assert client.get(url).status_code == 200
    site = Site.objects.get(is_default_site=True)
    policy = PolicyPage.objects.live().first()
    with django_capture_on_commit_callbacks(execute=True):
        site.root_page = policy
        site.save()
    assert client.get(url).status_code == 404  # the headquarters page is outside the new root


def test_the_menu_follows_a_page_shown_in_menus(client, memoised, django_capture_on_commit_callbacks):
    page = HeadquartersPage.objects.live().first()
    assert f'href="{page.url}"' in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        page.show_in_menus = False
        page.save_revision().publish()
    assert f'<a href="{page.url}">' not in client.get("/commissioners/").content.decode().split("</nav>")[0]


def test_a_project_detail_is_served_from_the_memo_with_its_view(client, memoised):
    from tests.factories import ProjectFactory

    first, second = ProjectFactory(name="备忘甲项目", is_public=True), ProjectFactory(name="备忘乙项目", is_public=True)
    for project in (first, second, first):  # the detail view bound again to each recalled page
        page = client.get(f"/projects/{project.pk}/")
        assert page.status_code == 200 and project.name in page.content.decode()
    assert "备忘乙项目" not in client.get(f"/projects/{first.pk}/").content.decode()


def test_editors_and_lapsed_entries_are_routed_afresh(client, memoised, admin_user, monkeypatch):
    url = HeadquartersPage.objects.live().first().url
    client.get(url)
    assert count_queries(client, url) == 3  # the page's own queries
    later = memo.time.monotonic() + 61  # entries lapse after PUBLIC_ROUTE_MEMO_SECONDS
    monkeypatch.setattr(memo.time, "monotonic", lambda: later)
    # site, root, two tree levels, restrictions ×2, the menu ×2, and the restrictions again as it is kept
    assert count_queries(client, url) == 3 + 8 + 2
    assert count_queries(client, url) == 3
    editor = Client()
    editor.force_login(admin_user)
    editor.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert editor.get(url).status_code == 200
    assert any('FROM "wagtailcore_site"' in query["sql"] for query in captured)  # routed by Wagtail


def test_an_alias_or_a_page_saved_in_code_routes_afresh_but_a_draft_does_not(
        client, memoised, django_capture_on_commit_callbacks):
    from wagtail.actions.create_alias import CreatePageAliasAction

    from pages.models import HomePage

    page = HeadquartersPage.objects.live().first()
    client.get("/")
    before = generation()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision()  # a draft: visitors see nothing new
    assert generation() == before
    with django_capture_on_commit_callbacks(execute=True):
        CreatePageAliasAction(page, parent=HomePage.objects.get(), update_slug="hq-alias").execute()
    assert generation() != before
    assert 'href="/hq-alias/"' in client.get("/").content.decode()  # the menu shows the alias
