"""A finished report reaches the units concerned: an in-admin notice (the admin home page's 通知提醒)
linking the run, and an email to each active user of the unit with an address (Django's mail,
console or file backend by default). Once per run: a rerun replaces the PDF without a second notice."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from tasks.coordination import units_emails

log = logging.getLogger(__name__)


def run_url(run) -> str:
    try:
        return reverse("report_download", args=[run.pk])
    except NoReverseMatch:
        return ""


def notice_text(run, document) -> str:
    title = document.context.get("title") or str(run)
    text = f"【{run.get_kind_display()}】{title}已印发"
    return f"{text}：{document.summary}" if document.summary else f"{text}，请查阅。"


def notify(run, document) -> int:
    """Notices (and emails) to ``document.units``; the number of units reached. Marks the run notified
    first, in one UPDATE, so two workers finishing the same run never both send."""
    from registers.models import Notice
    from tasks.models import ReportRun

    with transaction.atomic():
        if not ReportRun.objects.filter(pk=run.pk, notified=False).update(notified=True):
            return 0
        text, link = notice_text(run, document), run_url(run)
        Notice.objects.bulk_create([Notice(unit_id=unit_id, kind=f"report:{run.kind}", text=text, link=link)
                                    for unit_id in document.units])
    subject = f"【{run.get_kind_display()}】{document.context.get('title') or run}"
    addresses = set(units_emails(document.units)) | set(document.emails)
    for address in sorted(addresses):
        try:
            send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [address])
        except Exception:
            log.exception("report run %s: mail to %s failed", run.pk, address)
    return len(document.units)
