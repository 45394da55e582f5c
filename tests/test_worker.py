"""A real Huey consumer process runs a task end to end on the configured queue."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ENQUEUE = (
    "import django; django.setup(); from tasks.jobs import ping; r = ping('{token}'); "
    "print(r.get(blocking=True, timeout=60))"
)


def test_consumer_runs_a_task_end_to_end(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.dev", VAR_DIR=str(tmp_path), DEBUG="0", HUEY_IMMEDIATE="0")
    consumer = subprocess.Popen([sys.executable, "manage.py", "run_huey", "--workers", "1"], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        time.sleep(1)
        token = f"t{time.time_ns()}"
        result = subprocess.run([sys.executable, "-c", ENQUEUE.format(token=token)], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=90)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().endswith(f"pong:{token}")
    finally:
        consumer.terminate()
        output = consumer.communicate(timeout=20)[0]
    assert "ping" in output  # the consumer logged executing the task
