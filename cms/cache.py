"""Public pages for anonymous visitors, kept for ``PUBLIC_PAGE_CACHE_SECONDS`` (60 s in production).

A busy Monday is hundreds of citizens reading the same few pages: each is built once a minute per
server process instead of once per visit. Only what is the same for every anonymous visitor is
kept: a GET without a session (or messages) cookie, outside the admin, documents, media, static
files and the API, answered 200 with no cookie set (a page that uses the CSRF token sets one) and
nothing ``private``/``no-store`` about it. Editors are logged in, so they always see the live site;
the public sees a change within the minute. ``PUBLIC_PAGE_CACHE_SECONDS=0`` turns it off (the
development and test settings do).
"""

import hashlib

from django.conf import settings
from django.core.cache import caches

SKIPPED_PREFIXES = ("/admin/", "/documents/", "/media/", "/static/", "/api/", "/calendar/")
CACHE_ALIAS = "default"


def _cacheable_request(request) -> bool:
    return (
        request.method == "GET"
        and not request.path_info.startswith(SKIPPED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _cacheable_response(response) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def _key(request) -> str:
    digest = hashlib.sha256(f"{request.get_host()}|{request.get_full_path()}".encode()).hexdigest()
    return f"pb-public-page:{digest}"


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        cache = caches[CACHE_ALIAS]
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = self.get_response(request)
        if _cacheable_response(response):
            cache.set(key, response, seconds)
        return response
