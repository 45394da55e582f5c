"""Benchmark of the report cycles (issue: monthly bulletin ≤ 5 s and ≤ 500 MB for 600 projects, its
3,000-row annex ≤ 15 s, the whole monthly cycle for 600 projects ≤ 60 s).

Usage (from the repository root)::

    .venv/bin/python bench/bench_reports.py            # the three figures, each in a fresh process
    .venv/bin/python bench/bench_reports.py --runs 3   # and the bulletin's warm median over 3 runs

A throwaway SQLite site (``bench/sandbox.py``) is set up twice: with the 600-project sample sheet
(``shared/samples/projects_2022_full.xlsx``, 1-5月), and with a synthetic 3,000-project sheet of the
same layout (``bench/make_large_sheet.py``, 1-6月). Each measurement runs in a child process of its
own, so its wall time includes a cold start of the renderer (fonts, templates) and its peak memory
(``ru_maxrss``) is its own, not the parent's (the import and migrate are not counted):

* bulletin: the county bulletin of the sheet's month for 600 projects (body and its 600-row annex);
* annex: the county bulletin for 3,000 projects (its annex holds the 3,000 rows);
* cycle: everything the calendar runs in a month for 600 projects — the county and domain
  bulletins, every warning letter, both collection reminders.
"""

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sandbox import ROOT, sandbox

TARGETS = {"bulletin": (5.0, 500), "annex": (15.0, None), "cycle": (60.0, None)}


def sheet_of(rows: int, folder: Path) -> Path:
    """The 600-project sample where the workspace keeps it (shared/ beside the clone), else — and
    for any other size — a generated sheet of the same layout (``make_large_sheet.py``)."""
    sample = ROOT.parent / "shared" / "samples" / "projects_2022_full.xlsx"
    if rows == 600 and sample.is_file():
        return sample
    path = folder / f"projects_{rows}.xlsx"
    subprocess.run([sys.executable, str(ROOT / "bench" / "make_large_sheet.py"), str(path), "--rows", str(rows)],
                   check=True, capture_output=True)
    return path


def child(task: str, runs: int) -> None:
    """In the child: time the task, print one JSON line with seconds and peak MB."""
    import resource

    import django

    django.setup()
    from registers.models import MonthlyProgress
    from tasks import periods
    from tasks.cycles import Scope, cycle
    from tasks.runner import ensure_run, execute, requeue

    year, month = MonthlyProgress.objects.latest_period()
    month_period = periods.of_month(year, month)

    def build(kind, period, scope=None):
        run, _ = ensure_run(kind, period, scope or Scope())
        requeue(run)
        run = execute(run.pk)
        assert run.status == "done", run.error
        return run

    started = time.perf_counter()
    warm = []
    if task == "bulletin":
        run = build("monthly_bulletin", month_period)
        first = time.perf_counter() - started
        for _ in range(runs):
            t = time.perf_counter()
            build("monthly_bulletin", month_period)
            warm.append(time.perf_counter() - t)
        pages = run.file_size
    elif task == "annex":
        run = build("monthly_bulletin", month_period)
        first, pages = time.perf_counter() - started, run.file_size
    else:
        count = 0
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        for kind, period in (("monthly_bulletin", month_period), ("warning_letters", month_period),
                             ("collection_reminder", periods.next_round(following)),
                             ("collection_reminder", periods.next_round(following.replace(day=16)))):
            for scope in cycle(kind).scopes(period):
                build(kind, period, scope)
                count += 1
        first, pages = time.perf_counter() - started, count
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": first, "warm": warm, "peak_mb": peak_mb, "size": pages}))


def measure(task: str, var_dir: str, runs: int) -> dict:
    env = {**os.environ, "VAR_DIR": var_dir, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "DEBUG": "0"}
    started = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--child", task, "--runs", str(runs)], env=env,
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - started
    return result


def report(task: str, result: dict) -> None:
    target_s, target_mb = TARGETS[task]
    line = (f"{task:9s} {result['seconds']:6.2f} s (target {target_s:.0f} s, ratio {result['seconds'] / target_s:.2f})"
            f"  whole process {result['process_seconds']:.2f} s  peak {result['peak_mb']:.0f} MB")
    if target_mb:
        line += f" (target {target_mb} MB, ratio {result['peak_mb'] / target_mb:.2f})"
    if result["warm"]:
        line += f"  warm median {statistics.median(result['warm']):.2f} s"
    if task == "cycle":
        line += f"  documents {result['size']}"
    print(line)


def site(sheet: str, tasks: list[str], runs: int) -> None:
    """A sandbox with ``sheet`` imported, each task measured in a child process of its own."""
    with sandbox() as var_dir:
        from registers.imports.pipeline import run_import

        result = run_import("projects", Path(sheet))
        assert result.ok, [str(error) for error in result.errors][:3]
        for task in tasks:
            report(task, measure(task, var_dir, runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--child")
    parser.add_argument("--site")
    parser.add_argument("--tasks", default="")
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        child(args.child, args.runs)
        return 0
    if args.site:
        site(args.site, args.tasks.split(","), args.runs)
        return 0
    folder = Path(tempfile.mkdtemp(prefix="pb-bench-sheets-"))
    try:
        for rows, tasks in ((600, "bulletin,cycle"), (3000, "annex")):
            sheet = sheet_of(rows, folder)
            print(f"— {rows} projects ({sheet.name})", flush=True)
            subprocess.run([sys.executable, __file__, "--site", str(sheet), "--tasks", tasks, "--runs", str(args.runs)],
                           check=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
