"""Huey tasks of the report cycles: thin, they take ids and call ``tasks.runner`` / ``tasks.dispatch``,
which the ``run_cycle`` command and the admin's 立即运行 call too."""

from django.conf import settings

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task, lock_task

DISPATCH_MINUTES = int(getattr(settings, "REPORT_DISPATCH_MINUTES", 5))


@db_task()
def build_report(run_id: int) -> str:
    """Build one run; returns at once when it is done already or another worker holds it."""
    from tasks.runner import execute

    return execute(run_id).status


@db_periodic_task(crontab(minute=f"*/{DISPATCH_MINUTES}"))
@lock_task("report-dispatcher")
def dispatch_reports() -> str:
    from tasks.dispatch import dispatch

    return dispatch().summary()


@HUEY.on_startup()
def dispatch_on_startup() -> None:
    """A worker coming back catches up at once rather than at the next tick."""
    try:
        dispatch_reports()
    except Exception:  # never keep a worker from starting
        import logging

        logging.getLogger(__name__).exception("report dispatcher: startup dispatch failed")
