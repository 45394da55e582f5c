"""Benchmark of ``import_sheet`` on the 20,000-row sample (prints figures; not a test).

    .venv/bin/python bench/bench_import.py [FILE] [--database-url URL]

Without ``--database-url`` each run gets a fresh SQLite database; with it (e.g. a PostgreSQL
database kept for benchmarks: it is flushed) every run migrates, flushes and seeds that database.

Measures, in one run, each against a fresh database (own VAR_DIR) seeded with the reference data:
  1. openpyxl read-only read of the file (the floor);
  2. ``manage.py import_sheet projects FILE`` as a subprocess (whole command: start-up, read,
     validate, write, revisions), wall time and peak RSS;
  3. django-import-export's plain row-by-row ``ModelResource`` for Project, foreign keys
     (domain, responsible unit) resolved by name, on the same data rows.
Targets: ≤ 30 s, ≤ 6× openpyxl, ≤ 1 GB, faster than the plain resource.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "samples" / "bad_inputs" / "large_20000_rows.xlsx"
PY = sys.executable


def fresh_env(database_url: str | None = None) -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="cms.settings.dev", VAR_DIR=tempfile.mkdtemp(prefix="pb-bench-"))
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    if database_url:  # a database of its own is fresh; a given one is emptied
        subprocess.run([PY, "manage.py", "flush", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PY, "manage.py", "bootstrap", "--no-migrate"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return env


def openpyxl_read(path: Path) -> float:
    import openpyxl

    start = time.perf_counter()
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for ws in workbook.worksheets:
        for _row in ws.iter_rows(values_only=True):
            pass
    workbook.close()
    return time.perf_counter() - start


def timed_child(args, env) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode:
        print(done.stdout[-2000:], done.stderr[-2000:])
        raise SystemExit(f"failed: {' '.join(map(str, args))}")
    return elapsed, max(peak, before) / 1024, done.stdout


PLAIN = r'''
import sys, django
django.setup()
import openpyxl, tablib
from import_export import fields, resources, widgets
from registers.models import Project
from snippets.models import Domain, Unit

class PlainProjectResource(resources.ModelResource):
    name = fields.Field(attribute="name", column_name="项目名称")
    domain = fields.Field(attribute="domain", column_name="领域", widget=widgets.ForeignKeyWidget(Domain, field="name"))
    responsible_unit = fields.Field(attribute="responsible_unit", column_name="责任单位",
                                    widget=widgets.ForeignKeyWidget(Unit, field="short_name"))
    total_investment = fields.Field(attribute="total_investment", column_name="总投资", widget=widgets.DecimalWidget())
    start_year = fields.Field(attribute="start_year", column_name="开工年份")
    end_year = fields.Field(attribute="end_year", column_name="完工年份")
    owner_name = fields.Field(attribute="owner_name", column_name="项目业主")
    class Meta:
        model = Project
        fields = ("name", "domain", "responsible_unit", "total_investment", "start_year", "end_year", "owner_name")
        import_id_fields = ("name",)

units = {u.short_name for u in Unit.objects.all()}
rows, domain = [], None
for r in openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True).active.iter_rows(min_row=5, values_only=True):
    first = str(r[0] or "")
    if "、" in first[:3]:
        domain = first.split("、")[1].split("项目")[0]; continue
    if not isinstance(r[0], int) or not r[1]:
        continue
    years = str(r[5]).split("-")
    unit = r[13] if r[13] in units else "县发改委"
    rows.append((r[1], domain, unit, r[6], years[0], years[-1], r[12]))
data = tablib.Dataset(*rows, headers=["项目名称", "领域", "责任单位", "总投资", "开工年份", "完工年份", "项目业主"])
result = PlainProjectResource().import_data(data, dry_run=False, raise_errors=True)
print(len(rows), Project.objects.count())
'''


def main():
    parser = argparse.ArgumentParser(description="Benchmark of import_sheet on a large sheet.")
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--database-url", help="database to benchmark on (flushed!); default: a fresh SQLite file")
    args = parser.parse_args()
    path, url = args.file, args.database_url
    print(f"database: {url.split('@')[-1] if url else 'fresh SQLite'}")
    floor = openpyxl_read(path)
    print(f"openpyxl read-only read:        {floor:6.2f} s")

    env = fresh_env(url)
    elapsed, peak, out = timed_child([PY, "manage.py", "import_sheet", "projects", str(path)], env)
    print(f"import_sheet (whole command):   {elapsed:6.2f} s   peak RSS {peak:7.1f} MB")
    print("   ", out.splitlines()[0])
    again, _peak, out2 = timed_child([PY, "manage.py", "import_sheet", "projects", str(path)], env)
    print(f"import_sheet again (unchanged): {again:6.2f} s   ->", out2.splitlines()[0][-30:])

    env = fresh_env(url)
    plain, plain_peak, out3 = timed_child([PY, "-c", PLAIN, str(path)], env)
    print(f"plain ModelResource row by row: {plain:6.2f} s   peak RSS {plain_peak:7.1f} MB   ({out3.strip()})")

    print(f"ratio import / openpyxl:        {elapsed / floor:6.2f}x  (target <= 6x)")
    print(f"ratio import / plain resource:  {elapsed / plain:6.2f}x  (target < 1)")
    print(f"targets: <=30 s {'OK' if elapsed <= 30 else 'MISSED'}, <=6x {'OK' if elapsed <= 6 * floor else 'MISSED'}, "
          f"<=1 GB {'OK' if peak <= 1024 else 'MISSED'}, faster than plain {'OK' if elapsed < plain else 'MISSED'}")


if __name__ == "__main__":
    main()
