"""gunicorn configuration (``gunicorn --config python:cms.gunicorn_conf cms.wsgi``).

A few processes of a few threads each (gthread): bounded concurrency, hence a bounded number of
database connections (see ``cms.serving``). gunicorn's master restarts a worker that dies or hangs
past the timeout.
``--bind`` and any other flag (or ``GUNICORN_CMD_ARGS``) override these.
"""

import os

from cms.serving import WEB_THREADS, WEB_TIMEOUT, WEB_WORKERS

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
worker_class = "gthread"
workers = WEB_WORKERS
threads = WEB_THREADS
timeout = WEB_TIMEOUT
graceful_timeout = 20
keepalive = 5
# No recycling after N requests: a recycled worker drops its clients' idle keep-alive connections
# (seen as resets under load) and starts with a cold page cache; a worker that dies or hangs is
# still replaced by the master.
max_requests = 0
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - heartbeat files, not data
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
