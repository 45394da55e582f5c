"""Public pages and API answers for anonymous visitors, kept in the shared cache (files under var/
on the embedded default, Redis when ``REDIS_URL`` is set) for ``PUBLIC_PAGE_CACHE_SECONDS`` and sent
with ``Cache-Control: public, max-age=PUBLIC_BROWSER_CACHE_SECONDS``.

A busy Monday is hundreds of citizens reading the same few pages: each is built once, then served
from the cache until something it may show changes. Every key carries the cache's *generation*;
publishing a page or saving anything the public site shows (``cms.cache_signals``, and the import
pipeline after its commit) starts a new generation, so no visitor sees a stale page. Only what is
the same for every anonymous visitor is kept: a GET without a session (or messages) cookie or
credentials, outside the admin, documents, media and static files, answered 200 with no cookie set
and nothing ``private``/``no-store`` about it. Editors are logged in, so they always see the live
site. ``PUBLIC_PAGE_CACHE_SECONDS=0`` turns it off (the development and test settings do).
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from cms.memo import PickledLRU, request_generation

SKIPPED_PREFIXES = ("/admin/", "/documents/", "/media/", "/static/", "/calendar/")
CACHE_ALIAS = "default"
GENERATION_KEY = "pb-public-generation"
# Each process also keeps the answers it served last, pickled, in memory (the shared cache reads a
# file or asks Redis, and decompresses, on every hit); a key names its generation, so a change
# reaches these too. Each hit unpickles a fresh response: threads never share one.
# Each process also keeps the answers it served last in memory (the shared cache reads a file or
# asks Redis, and decompresses, on every hit); a key names its generation, so a change reaches these.
_local = PickledLRU(256)


def generation() -> str:
    cache = caches[CACHE_ALIAS]
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = uuid.uuid4().hex
        cache.add(GENERATION_KEY, value, None)
        value = cache.get(GENERATION_KEY) or value
    return value


def invalidate_public(**_kwargs) -> None:
    """Start a new generation: every page and answer kept so far is stale (signal receivers call this)."""
    caches[CACHE_ALIAS].set(GENERATION_KEY, uuid.uuid4().hex, None)


def anonymous_read(request) -> bool:
    """A GET or HEAD of a public URL by a visitor without a session, messages or credentials."""
    return (
        request.method in ("GET", "HEAD")
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
    origin = request.headers.get("Origin", "")  # CORS answers differ by origin
    digest = hashlib.sha256(f"{request.get_host()}|{request.get_full_path()}|{origin}".encode()).hexdigest()
    return f"pb-public-page:{request_generation(request)}:{digest}"


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not seconds or not anonymous_read(request):
            return self.get_response(request)
        cache = caches[CACHE_ALIAS]
        key = _key(request)
        cached = _local.get(key)
        if cached is not None:
            return cached
        cached = cache.get(key)
        if cached is not None:
            _local.set(key, cached, seconds)
            return cached
        response = self.get_response(request)
        if _cacheable_response(response):
            patch_cache_control(response, public=True, max_age=getattr(settings, "PUBLIC_BROWSER_CACHE_SECONDS", 60))
            kept = plain(response)
            cache.set(key, kept, seconds)
            _local.set(key, kept, seconds)
        return response


def plain(response) -> HttpResponse:
    """The response as a plain HttpResponse (its bytes and headers): a template or DRF response
    carries its context and renderer, which cost a pickle and an unpickle on every hit."""
    if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
        response.render()
    kept = HttpResponse(response.content, status=response.status_code)
    for name, value in response.items():
        kept[name] = value
    return kept
