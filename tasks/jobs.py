"""Huey tasks. Thin: they take ids and call plain functions that commands can call too."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, task


@task()
def ping(token: str) -> str:
    """A trivial task: proves the queue and the consumer work end to end (used by the tests)."""
    from django.core.cache import cache  # noqa: F401  (touches Django settings in the worker)

    return f"pong:{token}"


@db_periodic_task(crontab(hour="3", minute="30"))
def remove_orphan_images() -> int:
    """Daily: photos uploaded in a progress form that was never saved (``registers.projects.orphans``)."""
    from registers.projects.orphans import remove_orphan_images as remove

    return remove()


@db_periodic_task(crontab(minute="*"))
def publish_scheduled_pages() -> None:
    """Every minute: pages an editor scheduled go live, and expired pages come down (Wagtail's
    ``publish_scheduled``; its publish and unpublish signals make the public cache stale)."""
    from django.core.management import call_command

    call_command("publish_scheduled", verbosity=0)
