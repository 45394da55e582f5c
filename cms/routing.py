"""Public URLs routed once per process and generation (``cms.memo``).

Wagtail finds the site (one query), walks the page tree (a query per level, and one for the
specific page) and reads the view restrictions of the page and its ancestors (two more) on every
request: six queries before a page starts on its own content. An anonymous visitor's request for a
URL already served is given the same site and route from the memo instead; the page is then served
exactly as Wagtail serves it. Only routes to live pages without view restrictions, answered 200,
are kept; a page saved, published, moved or deleted, a restriction added or a site changed starts a
new generation (``cms.cache_signals``), and the next request routes afresh. Editors (with a
session) are always routed by Wagtail itself.
"""

from wagtail.models import PageViewRestriction
from wagtail.url_routing import RouteResult

from cms import memo
from cms.cache import anonymous_read

SKIPPED_PREFIXES = ("/api/", "/django-admin/")


def _route_key(request) -> str:
    return memo.key_for(request, "route", request._get_raw_host(), request.get_port(), request.path_info)


class PageRouteMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not memo.enabled() or not anonymous_read(request) or request.path_info.startswith(SKIPPED_PREFIXES):
            return self.get_response(request)
        key = _route_key(request)
        kept = memo.recall(key)
        if kept is not None:
            site, page, args, kwargs = kept
            page._pb_unrestricted = True  # checked when it was kept (UnrestrictedRouteMixin)
            request._wagtail_site = site
            request._wagtail_route_for_request = RouteResult(page, _bound_args(page, args), kwargs)
        response = self.get_response(request)
        if kept is None and response.status_code == 200:
            _keep(key, request)
        return response


def _keep(key: str, request) -> None:
    route = getattr(request, "_wagtail_route_for_request", None)
    site = getattr(request, "_wagtail_site", None)
    if not isinstance(route, RouteResult) or site is None:
        return
    page = route.page
    if not isinstance(page, UnrestrictedRouteMixin) or page.get_view_restrictions().exists():
        return
    memo.remember(key, (_fields_only(site), _fields_only(page), _portable_args(page, route.args),
                        dict(route.kwargs)))


def _portable_args(page, args) -> list:
    """A routable page's route names its view as a method bound to the page served first: kept by
    name, and bound again to the fresh copy on recall."""
    args = list(args)
    if args and getattr(args[0], "__self__", None) is page:
        args[0] = ViewName(args[0].__name__)
    return args


def _bound_args(page, args) -> list:
    return [getattr(page, arg) if isinstance(arg, ViewName) else arg for arg in args]


class ViewName(str):
    """The name of a routable page's view method, in a kept route."""


def _fields_only(instance):
    """A copy of ``instance`` with its field values only: what serving it cached on it (related
    rows, prefetched lists, computed properties) stays behind."""
    fields = instance._meta.concrete_fields
    return type(instance).from_db(instance._state.db, [f.attname for f in fields],
                                  [getattr(instance, f.attname) for f in fields])


class UnrestrictedRouteMixin:
    """A page class whose instances recalled from the route memo skip the view-restriction query
    (the memo keeps only pages that had none, and any restriction saved starts a new generation)."""

    def get_view_restrictions(self):
        if self.__dict__.get("_pb_unrestricted"):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
