"""Huey tasks. Thin: they take ids and call plain functions that commands can call too."""

from huey.contrib.djhuey import task


@task()
def ping(token: str) -> str:
    """A trivial task: proves the queue and the consumer work end to end (used by the tests)."""
    from django.core.cache import cache  # noqa: F401  (touches Django settings in the worker)

    return f"pong:{token}"
