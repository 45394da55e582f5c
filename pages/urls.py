"""Public routes outside the page tree: feeds, the sitemap, the site search, the favicon."""

from pathlib import Path

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from pages.feeds import NewsAtomFeed, NewsFeed
from pages.search import search_view
from pages.sitemaps import urlpatterns as sitemap_urlpatterns

FAVICON = Path(__file__).resolve().parent / "static" / "pages" / "favicon.ico"


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request):
    """/favicon.ico, served by the project (browsers ask for it whatever the page links)."""
    return HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")


urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("search/", search_view, name="site_search"),
    path("feeds/news.rss", NewsFeed(), name="news_rss"),
    path("feeds/news.atom", NewsAtomFeed(), name="news_atom"),
    *sitemap_urlpatterns,
]
