"""The worker started as the README starts it runs the report calendar on its own: a cycle whose
time passed while no worker ran is built when one starts (Huey itself drops missed periodic runs)."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SETUP = """
import django; django.setup()
from django.core.management import call_command
call_command("bootstrap")
from tasks.dispatch import load_calendar
calendar = load_calendar()
calendar.entries.update(enabled=False)
# Every day at 00:00: whatever today is, an occurrence has passed with no worker running.
calendar.entries.filter(kind="monthly_bulletin").update(enabled=True, hour=0, months="",
    days=",".join(str(d) for d in range(1, 32)))
type(calendar).objects.filter(pk=calendar.pk).update(catch_up_days=1)  # today's 00:00 only
from tasks.models import ReportRun
assert not ReportRun.objects.exists()
"""

POLL = """
import django; django.setup()
from tasks.models import ReportRun
print(";".join(f"{r.kind}|{r.period}|{r.status}|{r.path if r.file else ''}|{r.error}" for r in ReportRun.objects.all()))
"""


def python(code, env, timeout=180):
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)


def test_a_worker_coming_back_builds_the_cycle_it_missed(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.dev", VAR_DIR=str(tmp_path), DEBUG="0", HUEY_IMMEDIATE="0")
    setup = python(SETUP, env)
    assert setup.returncode == 0, setup.stderr[-2000:]
    consumer = subprocess.Popen([sys.executable, "manage.py", "run_huey", "--workers", "2"], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        rows = ""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            rows = python(POLL, env).stdout.strip()
            if "|done|" in rows or "|failed|" in rows:
                break
            time.sleep(2)
    finally:
        consumer.terminate()
        output = consumer.communicate(timeout=30)[0]
    assert rows.count("monthly_bulletin|") == 1, (rows, output[-3000:])
    kind, period, status, path, error = rows.split("|")
    assert status == "done", (error, output[-3000:])
    assert Path(path).read_bytes().startswith(b"%PDF-")
