"""Calendar subscriptions: the public iCal feed (the token in the address is the only key) and the
admin page that shows a user their private addresses and resets them.

Wiring: ``public_urlpatterns`` go in the site's URLconf (no login: calendar clients do not sign
in), ``admin_urlpatterns`` in a ``register_admin_urls`` hook.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from registers.coordination.calendar import feed_meetings, meetings_feed
from registers.coordination.models.notices import new_token
from registers.core.scopes import GROUP_LEAD, groups_of, sees_everything, user_unit_id
from registers.models import CalendarToken, Meeting, MeetingTier
from snippets.models import Domain, Unit

FEED_NAME = "项目大会战协调会议"


def meeting_edit_path(meeting) -> str:
    """The admin edit view of a meeting (its snippet viewset; the default snippet address before
    the viewset is registered)."""
    viewset = getattr(Meeting, "snippet_viewset", None)
    if viewset is not None:
        try:
            return reverse(viewset.get_url_name("edit"), args=[meeting.pk])
        except NoReverseMatch:
            pass
    return f"{reverse('wagtailadmin_home')}snippets/registers/meeting/edit/{meeting.pk}/"


def feed_host() -> str | None:
    """The host in the UIDs: the configured admin base URL's, so a UID does not depend on the
    address a client happens to use."""
    return urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").hostname


def _int_param(value: str | None) -> int | None:
    if value in (None, ""):
        return None
    if not value.isdigit():
        raise ValueError(value)
    return int(value)


def feed_filters(params) -> dict:
    """``tier``, ``domain`` and ``unit`` from the query string, checked: a bad value raises
    ValueError, an unknown domain or unit Http404."""
    tier = params.get("tier") or None
    if tier is not None and tier not in MeetingTier.values:
        raise ValueError(tier)
    domain_id, unit_id = _int_param(params.get("domain")), _int_param(params.get("unit"))
    domain = Domain.objects.filter(pk=domain_id).first() if domain_id is not None else None
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id is not None else None
    if (domain_id is not None and domain is None) or (unit_id is not None and unit is None):
        raise Http404("没有该领域或单位")
    return {"tier": tier, "domain": domain, "unit": unit}


def feed_title(tier=None, domain=None, unit=None) -> str:
    parts = [FEED_NAME]
    if tier:
        parts.append(MeetingTier(tier).label)
    if domain is not None:
        parts.append(domain.name)
    if unit is not None:
        parts.append(str(unit))
    return "·".join(parts)


@require_GET
def calendar_feed(request, token: str):
    """The meetings a token's user may see (optionally one tier, domain or unit), as iCalendar."""
    found = CalendarToken.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        raise Http404("订阅地址无效")
    try:
        filters = feed_filters(request.GET)
    except ValueError:
        return HttpResponseBadRequest("参数无效", content_type="text/plain; charset=utf-8")
    meetings = feed_meetings(found.user, **filters)

    def admin_url(meeting) -> str:
        return request.build_absolute_uri(meeting_edit_path(meeting))

    body = meetings_feed(meetings, feed_title(**filters), admin_url, host=feed_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


def visible_domains(user):
    """The domains whose 领导小组会 feed the user is offered: all for the HQ office; else those of
    the group meetings in their scope and those their unit leads."""
    domains = Domain.objects.order_by("sort_order", "pk")
    if sees_everything(user):
        return domains
    condition = Q(pk__in=Meeting.objects.for_user(user).filter(tier=MeetingTier.GROUP).values("domain_id"))
    unit_id = user_unit_id(user)
    if unit_id and GROUP_LEAD in groups_of(user):
        condition |= Q(lead_units=unit_id)
    return domains.filter(condition).distinct()


def subscription_links(request, token: str, user) -> list[dict]:
    base = request.build_absolute_uri(reverse("coordination_calendar_feed", args=[token]))

    def link(label, **params):
        return {"label": label, "url": f"{base}?{urlencode(params)}" if params else base}

    links = [link("我的全部会议")]
    links += [link(label, tier=value) for value, label in MeetingTier.choices]
    links += [link(f"{MeetingTier.GROUP.label}·{domain.name}", tier=MeetingTier.GROUP, domain=domain.pk)
              for domain in visible_domains(user)]
    unit_id = user_unit_id(user)
    if unit_id:
        unit = Unit.objects.filter(pk=unit_id).first()
        links.append(link(f"本单位（{unit}）参加或有议题的会议", unit=unit_id))
    return links


@login_required
@require_http_methods(["GET", "POST"])
def my_calendar(request):
    """The user's private subscription addresses; POST replaces the token (the old ones stop)."""
    token, _ = CalendarToken.objects.get_or_create(user=request.user)
    if request.method == "POST":
        token.token = new_token()
        token.save(update_fields=["token"])
        messages.success(request, "订阅地址已重置，原地址已失效。请在日历软件中重新订阅。")
        return redirect("coordination_my_calendar")
    return TemplateResponse(request, "registers/coordination/my_calendar.html", {
        "links": subscription_links(request, token.token, request.user),
        "page_title": "会议日历订阅",
    })


public_urlpatterns = [
    path("calendar/<str:token>.ics", calendar_feed, name="coordination_calendar_feed"),
]

admin_urlpatterns = [
    path("coordination/calendar/", my_calendar, name="coordination_my_calendar"),
]
