"""Benchmark of the compliance export (``export_sheet compliance``): 200 leader assignments and 5,000
activities, plus liaison commissioners and their duties.

Usage (from the repository root)::

    .venv/bin/python bench/bench_compliance.py                   # the whole year 2022, 5 timed runs
    .venv/bin/python bench/bench_compliance.py --quarter 2 --runs 9
    .venv/bin/python bench/bench_compliance.py --assignments 400 --activities 20000

It builds a throwaway SQLite database in a temporary VAR_DIR (dev settings, DEBUG off): migrate,
``bootstrap --no-migrate`` (the seeded domains and units), one project per one-to-one assignment,
the assignments (six of them 包干, one per domain) and the activities spread over the year
(``bulk_create``: the rules are not what is measured). It exports once to warm up, then prints the
min and median wall time of ``registers.exports.writer.export_sheet("compliance", …)`` over the
runs against the target of 2 s, with their ratio to it, and the query count of the last run.
"""

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

from sandbox import sandbox

TARGET_S = 2.0
YEAR = 2022


def build(assignments: int, activities: int, commissioners: int, duties: int) -> None:
    from registers.duties.models import (
        ActivityKind,
        AssignmentKind,
        CommissionerDuty,
        DutyKind,
        Leader,
        LeaderActivity,
        LeaderAssignment,
        LiaisonCommissioner,
    )
    from snippets.models import Domain, Unit
    from tests.registers_factories import make_project

    domains = list(Domain.objects.all())
    units = list(Unit.objects.filter(kind="department")[:10]) or list(Unit.objects.all()[:10])
    one_count = assignments - len(domains)
    projects = [make_project(f"上犹县挂点测试项目{n}", year=YEAR) for n in range(one_count)]
    leaders = Leader.objects.bulk_create(Leader(name=f"县领导{n}", post="县政府副县长", sort_order=n)
                                         for n in range(one_count // 3 + 1 + len(domains)))
    rows = [LeaderAssignment(leader=leaders[n // 3], kind=AssignmentKind.ONE_TO_ONE, year=YEAR, project=project,
                             liaison_unit=units[n % len(units)]) for n, project in enumerate(projects)]
    rows += [LeaderAssignment(leader=leaders[-1 - n], kind=AssignmentKind.DOMAIN, year=YEAR, domain=domain)
             for n, domain in enumerate(domains)]
    rows = LeaderAssignment.objects.bulk_create(rows)
    one_kinds = [ActivityKind.REPORT, ActivityKind.REPORT, ActivityKind.VISIT]
    start = datetime.date(YEAR, 1, 1)
    LeaderActivity.objects.bulk_create(
        (LeaderActivity(assignment=a, date=start + datetime.timedelta(days=(n * 7) % 365),
                        kind=ActivityKind.MEETING if a.kind == AssignmentKind.DOMAIN else one_kinds[n % 3],
                        summary=f"第{n + 1}次履职")
         for n, a in ((n, rows[n % len(rows)]) for n in range(activities))), batch_size=1000)
    people = []
    for n in range(commissioners):
        person = LiaisonCommissioner.objects.create(name=f"专员{n}", unit=units[n % len(units)], year=YEAR)
        person.projects.set(projects[2 * n: 2 * n + 2])
        person.save()  # a ParentalManyToManyField writes on save
        people.append(person)
    CommissionerDuty.objects.bulk_create(
        (CommissionerDuty(commissioner=c, project=projects[2 * (n % len(people))],
                          date=start + datetime.timedelta(days=(n * 3) % 365),
                          kind=DutyKind.CALL if n % 4 else DutyKind.VISIT)
         for n, c in ((n, people[n % len(people)]) for n in range(duties))), batch_size=1000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assignments", type=int, default=200)
    parser.add_argument("--activities", type=int, default=5000)
    parser.add_argument("--commissioners", type=int, default=30)
    parser.add_argument("--duties", type=int, default=2000)
    parser.add_argument("--quarter", type=int, choices=range(1, 5))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with sandbox() as var_dir:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from registers.exports.writer import export_sheet

        build(args.assignments, args.activities, args.commissioners, args.duties)
        target = Path(var_dir) / "compliance.xlsx"
        period = f"{YEAR}年第{args.quarter}季度" if args.quarter else f"{YEAR}年"
        started = time.perf_counter()
        rows = export_sheet("compliance", target, year=YEAR, quarter=args.quarter)  # warm-up
        print(f"database: {connection.vendor} in {var_dir}; {args.assignments} assignments, {args.activities} "
              f"activities, {args.commissioners} commissioners, {args.duties} duties; period {period}")
        print(f"first export: {time.perf_counter() - started:.2f} s, {rows} rows")
        times = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                export_sheet("compliance", target, year=YEAR, quarter=args.quarter)
                times.append(time.perf_counter() - started)
        low, median = min(times), statistics.median(times)
        print(f"compliance export over {args.runs} runs: min {low:.3f} s, median {median:.3f} s; "
              f"target ≤ {TARGET_S:.1f} s (median/target {median / TARGET_S:.2f}, min/target {low / TARGET_S:.2f}); "
              f"{len(queries)} queries; {target.stat().st_size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
