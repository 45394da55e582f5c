"""Fault test: kill the Huey worker in the middle of a 20,000-row import on the served site.

Usage (from the repository root)::

    .venv/bin/python bench/bench_fault.py                       # SQLite in a temporary VAR_DIR
    .venv/bin/python bench/bench_fault.py --postgres            # a fresh PostgreSQL database
    .venv/bin/python bench/bench_fault.py --postgres postgres://postgres@127.0.0.1:5432
    .venv/bin/python bench/bench_fault.py --database-url postgres://postgres@127.0.0.1:5432/empty_db
    .venv/bin/python bench/bench_fault.py --sheet other.xlsx --kill-at validate

On a temporary VAR_DIR (removed at the end) with the production settings (``HTTPS=0``, a throwaway
``SECRET_KEY``, ``JOB_LEASE_SECONDS=5``, the public page cache off so that every GET reaches the
database), it prepares the site as ``bin/run`` does (``migrate``, ``bootstrap``, ``collectstatic``)
and starts ``manage.py serve`` on a free loopback port: gunicorn and the Huey consumer under the
supervisor. Then, as the admin would: a child process creates the import job for the sheet, runs
its preview synchronously and confirms it through the admin's ``_start`` (above
``IMPORT_ASYNC_THRESHOLD_KB`` it goes to the Huey consumer of the served site). When the consumer
reports the write stage (``--kill-at write``, the default) or validation progress
(``--kill-at validate``), the consumer process is killed with SIGKILL. The script then shows:

* the web server kept answering (GET / every 0.2 s from the confirm until the end of the rerun);
* the job reads "failed" with the DIED reason once the lease lapsed (``ImportJob.state()`` polled
  from a child process, so the lapse logic of the application runs), and how long that took;
* nothing was written (projects, plans and monthly progress counted in a child process);
* the supervisor started a new consumer (a new ``run_huey`` process);
* ``ImportJob.rerun`` (the admin's rerun button: ``rerun(_start)``) completes the confirm on the new
  consumer and writes every row once.

It prints the figures and PASS/FAIL per check; the exit code is 1 when one fails. This is a
benchmark, not a test of the suite. Traffic goes to 127.0.0.1 only; everything is bounded by
``--timeout`` (600 s). The server is stopped, the database created by ``--postgres`` dropped and
the temporary folder removed whatever happens. ``--database-url`` should name an empty database:
the counts are compared before and after, but rows already there would be updates, not new.
"""

import argparse
import http.client
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
from served import HOST, alive, children_of, fetch, free_port, huey_pid, manage, wait_until_up  # noqa: E402

SAMPLE = Path("/work/shared/samples/bad_inputs/large_20000_rows.xlsx")
MAKER = ROOT / "bench" / "make_large_sheet.py"
LEASE_SECONDS = 5
MARK = "RESULT "  # the line of a child's output that holds its JSON answer
COUNTED = ("Project", "AnnualPlan", "MonthlyProgress")


class Deadline(Exception):
    pass


# --- the child side: Django set up in a process of its own, as the admin's request would be -------

def _django():
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def child_prepare(sheet: str) -> dict:
    """Upload, preview (synchronously) and confirm the sheet as the admin does."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    import tasks.imports  # noqa: F401 - sets jobs.ASYNC_RUNNER, as in the served site
    from registers.imports import jobs
    from registers.imports.admin import _start

    user, _ = get_user_model().objects.get_or_create(
        username="bench-fault", defaults={"is_superuser": True, "is_staff": True})
    path = Path(sheet)
    job = jobs.ImportJob.create("projects", path.name, [path.read_bytes()], user=user, year=None, month=None)
    started = time.monotonic()
    result = job.run(confirm=False)
    preview_s = time.monotonic() - started
    answer = {"token": job.token, "preview_s": preview_s, "rows": len(result.rows),
              "statuses": result.status_counts(), "errors": [str(i) for i in result.errors[:5]],
              "size_kb": path.stat().st_size / 1024, "threshold_kb": settings.IMPORT_ASYNC_THRESHOLD_KB,
              "async": jobs.ASYNC_RUNNER is not None}
    if result.errors or job.state()["status"] != "done":
        return answer
    answer["confirm_at"] = time.time()
    _start(job, confirm=True)  # what confirm_view does
    return answer


def child_watch(token: str, limit: str) -> dict:
    """Poll ``ImportJob.state()`` until the job is no longer running (the lapse is noticed here)."""
    from registers.imports.jobs import DIED, ImportJob

    job, deadline = ImportJob(token), time.monotonic() + float(limit)
    polls = 0
    while time.monotonic() < deadline:
        state = job.state()
        polls += 1
        if state["status"] != "running":
            return {"status": state["status"], "error": state.get("error", ""), "died": state.get("error") == DIED,
                    "seen_at": time.time(), "polls": polls, "stage": state.get("stage")}
        time.sleep(0.1)
    return {"status": "running", "error": "", "died": False, "seen_at": time.time(), "polls": polls, "stage": None}


def child_count() -> dict:
    from registers import models

    return {name: getattr(models, name).objects.count() for name in COUNTED}


def child_rerun(token: str) -> dict:
    """The admin's rerun button: ``job.rerun(_start)``."""
    import tasks.imports  # noqa: F401 - sets jobs.ASYNC_RUNNER
    from registers.imports.admin import _start
    from registers.imports.jobs import DIED, ImportJob

    job = ImportJob(token)
    state = job.state()
    at = time.time()
    return {"rerun": job.rerun(_start), "at": at, "was": state["status"], "died": state.get("error") == DIED}


def child_main(action: str, args: list[str]) -> None:
    _django()
    handlers = {"prepare": child_prepare, "watch": child_watch, "count": child_count, "rerun": child_rerun}
    print(MARK + json.dumps(handlers[action](*args), ensure_ascii=False), flush=True)


# --- the parent side: no Django here --------------------------------------------------------------

def child_argv(action: str, *args: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--child", action, *args]


def answer_of(stdout: str, action: str) -> dict:
    for line in reversed(stdout.splitlines()):
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
    raise RuntimeError(f"the child '{action}' gave no answer:\n{stdout[-2000:]}")


def child(env: dict, action: str, *args: str, timeout: float = 300) -> dict:
    done = subprocess.run(child_argv(action, *args), cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    if done.returncode:
        raise RuntimeError(f"the child '{action}' failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return answer_of(done.stdout, action)


class Prober:
    """GET / every ``interval`` seconds from a thread; each answer kept as (time, status, seconds)."""

    def __init__(self, port: int, interval: float = 0.2):
        self.port, self.interval = port, interval
        self.answers: list[tuple[float, str, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="prober", daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            started = time.perf_counter()
            try:
                status = str(fetch(self.port)[0])
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
            self.answers.append((time.time(), status, time.perf_counter() - started))
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join(timeout=15)
        return False

    def summary(self, since: float = 0.0, until: float = float("inf")) -> dict:
        """Answers that started in [since, until): count, 200s, median, slowest, over 1 s, the others."""
        picked = [a for a in self.answers if since <= a[0] - a[2] < until]
        bad: dict[str, int] = {}
        for _, status, _ in picked:
            if status != "200":
                bad[status] = bad.get(status, 0) + 1
        times = sorted(a[2] for a in picked) or [0.0]
        return {"n": len(picked), "ok": len(picked) - sum(bad.values()), "p50": times[len(times) // 2],
                "max": times[-1], "slow": sum(t > 1 for t in times), "bad": bad}


# --- processes, read from /proc --------------------------------------------------------------------

def wait_for(what: str, probe, limit: float, step: float = 0.05):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(step)
    raise RuntimeError(f"timed out after {limit:.0f} s waiting for {what}")


def read_state(state_file: Path) -> dict:
    try:
        return json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


# --- the scenario ------------------------------------------------------------------------------------

def at_kill_point(state: dict, kill_at: str) -> bool:
    if state.get("status") != "running" or state.get("phase") != "confirm":
        return False
    if kill_at == "write":
        return state.get("stage") == "write"
    return state.get("stage") == "validate" and state.get("done", 0) > 0


def finished(state: dict) -> bool:
    return state.get("status") in ("done", "failed") and state.get("phase") == "confirm"


def kill_worker(supervisor: int, state_file: Path, kill_at: str, limit: float) -> dict:
    """SIGKILL the Huey consumer once the confirm reaches the kill point."""
    def ready():
        state = read_state(state_file)
        if finished(state):
            raise RuntimeError(f"the confirm ended ({state.get('status')}) before the kill point '{kill_at}': "
                               "nothing to kill (a faster machine? try --kill-at validate)")
        return state if at_kill_point(state, kill_at) else None

    state = wait_for(f"the confirm to reach '{kill_at}'", ready, limit, step=0.01)
    pid = huey_pid(supervisor)
    if pid is None:
        raise RuntimeError("no run_huey process under the supervisor")
    os.kill(pid, signal.SIGKILL)
    killed_at = time.time()
    wait_for("the killed consumer to exit", lambda: not alive(pid), 10)
    return {"pid": pid, "at": killed_at, "stage": state.get("stage"), "done": state.get("done"),
            "total": state.get("total"), "lease_until": state.get("lease_until"), "worker": state.get("worker")}


def confirm_and_kill(env: dict, sheet: Path, supervisor: int, state_dir: Path, kill_at: str) -> dict:
    """Preview and confirm in a child, watch the job from another, kill the consumer mid-confirm."""
    prep = child(env, "prepare", str(sheet))
    print(f"  preview (synchronous, in a child): {prep['rows']} rows in {prep['preview_s']:.1f} s, "
          f"{prep['statuses']}; {prep['size_kb']:.0f} KB > threshold {prep['threshold_kb']} KB: "
          f"{prep['size_kb'] > prep['threshold_kb']}", flush=True)
    if prep["errors"] or "confirm_at" not in prep:
        raise RuntimeError(f"the preview did not pass: {prep['errors']}")
    if not prep["async"] or prep["size_kb"] <= prep["threshold_kb"]:
        raise RuntimeError("the confirm would not go to the Huey worker (ASYNC_RUNNER unset or file too small)")
    state_file = state_dir / prep["token"] / "state.json"
    wait_for("the consumer to start the confirm", lambda: read_state(state_file).get("phase") == "confirm", 120,
             step=0.01)
    picked_up = time.time()
    watcher = subprocess.Popen(child_argv("watch", prep["token"], str(LEASE_SECONDS + 240)), cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        kill = kill_worker(supervisor, state_file, kill_at, 240)
        print(f"  SIGKILL run_huey pid {kill['pid']} at stage '{kill['stage']}' ({kill['done']}/{kill['total']}), "
              f"{kill['at'] - prep['confirm_at']:.1f} s after the confirm", flush=True)
        # The watcher polls on its own meanwhile: waiting for the new consumer first delays nothing.
        new_huey = wait_for("the supervisor to start a new consumer",
                            lambda: (pid := huey_pid(supervisor)) not in (None, kill["pid"]) and pid, 60)
        kill.update(new_huey=new_huey, restarted_at=time.time())
        out, err = watcher.communicate(timeout=LEASE_SECONDS + 250)
    finally:
        if watcher.poll() is None:
            watcher.kill()
            watcher.wait()
    if watcher.returncode:
        raise RuntimeError(f"the watcher failed:\n{err[-3000:]}")
    return {"prep": prep, "kill": kill, "watch": answer_of(out, "watch"), "picked_up": picked_up,
            "state_file": state_file}


def rerun_job(env: dict, token: str, state_file: Path) -> dict:
    answer = child(env, "rerun", token)
    if not answer["rerun"]:
        raise RuntimeError(f"rerun refused: the job was {answer['was']}")

    def ended():
        state = read_state(state_file)
        return state if state.get("status") in ("done", "failed") else None

    state = wait_for("the rerun to finish", ended, 360, step=0.1)
    return {**answer, "ended_at": time.time(), "state": state}


def scenario(env: dict, sheet: Path, server: subprocess.Popen, port: int, var_dir: Path, kill_at: str) -> dict:
    before = child(env, "count")
    with Prober(port) as prober:
        fault = confirm_and_kill(env, sheet, server.pid, var_dir / "imports", kill_at)
        after_kill = child(env, "count")
        rerun = rerun_job(env, fault["prep"]["token"], fault["state_file"])
        after = child(env, "count")
        time.sleep(1)  # a few more answers after the rerun
    return {**fault, "before": before, "after_kill": after_kill, "after": after, "rerun": rerun,
            "prober": prober}


def http_line(prober: Prober, label: str, since: float = 0.0, until: float = float("inf")) -> bool:
    s = prober.summary(since, until)
    print(f"  GET / {label}: {s['n']} requests, {s['ok']} answered 200, median {s['p50'] * 1000:.0f} ms, "
          f"slowest {s['max'] * 1000:.0f} ms, {s['slow']} over 1 s" + (f", others: {s['bad']}" if s["bad"] else ""))
    return s["n"] > 0 and s["ok"] == s["n"]


def report(r: dict) -> bool:
    prep, kill, watch, rerun = r["prep"], r["kill"], r["watch"], r["rerun"]
    rows_new = prep["statuses"]["new"]
    detect = watch["seen_at"] - kill["at"]
    lease_left = (kill["lease_until"] or kill["at"]) - kill["at"]
    rerun_s = rerun["ended_at"] - rerun["at"]
    counts = (rerun["state"].get("result") or {}).get("counts") or {}
    written = {k: r["after"][k] - r["before"][k] for k in COUNTED}
    print("\nfigures:")
    print(f"  confirm picked up by the consumer {r['picked_up'] - prep['confirm_at']:.1f} s after the confirm; "
          f"killed {kill['at'] - r['picked_up']:.1f} s into it "
          f"(stage '{kill['stage']}', {kill['done']}/{kill['total']})")
    print(f"  lease left at the kill: {lease_left:.1f} s (JOB_LEASE_SECONDS={LEASE_SECONDS}); "
          f"job read '{watch['status']}' {detect:.1f} s after the kill ({watch['polls']} polls of state())")
    print(f"  reason: {watch['error']}")
    print(f"  rows before / after the kill: {r['before']} / {r['after_kill']}")
    print(f"  consumer pid {kill['pid']} killed; new consumer pid {kill['new_huey']} "
          f"{kill['restarted_at'] - kill['at']:.1f} s after the kill")
    print(f"  rerun: {rerun_s:.1f} s from the rerun call to '{rerun['state'].get('status')}' "
          f"(confirmed {rerun['state'].get('confirmed')}); written {written}; job counts {counts}")
    http_ok = [http_line(r["prober"], "confirm → kill (import running)", prep["confirm_at"], kill["at"]),
               http_line(r["prober"], "kill → job read failed", kill["at"], watch["seen_at"]),
               http_line(r["prober"], "rerun → done (import running)", rerun["at"], rerun["ended_at"]),
               http_line(r["prober"], "whole run (preview to after the rerun)")]
    checks = [
        (watch["status"] == "failed" and watch["died"], "the job reads failed with the DIED reason"),
        (detect <= LEASE_SECONDS + 3, f"failure seen within lease + 3 s ({detect:.1f} s ≤ {LEASE_SECONDS + 3} s)"),
        (r["after_kill"] == r["before"], "nothing written by the killed confirm"),
        (kill["new_huey"] != kill["pid"], "the supervisor started a new consumer"),
        (rerun["state"].get("status") == "done" and rerun["state"].get("confirmed") is True,
         "the rerun completed (done, confirmed)"),
        (written["Project"] == rows_new == counts.get("projects_created"),
         f"every new project written once ({written['Project']} = {rows_new} new rows)"),
        (all(http_ok), "the web server answered 200 throughout"),
    ]
    print()
    for ok, what in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {what}")
    return all(ok for ok, _ in checks)


def find_sheet(explicit: str | None, var_dir: Path) -> Path:
    if explicit:
        return Path(explicit)
    if SAMPLE.exists():
        return SAMPLE
    if MAKER.exists():
        out = var_dir / "large_20000_rows.xlsx"
        subprocess.run([sys.executable, str(MAKER), str(out), "--rows", "20000"], cwd=ROOT, check=True, timeout=300)
        return out
    raise SystemExit(f"no sheet: {SAMPLE} is missing and {MAKER} does not exist; pass --sheet FILE.xlsx")


def psql(server_url: str, sql: str) -> None:
    subprocess.run(["psql", f"{server_url.rstrip('/')}/postgres", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
                   check=True, timeout=60, stdout=subprocess.DEVNULL)


def stop_server(server: subprocess.Popen | None) -> None:
    """SIGTERM the supervisor's process group (it stops gunicorn and the consumer), then wait."""
    if server is None or server.poll() is not None:
        return
    left = list(children_of(server.pid))
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=45)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    for pid in left:  # the processes it started; normally gone already
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


def environment(var_dir: Path, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in {"SECRET_KEY", "REDIS_URL", "DEBUG", "DATABASE_URL", "HUEY_IMMEDIATE"}}
    env.update(VAR_DIR=str(var_dir), HTTPS="0", DJANGO_SETTINGS_MODULE="cms.settings.production",
               SECRET_KEY=secrets.token_urlsafe(50), JOB_LEASE_SECONDS=str(LEASE_SECONDS),
               HUEY_IMMEDIATE="0", PUBLIC_PAGE_CACHE_SECONDS="0")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def serve(env: dict, var_dir: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    log = open(var_dir / "serve.log", "w")  # noqa: SIM115 - closed with the folder
    server = subprocess.Popen([sys.executable, "manage.py", "serve", f"{HOST}:{port}"], cwd=ROOT, env=env,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    wait_until_up(port, server)
    return server, port


def run(args, database_url: str, created_db: str | None) -> bool:
    var_dir = Path(tempfile.mkdtemp(prefix="pb-fault-"))
    server = None
    try:
        if created_db:
            psql(args.postgres, f'CREATE DATABASE "{created_db}"')
        env = environment(var_dir, database_url)
        sheet = find_sheet(args.sheet, var_dir)
        print(f"database: {database_url or 'SQLite in ' + str(var_dir)}; sheet {sheet}", flush=True)
        print("preparing the site (as bin/run does):", flush=True)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "bootstrap", "--no-migrate")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        server, port = serve(env, var_dir)
        print(f"serving on http://{HOST}:{port}/ (supervisor pid {server.pid})", flush=True)
        return report(scenario(env, sheet, server, port, var_dir, args.kill_at))
    except BaseException:
        log_file = var_dir / "serve.log"
        if log_file.exists():
            print("--- the server's log (last 40 lines) ---\n" + "\n".join(log_file.read_text().splitlines()[-40:]))
        raise
    finally:
        signal.alarm(0)
        log_file = var_dir / "serve.log"
        restarts = log_file.read_text().count("已重启") if log_file.exists() else 0
        stop_server(server)
        if created_db:
            psql(args.postgres, f'DROP DATABASE IF EXISTS "{created_db}" WITH (FORCE)')
        shutil.rmtree(var_dir, ignore_errors=True)
        print(f"cleaned up: server stopped (supervisor logged {restarts} restart(s)), "
              f"{'database ' + created_db + ' dropped, ' if created_db else ''}{var_dir} removed")


def on_alarm(signum, frame):
    raise Deadline("the overall time limit was reached")


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child_main(sys.argv[2], sys.argv[3:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--postgres", nargs="?", const="postgres://postgres@127.0.0.1:5432", default=None,
                       help="create a fresh database pb_fault_<pid> on this PostgreSQL server (no database "
                            "name; default postgres://postgres@127.0.0.1:5432) and drop it at the end")
    where.add_argument("--database-url", default="", help="an existing (empty) database to use instead")
    parser.add_argument("--sheet", help=f"the project sheet to import (default {SAMPLE}, else generated)")
    parser.add_argument("--kill-at", choices=("write", "validate"), default="write",
                        help="kill the consumer at the write stage (default) or during validation")
    parser.add_argument("--timeout", type=int, default=600, help="overall limit in seconds (default 600)")
    args = parser.parse_args()
    url = args.postgres or args.database_url
    if url and urllib.parse.urlsplit(url).hostname not in {"127.0.0.1", "localhost", "::1"}:
        parser.error("the database must be on this machine (127.0.0.1)")
    created_db = f"pb_fault_{os.getpid()}" if args.postgres else None
    database_url = f"{args.postgres.rstrip('/')}/{created_db}" if created_db else args.database_url
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(max(60, args.timeout))
    started = time.monotonic()
    ok = run(args, database_url, created_db)
    print(f"total {time.monotonic() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
