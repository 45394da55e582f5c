"""Benchmark of the project register at volume: 5,000 projects × 12 months.

Usage (from the repository root)::

    .venv/bin/python bench/bench_register.py                 # 5,000 projects, 5 timed runs per page
    .venv/bin/python bench/bench_register.py --projects 1000 --runs 9
    .venv/bin/python bench/bench_register.py --keep           # keep the throwaway database and print where

It builds a throwaway SQLite database in a temporary VAR_DIR (dev settings, DEBUG off): migrate,
``bootstrap --no-migrate``, then ``demo_data --volume --months 12`` (every project under
construction with 12 months of progress up to the reporting period). It then logs a superuser in
with Django's test ``Client`` and prints, per page, the median (and min/max) wall time of several
runs after one warm-up, with the number of SQL queries of the last run:

* the filtered admin project listing (industry projects that lag; falls back to the plain listing
  if the filters are not there),
* the Wagtail admin dashboard (``/admin/``),
* a project's edit page.

It prints figures only: no thresholds, nothing asserted. Set ``DATABASE_URL`` to time PostgreSQL.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def time_pages(client, pages, runs: int) -> None:
    """Median, min and max of ``runs`` requests of each page, with its query count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    print(f"\n{'page':<26} {'median':>9} {'min':>9} {'max':>9} {'queries':>8}  url")
    for label, url in pages:
        response = client.get(url)  # warm-up
        if response.status_code != 200:
            print(f"{label:<26} HTTP {response.status_code}  {url}")
            continue
        times = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url  # a failed page would time an error page
        print(f"{label:<26} {statistics.median(times):>7.0f}ms {min(times):>7.0f}ms {max(times):>7.0f}ms "
              f"{len(queries):>8}  {url}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    args = parser.parse_args()

    var_dir = tempfile.mkdtemp(prefix="pb-bench-")
    os.environ["VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    os.environ["DEBUG"] = "0"
    os.environ["HUEY_IMMEDIATE"] = "0"
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from registers.models import MonthlyProgress, Project
    from snippets.models import Domain

    setup_test_environment()  # lets the test client's "testserver" host in
    try:
        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        call_command("bootstrap", "--no-migrate", stdout=open(os.devnull, "w"))  # noqa: SIM115
        setup_s = time.perf_counter() - started
        started = time.perf_counter()
        call_command("demo_data", "--volume", "--projects", str(args.projects), "--months", str(args.months),
                     "--password", "bench-only", stdout=open(os.devnull, "w"))  # noqa: SIM115
        seed_s = time.perf_counter() - started
        print(f"database: {connection.vendor} in {var_dir}")
        print(f"setup (migrate + bootstrap): {setup_s:.1f} s; demo_data: {seed_s:.1f} s for "
              f"{Project.objects.count()} projects, {MonthlyProgress.objects.count()} monthly rows")

        admin = get_user_model().objects.create_superuser("bench", "", "bench-only")
        client = Client()
        client.force_login(admin)

        industry = Domain.objects.get(code="industry").pk
        listing = "/admin/snippets/registers/project/"
        filtered = f"{listing}?domain={industry}&lag=lagging"
        if client.get(filtered).status_code != 200:
            print(f"note: {filtered} did not answer 200; timing the plain listing")
            filtered = listing
        project = Project.objects.order_by("pk")[Project.objects.count() // 2]
        pages = [
            ("filtered project listing", filtered),
            ("admin dashboard", "/admin/"),
            ("project edit page", f"{listing}edit/{project.pk}/"),
        ]
        time_pages(client, pages, args.runs)
    finally:
        if args.keep:
            print(f"\nkept: VAR_DIR={var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
