"""Benchmark of ``manage.py import_sheet projects FILE`` against its floor (prints figures; not a test).

    .venv/bin/python bench/bench_import.py [FILE] [--runs N] [--database-url URL | --both]
                                           [--pg-server URL] [--with-resource]

FILE defaults to a 20,000-row sheet written by ``bench/make_large_sheet.py`` into the run's
temporary folder. The database is a fresh SQLite file by default; ``--database-url`` benchmarks on
the PostgreSQL database given (its public schema is DROPPED and re-created every round); ``--both`` runs on SQLite,
then on a PostgreSQL database ``pb_bench_<pid>`` of its own on ``--pg-server``, created from a
migrated, bootstrapped template each round and dropped at the end.

Every figure is a whole child process — start-up, read, validate, write — under
``cms.settings.dev`` with DEBUG=0, with its own wall time, CPU time (user + sys) and peak RSS
(``os.wait4`` of that child alone; this parent stays small and never loads the workbook, since a
child's peak starts from its parent's RSS at spawn). Per round, on a fresh database (migrated and
bootstrapped before, untimed):
  * floor:     ``python -c``: openpyxl ``load_workbook(read_only=True, data_only=True)``, every row
               of every sheet with ``values_only=True``;
  * import:    ``manage.py import_sheet projects FILE`` on the empty register;
  * re-import: the same command again on the now-filled register (nothing changes).
The order alternates between rounds (floor first, then floor last) so that a drift in the load
of the machine weighs on both sides. Both sides start as an installed program does, from compiled
bytecode: the children write and read it in a folder of the run (``PYTHONPYCACHEPREFIX``, whatever
the caller's ``PYTHONDONTWRITEBYTECODE``), filled by the untimed steps and one untimed warm-up of
each side before the rounds — without it every child compiles each module it imports, some 1,500
for the command (Django, Wagtail and the project) against some 250 for openpyxl, a cost no deployed
server pays at each command (``--no-bytecode-cache`` measures that way, and says so). Medians over
the rounds give the ratios on wall and on CPU time; a verdict is "yes" only when both meet the
target (wall time swings with the machine's load, printed per round; CPU time leaves out the work
of a PostgreSQL server).
Targets (issue 14): import ≤ 4× floor, unchanged re-import ≤ 1.5× floor, SQLite and PostgreSQL.

``--with-resource`` also times django-import-export's plain row-by-row ``ModelResource`` for Project
(domain and responsible unit by name) on the first 2,000 data rows, as a child process on a fresh
database, and prints its per-row cost extrapolated to the file's rows (a lower bound: its lookup
by name grows with the table) — the figure ``registers/imports/writer.py`` cites.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
MANAGE = [PY, "manage.py"]
IMPORT_TARGET, REIMPORT_TARGET = 4.0, 1.5
RESOURCE_ROWS = 2000
# Variables of the caller's shell that would point a child elsewhere than the run's own folders.
SCRUBBED = ("DATABASE_URL", "DEBUG", "DJANGO_SETTINGS_MODULE", "VAR_DIR", "MEDIA_ROOT", "STATIC_ROOT",
            "HUEY_IMMEDIATE", "REDIS_URL", "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")
# The children's bytecode folder (``run_all`` sets it inside the run's temporary folder); None: none
# is written or read (``--no-bytecode-cache``).
BYTECODE: Path | None = None

FLOOR = r"""
import sys
import openpyxl
workbook = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
rows = 0
for sheet in workbook.worksheets:
    for _row in sheet.iter_rows(values_only=True):
        rows += 1
workbook.close()
print(rows)
"""

RESOURCE = r'''
import sys, time, django
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

limit = int(sys.argv[2])
units = {u.short_name for u in Unit.objects.all()}
rows, domain = [], None
workbook = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
for r in workbook.active.iter_rows(min_row=5, values_only=True):
    first = str(r[0] or "") if r else ""
    if "、" in first[:3]:
        domain = first.split("、")[1].split("项目")[0]
        continue
    if not r or not isinstance(r[0], int) or not r[1]:
        continue
    years = str(r[5]).split("-")
    unit = r[13] if r[13] in units else "县发改委"
    rows.append((r[1], domain, unit, r[6] or 0, years[0], years[-1], r[12] or ""))
    if len(rows) >= limit:
        break
workbook.close()
data = tablib.Dataset(*rows, headers=["项目名称", "领域", "责任单位", "总投资", "开工年份", "完工年份", "项目业主"])
start = time.perf_counter()
PlainProjectResource().import_data(data, dry_run=False, raise_errors=True)
print(len(rows), Project.objects.count(), time.perf_counter() - start)
'''


@dataclass
class Run:
    wall: float  # s
    cpu: float  # s, user + sys of the child alone
    peak: float  # MB, the child's own maximum resident set
    out: str


class Bench:
    """The run's temporary folder, its child processes and their logs."""

    def __init__(self, root: Path):
        self.root = root
        self.logs = root / "logs"
        self.logs.mkdir()
        self.count = 0

    def child(self, args: list[str], env: dict, label: str) -> Run:
        """Run one child with stdout/stderr to files and measure it alone with ``os.wait4``."""
        self.count += 1
        out_path, err_path = (self.logs / f"{self.count:03d}-{label}.{ext}" for ext in ("out", "err"))
        with out_path.open("w") as out, err_path.open("w") as err:
            start = time.perf_counter()
            process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=err)
            _pid, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait again
        text = out_path.read_text("utf-8", "replace")
        if process.returncode:
            print(text[-2000:], err_path.read_text("utf-8", "replace")[-3000:], sep="\n")
            raise SystemExit(f"failed ({process.returncode}): {' '.join(map(str, args))}")
        return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text)

    def setup(self, args: list[str], env: dict, label: str) -> str:
        """An untimed step (resetting a database, migrate and bootstrap, generating the sheet)."""
        return self.child(args, env, label).out


def child_env(var_dir: Path, database_url: str | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.dev", DEBUG="0", VAR_DIR=str(var_dir), PYTHONUNBUFFERED="1")
    if BYTECODE is not None:
        env["PYTHONPYCACHEPREFIX"] = str(BYTECODE)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"  # and a folder of the run's own, so none is read either
        env["PYTHONPYCACHEPREFIX"] = str(var_dir / "no-bytecode")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


# Databases: each gives a fresh, migrated and bootstrapped database per round ------------------------


class SqliteDatabase:
    """A template migrated and bootstrapped once; each round a copy of it in a new VAR_DIR."""

    label = "SQLite (a fresh copy of a migrated, bootstrapped database each round)"

    def __init__(self, bench: Bench):
        self.bench, self.folder, self.rounds = bench, bench.root / "sqlite", 0
        self.template = self.folder / "template"

    def start(self) -> None:
        self.bench.setup([*MANAGE, "bootstrap"], child_env(self.template), "sqlite-bootstrap")

    def fresh(self) -> dict:
        shutil.rmtree(self.folder / f"round-{self.rounds}", ignore_errors=True)  # the last round's
        self.rounds += 1
        var_dir = self.folder / f"round-{self.rounds}"
        var_dir.mkdir(parents=True)
        for name in ("db.sqlite3", "db.sqlite3-wal", "db.sqlite3-shm"):
            if (self.template / name).exists():
                shutil.copy2(self.template / name, var_dir / name)
        return child_env(var_dir)

    def close(self) -> None:
        pass


class GivenDatabase:
    """A PostgreSQL database named by ``--database-url``: each round its ``public`` schema is dropped
    and re-created, then migrated and bootstrapped (``flush`` would also delete Wagtail's root page,
    which only a migration creates)."""

    def __init__(self, bench: Bench, url: str):
        self.bench, self.url = bench, url
        self.label = (f"{urlsplit(url).hostname or ''}/{urlsplit(url).path.lstrip('/')} "
                      "(given: schema re-created each round)")
        self.env = child_env(bench.root / "given", url)

    def start(self) -> None:
        pass

    def fresh(self) -> dict:
        reset = "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;"
        self.bench.setup(["psql", "--quiet", "--no-psqlrc", "--set=ON_ERROR_STOP=1", "--command", reset, self.url],
                         self.env, "reset")
        self.bench.setup([*MANAGE, "bootstrap"], self.env, "bootstrap")
        return self.env

    def close(self) -> None:
        pass


class OwnPostgres:
    """``pb_bench_<pid>`` on a PostgreSQL server: each round re-created from a bootstrapped template."""

    def __init__(self, bench: Bench, server: str):
        parts = urlsplit(server)
        self.bench, self.name, self.template = bench, f"pb_bench_{os.getpid()}", f"pb_bench_{os.getpid()}_template"
        self.label = (f"PostgreSQL {parts.hostname}:{parts.port or 5432}/{self.name} "
                      "(re-created from a template each round)")
        self.client = [f"--host={parts.hostname or '127.0.0.1'}", f"--port={parts.port or 5432}",
                       f"--username={parts.username or 'postgres'}"]
        self.client_env = dict(os.environ, **({"PGPASSWORD": parts.password} if parts.password else {}))
        self.parts = parts
        self.env = child_env(bench.root / "postgres", self.url(self.name))
        self.created: list[str] = []

    def url(self, name: str) -> str:
        return urlunsplit(self.parts._replace(path=f"/{name}"))

    def start(self) -> None:
        self._createdb(self.template)
        template_env = child_env(self.bench.root / "postgres", self.url(self.template))
        self.bench.setup([*MANAGE, "bootstrap"], template_env, "pg-bootstrap")

    def _createdb(self, name: str, *extra: str) -> None:
        subprocess.run(["createdb", *self.client, *extra, name], env=self.client_env, check=True)
        self.created.append(name)

    def _dropdb(self, name: str) -> None:
        subprocess.run(["dropdb", *self.client, "--if-exists", name], env=self.client_env, check=True)
        if name in self.created:
            self.created.remove(name)

    def fresh(self) -> dict:
        if self.name in self.created:
            self._dropdb(self.name)
        self._createdb(self.name, f"--template={self.template}")
        return self.env

    def close(self) -> None:
        for name in [self.name, self.template]:
            if name in self.created:
                self._dropdb(name)


# The measurements -------------------------------------------------------------------------------


def one_round(bench: Bench, database, path: Path, number: int) -> dict[str, Run]:
    """Floor, import and re-import on a fresh database; the floor first in odd rounds, last in even."""
    env = database.fresh()
    print(f"  round {number}: load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    runs: dict[str, Run] = {}
    order = ["floor", "import", "re-import"] if number % 2 else ["import", "re-import", "floor"]
    for side in order:
        if side == "floor":
            runs[side] = bench.child([PY, "-c", FLOOR, str(path)], env, "floor")
        else:
            runs[side] = bench.child([*MANAGE, "import_sheet", "projects", str(path)], env, side)
    for side, run in runs.items():
        print(f"  round {number} {side:<9}  wall {run.wall:7.2f} s   cpu {run.cpu:7.2f} s   peak {run.peak:7.1f} MB"
              f"   {first_line(run.out)}")
    return runs


def first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= 90 else line[:90] + "…"


def check_outcome(runs: dict[str, Run]) -> None:
    """The import must add every row and the re-import change none: else the figures mean nothing."""
    imported, again = first_line(runs["import"].out), first_line(runs["re-import"].out)
    if "错误0" not in imported or "更新0" not in again or "新增0" not in again:
        raise SystemExit(f"unexpected outcome:\n  {imported}\n  {again}")


def warm_up(bench: Bench, database, path: Path) -> None:
    """One untimed run of each side (the import as a dry run), so that the rounds start from the
    bytecode they write, as every later command of an installed program does."""
    env = database.fresh()
    bench.setup([PY, "-c", FLOOR, str(path)], env, "warm-floor")
    bench.setup([*MANAGE, "import_sheet", "projects", str(path), "--dry-run"], env, "warm-import")


def measure(bench: Bench, database, path: Path, rounds: int) -> dict[str, list[Run]]:
    print(f"\n== {database.label}")
    if BYTECODE is not None:
        warm_up(bench, database, path)
    results: dict[str, list[Run]] = {"floor": [], "import": [], "re-import": []}
    for number in range(1, rounds + 1):
        runs = one_round(bench, database, path, number)
        check_outcome(runs)
        for side, run in runs.items():
            results[side].append(run)
    return results


def report(results: dict[str, list[Run]]) -> dict[str, bool]:
    """Medians, ratios on wall and CPU time, and the verdicts (on wall time)."""
    med = {side: Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
                     statistics.median(r.peak for r in runs), "") for side, runs in results.items()}
    rounds = len(results["floor"])
    print(f"  medians of {rounds} round{'s' if rounds > 1 else ''}:")
    for side, run in med.items():
        print(f"    {side:<9}  wall {run.wall:7.2f} s   cpu {run.cpu:7.2f} s   peak {run.peak:7.1f} MB")
    floor = med["floor"]
    verdicts, lines = {}, []
    for side, target in (("import", IMPORT_TARGET), ("re-import", REIMPORT_TARGET)):
        wall, cpu = med[side].wall / floor.wall, med[side].cpu / floor.cpu
        print(f"  ratio {side}/floor:  wall {wall:5.2f}x   cpu {cpu:5.2f}x   (target ≤ {target:g}x)")
        verdicts[side] = wall <= target and cpu <= target
        lines.append(f"  {side} ≤ {target:g}× floor: {'yes' if verdicts[side] else 'no'}   "
                     f"(wall {'yes' if wall <= target else 'no'}, cpu {'yes' if cpu <= target else 'no'})")
    print(*lines, sep="\n")
    return verdicts


def plain_resource(bench: Bench, database, path: Path, file_rows: int) -> None:
    """django-import-export's row-by-row ModelResource on the first rows, extrapolated."""
    run = bench.child([PY, "-c", RESOURCE, str(path), str(RESOURCE_ROWS)], database.fresh(), "resource")
    rows, saved, seconds = run.out.split()[-3:]
    rows, per_row = int(rows), float(seconds) / int(rows)
    print(f"  plain ModelResource, first {rows} rows ({saved} saved): whole process wall {run.wall:.2f} s, "
          f"cpu {run.cpu:.2f} s, peak {run.peak:.1f} MB; "
          f"import_data {float(seconds):.2f} s = {per_row * 1000:.1f} ms/row")
    print(f"  extrapolated to {file_rows} rows: ≥ {per_row * file_rows:.0f} s (linear; its lookup by name grows "
          f"with the table)")


def file_rows(results: dict[str, list[Run]]) -> int:
    match = re.search(r"共(\d+)行", results["import"][0].out)
    return int(match.group(1)) if match else 20_000


def prepare_file(bench: Bench, given: Path | None) -> Path:
    if given is not None:
        return given.resolve()
    path = bench.root / "large_20000_rows.xlsx"
    bench.setup([PY, str(ROOT / "bench" / "make_large_sheet.py"), str(path)], child_env(bench.root / "gen"), "generate")
    return path


def databases(bench: Bench, args):
    """The databases to run on, created one after the other (each dropped by its ``close``)."""
    if args.both:
        yield lambda: SqliteDatabase(bench)
        yield lambda: OwnPostgres(bench, args.pg_server)
    elif args.database_url:
        yield lambda: GivenDatabase(bench, args.database_url)
    else:
        yield lambda: SqliteDatabase(bench)


def run_all(bench: Bench, args) -> list[tuple[str, dict[str, bool]]]:
    global BYTECODE
    BYTECODE = None if args.no_bytecode_cache else bench.root / "bytecode"
    path = prepare_file(bench, args.file)
    size = path.stat().st_size / 2**20
    print(f"file: {path.name} ({size:.1f} MB){'' if args.file else ', generated by bench/make_large_sheet.py'}")
    print(f"settings: cms.settings.dev, DEBUG=0; {args.runs} round(s); parent's peak RSS so far "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MB (every child's peak includes it)")
    print("bytecode: " + ("none (every child compiles what it imports)" if BYTECODE is None else
                          "compiled once into the run's folder, by untimed steps and warm-ups"))
    verdicts = []
    for make in databases(bench, args):
        database = make()
        try:
            database.start()
            results = measure(bench, database, path, args.runs)
            verdicts.append((database.label.split(" (")[0], report(results)))
            if args.with_resource:
                plain_resource(bench, database, path, file_rows(results))
        finally:
            database.close()
    return verdicts


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark of import_sheet against openpyxl's read-only read.")
    parser.add_argument("file", nargs="?", type=Path, help="sheet to import (default: a generated 20,000-row sheet)")
    parser.add_argument("--runs", type=int, default=3, help="paired rounds (default 3); medians are reported")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--database-url",
                       help="a PostgreSQL database to run on (its public schema is DROPPED each round!); "
                            "default: SQLite")
    where.add_argument("--both", action="store_true", help="SQLite, then a PostgreSQL database of its own")
    parser.add_argument("--pg-server", default="postgres://postgres@127.0.0.1:5432/postgres",
                        help="server for --both (its database name is ignored)")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="children neither read nor write compiled bytecode (each compiles what it imports)")
    parser.add_argument("--with-resource", action="store_true",
                        help=f"also time a plain ModelResource on the first {RESOURCE_ROWS} rows")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="pb-bench-"))
    try:
        verdicts = run_all(Bench(root), args)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if len(verdicts) > 1:
        print("\n== verdicts")
        for label, verdict in verdicts:
            print(f"  {label}: " + ", ".join(f"{side} {'yes' if ok else 'no'}" for side, ok in verdict.items()))


if __name__ == "__main__":
    main()
