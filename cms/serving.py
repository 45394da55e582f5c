"""How the site is served: the process and thread counts, in one place.

Read by the gunicorn configuration (``cms/gunicorn_conf.py``), by ``manage.py serve`` and by the
settings, which derive the database connection bound from them. No Django import here: gunicorn
reads this module before Django is set up.

Every gunicorn thread keeps at most one database connection (``CONN_MAX_AGE``), the Huey consumer
one per worker thread, so the site never holds more than ``connection_bound()`` connections:
3 workers × 4 threads + 2 Huey workers + 3 for commands (release, cron, a shell) = 17 by default,
well under PostgreSQL's default ``max_connections`` of 100. Keep WEB_CONCURRENCY × WEB_THREADS
under about 80 when raising them.
"""

import os


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


WEB_WORKERS = _env_int("WEB_CONCURRENCY", 3)
WEB_THREADS = _env_int("WEB_THREADS", 4)
WEB_TIMEOUT = _env_int("WEB_TIMEOUT", 120)
HUEY_WORKERS = _env_int("HUEY_WORKERS", 2)
COMMAND_CONNECTIONS = 3


def connection_bound() -> int:
    """The most database connections the served site (web, worker, a few commands) may hold."""
    return WEB_WORKERS * WEB_THREADS + HUEY_WORKERS + COMMAND_CONNECTIONS


def gunicorn_argv(python: str, bind: str) -> list[str]:
    """The command line of the web server: gunicorn with this package's configuration."""
    return [python, "-m", "gunicorn", "--config", "python:cms.gunicorn_conf", "--bind", bind,
            "cms.wsgi:application"]
