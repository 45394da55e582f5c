"""Login lockouts (django-axes) in the Wagtail admin: 设置 → 登录锁定.

The HQ office (and superusers) see every user name and address with failed logins, which of them
are locked out and until when, and unlock one with 解锁. ``manage.py axes_reset_username <name>``
does the same from the command line.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from axes.models import AccessAttempt
from axes.utils import reset

from registers.core.scopes import sees_everything


def may_unlock(user) -> bool:
    """Only the HQ office and superusers unlock logins."""
    return sees_everything(user)


def _rows():
    now = timezone.now()
    rows = []
    for attempt in AccessAttempt.objects.order_by("-attempt_time")[:500]:
        until = attempt.attempt_time + settings.AXES_COOLOFF_TIME
        locked = attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT and until > now
        rows.append({"attempt": attempt, "locked": locked, "until": until if locked else None})
    return rows


def lockout_index(request):
    if not may_unlock(request.user):
        raise PermissionDenied
    return render(request, "cms/lockouts.html", {
        "rows": _rows(), "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    })


@require_POST
def lockout_unlock(request, pk: int):
    if not may_unlock(request.user):
        raise PermissionDenied
    attempt = get_object_or_404(AccessAttempt, pk=pk)
    reset(ip=attempt.ip_address, username=attempt.username)
    messages.success(request, f"已解锁：用户名“{attempt.username}”，地址 {attempt.ip_address}。")
    return redirect("cms_lockouts")


@hooks.register("register_admin_urls")
def register_lockout_urls():
    return [
        path("lockouts/", lockout_index, name="cms_lockouts"),
        path("lockouts/<int:pk>/unlock/", lockout_unlock, name="cms_lockout_unlock"),
    ]


class LockoutMenuItem(MenuItem):
    def is_shown(self, request):
        return may_unlock(request.user)


@hooks.register("register_settings_menu_item")
def register_lockout_menu_item():
    return LockoutMenuItem("登录锁定", reverse("cms_lockouts"), icon_name="lock", order=900)
