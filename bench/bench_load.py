"""Load test of the served site against PostgreSQL: N concurrent clients for a bounded time.

Usage (from the repository root; PostgreSQL listening on 127.0.0.1:5432)::

    .venv/bin/python bench/bench_load.py                      # 32 clients for 60 s
    .venv/bin/python bench/bench_load.py --clients 8 --seconds 20
    .venv/bin/python bench/bench_load.py --no-cache           # every page built for each request
    .venv/bin/python bench/bench_load.py --postgres postgres://postgres@127.0.0.1:5432

It creates a fresh database (``pb_bench_<pid>``) and a temporary VAR_DIR, loads the site as
``bin/run`` does (production settings, ``bootstrap``, ``demo_data``, ``collectstatic``), starts
``manage.py serve`` (gunicorn + the Huey consumer, under its supervisor) on a free loopback port,
and lets the clients fetch a mix of public pages (home, the public project list, its next pages,
every project page those link to, the commissioner directory, headquarters) over keep-alive
HTTP/1.1, while the database connections of the bench database are counted every 0.5 s
(``pg_stat_activity``). ``--no-cache`` turns the public page cache off (``cms.cache``), so that
every page is built afresh: the cost of the pages themselves.

It prints requests/s, p50/p99/max per URL, errors and the peak number of database connections,
then checks the targets: no errors, connections never above the configured bound
(``cms.serving.connection_bound()``), p99 of the public project list under 1 s; the exit code is 1
when one is missed. Traffic goes to 127.0.0.1 only; the clients stop at the deadline. The server
is stopped, the database dropped and the temporary folder removed whatever happens.
"""

import argparse
import http.client
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MAX_CLIENTS, MAX_SECONDS = 128, 600
LIST_LABEL = "project list"

from served import HOST, fetch, free_port, manage, wait_until_up  # noqa: E402

from cms.serving import connection_bound  # noqa: E402


def discover(port: int, list_pages: int = 5) -> dict[str, list[str]]:
    """The public URLs to hit, by kind, found from the site itself: the project list's first pages
    and every project they link to, so that most requests are not for one and the same page."""
    ids: list[str] = []
    for page in range(1, list_pages + 1):
        status, html = fetch(port, f"/projects/?page={page}")
        assert status == 200, f"/projects/?page={page} answered {status}"
        ids += re.findall(r'href="/projects/(\d+)/"', html)
    ids = list(dict.fromkeys(ids))
    assert ids, "the public project list links no project"
    return {
        "home": ["/"],
        LIST_LABEL: ["/projects/"],
        "project list, p.2–5": [f"/projects/?page={page}" for page in range(2, list_pages + 1)],
        "project page": [f"/projects/{pk}/" for pk in ids],
        "commissioners": ["/commissioners/"],
        "headquarters": ["/headquarters/"],
    }


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)

    def add(self, label: str, seconds: float, error: str | None) -> None:
        with self.lock:
            if error:
                self.errors[label].append(error)
            else:
                self.times[label].append(seconds)


def client_loop(port: int, urls: dict[str, list[str]], offset: int, deadline: float, results: Results) -> None:
    """One client: keep-alive requests, one kind of page after the other (a page of that kind at
    random, seeded by the client's number), until the deadline."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    labels, rng = list(urls), random.Random(offset)
    i = offset
    while time.monotonic() < deadline:
        label = labels[i % len(labels)]
        path = rng.choice(urls[label])
        i += 1
        started = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            error = None if response.status == 200 else f"HTTP {response.status}"
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
        except (OSError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
        results.add(label, time.perf_counter() - started, error)
    conn.close()


def poll_connections(admin_url: str, database: str, stop: threading.Event, samples: list[int]) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        while not stop.is_set():
            row = conn.execute("select count(*) from pg_stat_activity where datname = %s", (database,)).fetchone()
            samples.append(row[0])
            stop.wait(0.5)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def report(results: Results, urls, seconds: float, samples: list[int], bound: int) -> bool:
    total = sum(len(v) for v in results.times.values())
    errors = sum(len(v) for v in results.errors.values())
    print(f"\n{'url':<20} {'requests':>9} {'p50':>8} {'p99':>8} {'max':>8} {'errors':>7}  path")
    for label, paths in urls.items():
        times = results.times.get(label) or [0.0]
        shown = paths[0] if len(paths) == 1 else f"{len(paths)} URLs, e.g. {paths[0]}"
        print(f"{label:<20} {len(results.times.get(label, [])):>9} {percentile(times, .5) * 1000:>6.0f}ms "
              f"{percentile(times, .99) * 1000:>6.0f}ms {max(times) * 1000:>6.0f}ms "
              f"{len(results.errors.get(label, [])):>7}  {shown}")
    for label, messages in results.errors.items():
        print(f"  errors on {label}: {sorted(set(messages))[:5]}")
    peak = max(samples) if samples else 0
    list_p99 = percentile(results.times.get(LIST_LABEL) or [float("inf")], 0.99)
    print(f"\ntotal: {total} requests in {seconds:.1f} s = {total / seconds:.1f} requests/s; errors: {errors}")
    print(f"database connections: peak {peak}, bound {bound} ({len(samples)} samples every 0.5 s)")
    checks = [(errors == 0, "0 errors"), (peak <= bound, f"connections ≤ {bound}"),
              (list_p99 < 1.0, f"p99 of the public project list under 1 s ({list_p99 * 1000:.0f} ms)")]
    for ok, what in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {what}")
    return all(ok for ok, _ in checks)


def prepare(env: dict, projects: int) -> None:
    print("preparing the site (as bin/run does):", flush=True)
    manage(env, "bootstrap")
    manage(env, "demo_data", "--projects", str(projects), "--password", "bench-only-password")
    manage(env, "collectstatic", "--noinput", "-v", "0")


def load(port: int, clients: int, seconds: float, admin_url: str, database: str) -> bool:
    urls = discover(port)
    for paths in urls.values():  # warm-up: every URL once
        for path in paths:
            fetch(port, path)
    results, samples, stop = Results(), [], threading.Event()
    poller = threading.Thread(target=poll_connections, args=(admin_url, database, stop, samples), daemon=True)
    poller.start()
    print(f"\n{clients} clients for {seconds:.0f} s on http://{HOST}:{port}/ …", flush=True)
    started = time.monotonic()
    deadline = started + seconds
    threads = [threading.Thread(target=client_loop, args=(port, urls, i, deadline, results), daemon=True)
               for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    elapsed = time.monotonic() - started
    time.sleep(1)  # one more sample after the load
    stop.set()
    poller.join(timeout=5)
    return report(results, urls, elapsed, samples, connection_bound())


def stop_server(server: subprocess.Popen | None) -> None:
    if server is None or server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=45)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def run(args) -> bool:
    admin_url = args.postgres.rstrip("/") + "/postgres"
    database = f"pb_bench_{os.getpid()}"
    var_dir = tempfile.mkdtemp(prefix="pb-load-")
    server = None
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    try:
        env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "REDIS_URL", "DEBUG"}}
        env.update(DATABASE_URL=f"{args.postgres.rstrip('/')}/{database}", VAR_DIR=var_dir, HTTPS="0",
                   DJANGO_SETTINGS_MODULE="cms.settings.production", HUEY_IMMEDIATE="0")
        if args.no_cache:
            env["PUBLIC_PAGE_CACHE_SECONDS"] = "0"
        prepare(env, args.projects)
        port = free_port()
        log = open(Path(var_dir) / "serve.log", "w")  # noqa: SIM115 - closed with the folder
        server = subprocess.Popen([sys.executable, "manage.py", "serve", f"{HOST}:{port}"], cwd=ROOT, env=env,
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_until_up(port, server)
        return load(port, args.clients, args.seconds, admin_url, database)
    except Exception:
        log_file = Path(var_dir) / "serve.log"
        if log_file.exists():
            print("--- the server's log (last 40 lines) ---\n" + "\n".join(log_file.read_text().splitlines()[-40:]))
        raise
    finally:
        stop_server(server)
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(var_dir, ignore_errors=True)
        print(f"cleaned up: server stopped, database {database} dropped, {var_dir} removed")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32, help=f"concurrent clients (1–{MAX_CLIENTS}, default 32)")
    parser.add_argument("--seconds", type=float, default=60, help=f"duration (1–{MAX_SECONDS} s, default 60)")
    parser.add_argument("--projects", type=int, default=300, help="demo projects (default 300)")
    parser.add_argument("--no-cache", action="store_true",
                        help="serve every page fresh (PUBLIC_PAGE_CACHE_SECONDS=0): the cost of building pages")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432",
                        help="PostgreSQL server on this machine (no database name)")
    args = parser.parse_args()
    if not 1 <= args.clients <= MAX_CLIENTS or not 1 <= args.seconds <= MAX_SECONDS:
        parser.error(f"--clients must be 1–{MAX_CLIENTS} and --seconds 1–{MAX_SECONDS}")
    host = urllib.parse.urlsplit(args.postgres).hostname
    if host not in {"127.0.0.1", "localhost", "::1"}:
        parser.error("--postgres must be on this machine (127.0.0.1)")
    return 0 if run(args) else 1


if __name__ == "__main__":
    sys.exit(main())
