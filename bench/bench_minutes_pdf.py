"""Benchmark of the minutes (会议纪要) PDF: a meeting with 40 decided items.

Usage (from the repository root)::

    .venv/bin/python bench/bench_minutes_pdf.py               # 40 items, 5 timed runs
    .venv/bin/python bench/bench_minutes_pdf.py --items 100 --runs 9
    .venv/bin/python bench/bench_minutes_pdf.py --out /tmp/minutes.pdf   # keep one rendering

It builds a throwaway SQLite database in a temporary VAR_DIR (dev settings, DEBUG off): migrate,
``bootstrap --no-migrate`` (the seeded domains and units), a few projects and one 部门联席会 with
its minutes and the decided items. It renders once to warm up (font registration, template
loading), then prints the min and median wall time of ``tasks.minutes.minutes_pdf`` over the runs
against the target of 2 s, with their ratio to it, and the query count of the last run.
"""

import argparse
import datetime
import statistics
import sys
import time

from sandbox import sandbox

TARGET_S = 2.0

BODY = """会议由县“项目大会战”指挥部办公室主持，听取了各责任单位项目推进情况汇报，研究协调了项目建设中的困难和问题。
一、总体情况
今年以来，全县重点项目建设总体有序推进，但部分项目存在用地报批滞后、资金拨付不及时等问题，需要各单位合力解决。
（一）用地保障
县自然资源局要加快用地报批，对已列入计划的项目优先保障用地指标，喆堃两个安置点于本月底前完成组卷。
（二）资金保障
县财政局要按照工程进度及时拨付项目资金，不得截留挪用。
二、下步工作
各责任单位要对照议定事项，倒排工期、挂图作战，确保按时完成。"""


def build(items: int):
    """A 部门联席会 with minutes and ``items`` decided items over a few projects and units."""
    from django.utils import timezone

    from registers.models import LedgerItem, Meeting, MeetingTier, Minutes
    from snippets.models import Unit
    from tests.registers_factories import make_project

    projects = [make_project(f"上犹县重点项目{n}", year=2022) for n in range(1, 6)]
    units = [Unit.objects.resolve(name) for name in ("县发改委", "县住建局", "县自然资源局", "县财政局")]
    units = [unit for unit in units if unit is not None]
    starts = timezone.make_aware(datetime.datetime(2022, 3, 3, 9, 0))
    meeting = Meeting.objects.create(tier=MeetingTier.JOINT, title="2022年第3次部门联席会", starts_at=starts,
                                     place="县行政中心三楼会议室", chair="指挥部办公室主任")
    minutes = Minutes.objects.create(
        meeting=meeting, year=2022, serial=3, issued_on=datetime.date(2022, 3, 5), body=BODY,
        present="县发改委、县住建局、县自然资源局、县财政局负责同志", attending="各乡镇分管负责同志",
        absent="县交通运输局（公务）", copied_to="县委办、县政府办")
    for n in range(items):
        item = LedgerItem.objects.create(
            minutes=minutes, sort_order=n, text=f"第{n + 1}项议定事项：加快推进项目前期工作，按期完成征地拆迁。",
            project=projects[n % len(projects)], deadline=datetime.date(2022, 4, 1) + datetime.timedelta(days=n))
        item.responsible_units.set(units[: 1 + n % len(units)])
        item.save()  # a ParentalManyToManyField writes on save
    return minutes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", help="write the last rendering to this path")
    args = parser.parse_args()

    with sandbox() as var_dir:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from tasks.minutes import minutes_pdf
        from tasks.pdf import write_atomically

        minutes = build(args.items)
        started = time.perf_counter()
        data = minutes_pdf(minutes)  # warm-up: fonts, templates
        print(f"database: {connection.vendor} in {var_dir}; {args.items} decided items")
        print(f"first render (fonts registered): {time.perf_counter() - started:.2f} s")
        times = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                data = minutes_pdf(minutes)
                times.append(time.perf_counter() - started)
        low, median = min(times), statistics.median(times)
        print(f"minutes_pdf over {args.runs} runs: min {low:.3f} s, median {median:.3f} s; target ≤ {TARGET_S:.1f} s "
              f"(median/target {median / TARGET_S:.2f}, min/target {low / TARGET_S:.2f}); "
              f"{len(queries)} queries; {len(data) / 1024:.0f} KiB")
        if args.out:
            write_atomically(args.out, data)
            print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
