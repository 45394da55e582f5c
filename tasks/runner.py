"""Running one report: the run row is the record and the lease. A worker claims a run with one
conditional UPDATE (queued, failed, or running under a lapsed lease), renews the lease while it
builds, writes the PDF atomically and only then marks the run done. A crash marks it failed and
leaves the previous PDF, if any, in place; a dead worker's run is found by its lapsed lease."""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from cms.cache import invalidate_public
from registers.core.leases import Heartbeat, lease_seconds
from tasks import periods
from tasks.cycles import Scope, cycle
from tasks.models import ReportRun, RunStatus, Trigger
from tasks.pdf import render_pdf, write_atomically
from tasks.storage import relative_path, report_path

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
LAPSED_ERROR = "生成报告的工作进程已中断（租约过期），可重新运行。"


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def lease_end() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=lease_seconds())


def ensure_run(kind: str, period: periods.ReportPeriod, scope: Scope, *, trigger=Trigger.SCHEDULE,
               user=None) -> tuple[ReportRun, bool]:
    """The run of (kind, period, scope), created queued if there is none; (run, created)."""
    run = ReportRun.objects.filter(kind=kind, period=period.key, scope_key=scope.key).first()
    if run:
        return run, False
    try:
        with transaction.atomic():
            return ReportRun.objects.create(
                kind=kind, period=period.key, scope_kind=scope.kind, domain_id=scope.domain_id,
                unit_id=scope.unit_id, scope_key=scope.key, trigger=trigger,
                requested_by=user if user is not None and user.is_authenticated else None,
            ), True
    except IntegrityError:  # another worker created it meanwhile
        return ReportRun.objects.get(kind=kind, period=period.key, scope_key=scope.key), False


def requeue(run: ReportRun, *, trigger=Trigger.MANUAL, user=None) -> bool:
    """Ask for a fresh build of a run not being built now; False while a live worker holds it."""
    now = timezone.now()
    updated = (ReportRun.objects.filter(pk=run.pk)
               .filter(~Q(status=RunStatus.RUNNING) | Q(lease_until__lt=now) | Q(lease_until__isnull=True))
               .update(status=RunStatus.QUEUED, trigger=trigger, attempts=0, lease_until=None, queued_at=now,
                       requested_by=user if user is not None and user.is_authenticated else None))
    return bool(updated)


def claim(run_id: int, worker: str) -> bool:
    """Take the run for ``worker``: one UPDATE that succeeds for one worker only."""
    now = timezone.now()
    claimable = (Q(status__in=[RunStatus.QUEUED, RunStatus.FAILED])
                 | Q(status=RunStatus.RUNNING, lease_until__lt=now))
    return bool(ReportRun.objects.filter(claimable, pk=run_id).update(
        status=RunStatus.RUNNING, lease_until=lease_end(), worker=worker, started_at=now, error=""))


def renew(run_id: int, worker: str) -> None:
    ReportRun.objects.filter(pk=run_id, worker=worker, status=RunStatus.RUNNING).update(lease_until=lease_end())


def execute(run_id: int) -> ReportRun:
    """Build the run unless it is done or held by a live worker; the run as it ends."""
    worker = worker_name()
    run = ReportRun.objects.get(pk=run_id)
    if run.status == RunStatus.DONE or not claim(run_id, worker):
        return run
    ReportRun.objects.filter(pk=run_id).update(attempts=F("attempts") + 1)
    run.refresh_from_db()
    document = None
    try:
        with Heartbeat(lambda: renew(run_id, worker)):
            document = build(run, worker)
    except Exception as exc:
        log.exception("report run %s (%s %s %s) failed", run.pk, run.kind, run.period, run.scope_key)
        ReportRun.objects.filter(pk=run_id, worker=worker).update(
            status=RunStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now(),
            lease_until=None)
    run.refresh_from_db()
    if run.status == RunStatus.DONE and document is not None and not run.notified:
        from tasks.notify import notify

        notify(run, document)
    return run


def build(run: ReportRun, worker: str = ""):
    """Render the run's document, put the PDF in place, then record the run done (in that order:
    the row never points at a file that is not whole)."""
    from tasks.document import load_wording

    the_cycle = cycle(run.kind)
    period = periods.parse(run.period, the_cycle.period_type)
    wording = load_wording(run.kind)
    number_run(run, the_cycle, period)
    document = the_cycle.build(run, wording, period)
    data = render_pdf(document.template, document.context)
    relative = relative_path(run.kind, run.period, run.scope_key)
    write_atomically(report_path(relative), data)
    held = ReportRun.objects.filter(pk=run.pk, worker=worker) if worker else ReportRun.objects.filter(pk=run.pk)
    if not held.update(
        status=RunStatus.DONE, file=relative, file_size=len(data), figures=document.figures,
        title=document.context.get("title", "")[:200], finished_at=timezone.now(), lease_until=None, error="",
    ):
        raise RuntimeError("租约已被另一工作进程接管，本次生成作废。")
    run.recipient_units.set(document.units)
    if the_cycle.shown_publicly:
        transaction.on_commit(invalidate_public)
    return document


def number_run(run: ReportRun, the_cycle, period) -> None:
    """The run's issue date and document number (前缀〔年〕序号号), given once and kept on reruns."""
    from tasks.document import load_wording

    issued = min(the_cycle.issue_date(period), timezone.localdate())
    if run.issued_on is None:
        run.issued_on = issued
        ReportRun.objects.filter(pk=run.pk).update(issued_on=issued)
    prefix = load_wording(run.kind).number_prefix
    if not (the_cycle.numbered and prefix):
        return
    if run.doc_sequence is None:
        for _attempt in range(5):
            year = run.issued_on.year
            last = ReportRun.objects.filter(kind=run.kind, doc_year=year).aggregate(n=Max("doc_sequence"))["n"] or 0
            try:
                with transaction.atomic():
                    taken = ReportRun.objects.filter(pk=run.pk, doc_sequence__isnull=True).update(
                        doc_year=year, doc_sequence=last + 1)
                if not taken:  # numbered meanwhile by another worker: keep that number
                    run.refresh_from_db(fields=["doc_year", "doc_sequence"])
                else:
                    run.doc_year, run.doc_sequence = year, last + 1
                break
            except IntegrityError:
                continue
    run.number = f"{prefix}〔{run.doc_year}〕{run.doc_sequence}号"
    ReportRun.objects.filter(pk=run.pk).update(number=run.number)


def sweep_lapsed(now=None) -> int:
    """Mark failed the runs whose worker died (lease lapsed while running); their count."""
    now = now or timezone.now()
    return ReportRun.objects.filter(status=RunStatus.RUNNING, lease_until__lt=now).update(
        status=RunStatus.FAILED, error=LAPSED_ERROR, lease_until=None, finished_at=now)
