"""Scheduled publishing: a page an editor set to go live later appears when its time comes, and an
expired page comes down (the worker's minutely ``publish_scheduled_pages``), the public cache
following both."""

import datetime

from django.core.cache import caches
from django.utils import timezone

import pytest
import time_machine

from pages.models import NewsIndexPage, NewsPage
from tasks.jobs import publish_scheduled_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    caches["default"].clear()
    yield
    caches["default"].clear()


def test_a_scheduled_page_goes_live_and_an_expired_one_comes_down(client, cached, django_capture_on_commit_callbacks):
    index = NewsIndexPage.objects.get()
    now = timezone.now()
    news = NewsPage(title="定时发布的动态", slug="scheduled-news", date=now.date(), live=False,
                    go_live_at=now + datetime.timedelta(minutes=5), expire_at=now + datetime.timedelta(hours=2))
    index.add_child(instance=news)
    news.save_revision().publish()  # approved, not yet live
    news.refresh_from_db()
    assert not news.live
    assert "定时发布的动态" not in client.get(index.url).content.decode()

    with time_machine.travel(now + datetime.timedelta(minutes=6), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            publish_scheduled_pages()
        news.refresh_from_db()
        assert news.live
        assert "定时发布的动态" in client.get(index.url).content.decode()  # the kept index is stale
        assert client.get(news.url).status_code == 200

    with time_machine.travel(now + datetime.timedelta(hours=3), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            publish_scheduled_pages()
        news.refresh_from_db()
        assert not news.live and news.expired
        assert "定时发布的动态" not in client.get(index.url).content.decode()
        assert client.get(news.url).status_code == 404
