"""Benchmark of the public cache (issue 12): requests/s of public pages and API answers against a
static file served by whitenoise, measured in one run with ``wrk`` on loopback.

Usage (from the repository root; Debian's ``wrk``: ``apt-get install wrk``)::

    .venv/bin/python bench/bench_cache.py                    # 3 rounds of 10 s per URL, 2,000 commissioners
    .venv/bin/python bench/bench_cache.py --seconds 20 --connections 32 --rounds 3

A throwaway site on the embedded defaults (SQLite, file cache, production settings): ``bootstrap``,
``demo_data``, 2,000 published commissioners, ``collectstatic``. Then gunicorn with 2 workers
(``WEB_CONCURRENCY=2``), twice: with the page cache on (each URL fetched once to warm it), and with
it off (``PUBLIC_PAGE_CACHE_SECONDS=0``: every request builds the page, its queries and template; the
route memo stays on, as in production). Each URL is measured in ``--rounds`` rounds and the best
kept; for each it prints requests/s and the ratio to the static file of the same server; the
targets: cached pages and answers ≥ 0.6×, the uncached directory ≥ 0.05×. Traffic goes to
127.0.0.1 only, bounded in time; the servers are stopped and the folder removed whatever happens.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from served import HOST, fetch, free_port, manage, wait_until_up  # noqa: E402

CACHED_TARGET, UNCACHED_TARGET = 0.6, 0.05
COMMISSIONERS = """
import django; django.setup()
from snippets.models import AcceptanceCommissioner, Unit
units = list(Unit.objects.order_by("pk"))
AcceptanceCommissioner.objects.bulk_create([AcceptanceCommissioner(
    unit=units[i % len(units)], name="专员%04d" % i, post="科员", office_phone="0797-0000000",
    mobile="10000000000", matters="项目审批、用地报批、环评手续", sort_order=i) for i in range(COUNT)])
from cms.cache import invalidate_public; invalidate_public()
"""


def wrk(port: int, path: str, seconds: int, connections: int) -> float:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", f"http://{HOST}:{port}{path}"],
                         capture_output=True, text=True, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        raise RuntimeError(f"{path}: {non_2xx[1]} error answers")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])


def serve(env: dict, var_dir: str, label: str):
    port = free_port()
    log = open(Path(var_dir) / f"gunicorn-{label}.log", "w")  # noqa: SIM115 - closed with the folder
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", "python:cms.gunicorn_conf",
                               "--bind", f"{HOST}:{port}", "cms.wsgi:application"], cwd=ROOT, env=env,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    wait_until_up(port, server)
    return server, port


def stop(server) -> None:
    if server is not None and server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def measure(env, var_dir, label, paths, args) -> dict[str, float]:
    server = None
    try:
        server, port = serve(env, var_dir, label)
        for path in paths:
            status, _body = fetch(port, path, timeout=60)  # warm (and check) every URL
            if status != 200:
                raise RuntimeError(f"{path}: {status}")
        # Rounds over every URL, the best of each kept: a shared machine's slow spells (seen here:
        # the same static file at 3,100 and at 950 req/s a minute apart) hit one round, not the ratio.
        best = dict.fromkeys(paths, 0.0)
        for _round in range(args.rounds):
            for path in paths:
                best[path] = max(best[path], wrk(port, path, args.seconds, args.connections))
        return best
    finally:
        stop(server)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--commissioners", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3, help="measurements of each URL; the best is kept")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    var_dir = tempfile.mkdtemp(prefix="pb-cache-")
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "REDIS_URL", "DATABASE_URL", "DEBUG"}}
    env.update(VAR_DIR=var_dir, HTTPS="0", DJANGO_SETTINGS_MODULE="cms.settings.production", HUEY_IMMEDIATE="0",
               WEB_CONCURRENCY="2", PUBLIC_PAGE_CACHE_SECONDS="600")
    try:
        manage(env, "bootstrap")
        manage(env, "demo_data", "--password", "bench-only-1")
        script = COMMISSIONERS.replace("COUNT", str(args.commissioners))
        subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True)
        manage(env, "collectstatic", "--noinput")
        static = "/static/" + next((Path(var_dir) / "static").rglob("*.css")).relative_to(
            Path(var_dir) / "static").as_posix()
        pages = ["/", "/commissioners/", "/projects/", "/api/projects/", "/api/v2/stats/domains/"]
        cached = measure(env, var_dir, "cached", [static, *pages], args)
        uncached = measure({**env, "PUBLIC_PAGE_CACHE_SECONDS": "0"}, var_dir, "uncached",
                           [static, "/commissioners/"], args)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    ok = True
    print(f"static file {static}: {cached[static]:.0f} req/s (cached run), {uncached[static]:.0f} req/s (uncached run)")
    for path in pages:
        ratio = cached[path] / cached[static]
        ok &= ratio >= CACHED_TARGET
        print(f"cached   {path:28s} {cached[path]:8.0f} req/s  ratio {ratio:.2f} (target ≥ {CACHED_TARGET})")
    ratio = uncached["/commissioners/"] / uncached[static]
    ok &= ratio >= UNCACHED_TARGET
    print(f"uncached /commissioners/ ({args.commissioners} commissioners) {uncached['/commissioners/']:8.0f} req/s  "
          f"ratio {ratio:.3f} (target ≥ {UNCACHED_TARGET})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
