"""Crafted spreadsheets against ``manage.py import_sheet --dry-run``: each one is refused, and
how long and how much memory that took (prints figures; not a test).

    .venv/bin/python bench/bench_crafted.py

The corpus is built here at full size (the tests build the same kinds small): a cell in column
XFD on each of 30,000 rows; 1.2 GB of whitespace in a ~1 MB zip; a 1e308 money cell; a sheet of
headers with no rows. Each import is a whole child process on a fresh SQLite database; its own
peak RSS is read with ``os.wait4``. Targets: refused, under 5 s and under 300 MB each.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PY = sys.executable
HEADER = ["序号", "项目类别", "项目名称", "建设性质", "建设地点", "总投资", "年度计划投资", "责任单位"]


def corpus(folder: Path) -> dict[str, Path]:
    from tests.import_helpers import raw_xlsx, write_xlsx

    wide = "".join(f'<row r="{n}"><c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c></row>' for n in range(1, 30_001))
    return {
        "XFD on 30,000 rows": raw_xlsx(folder / "wide.xlsx", wide),
        "1.2 GB whitespace": raw_xlsx(folder / "bomb.xlsx", '<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t>'
                                       '</is></c></row>', padding=1_200 * 1024 * 1024),
        "1e308 money cell": write_xlsx(folder / "huge.xlsx", {"表1": [
            HEADER, [1, "工业", "项目甲", "新建", "东山镇", 1e308, 10, "县发改委"]]}),
        "headers, no rows": write_xlsx(folder / "empty.xlsx", {"表1": [HEADER]}),
    }


def run(path: Path, env: dict, folder: Path) -> tuple[float, float, int, str]:
    """Wall time, the child's own peak RSS (MB), exit code and last line of output."""
    log = folder / "out.txt"
    start = time.perf_counter()
    with open(log, "w") as out:
        child = subprocess.Popen([PY, "manage.py", "import_sheet", "projects", str(path), "--year", "2026",
                                  "--dry-run"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(child.pid, 0)  # reaps it: its rusage alone, no one else's
    elapsed = time.perf_counter() - start
    lines = [line.strip() for line in log.read_text().splitlines() if line.strip().startswith("错误")] or [""]
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), lines[0][:150]


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="pb-crafted-"))
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="cms.settings.dev", DEBUG="0", VAR_DIR=str(folder / "var"))
    env.pop("DATABASE_URL", None)
    try:
        subprocess.run([PY, "manage.py", "bootstrap"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        failures = 0
        for name, path in corpus(folder).items():
            elapsed, peak, code, message = run(path, env, folder)
            ok = code != 0 and elapsed < 5 and peak < 300
            failures += not ok
            print(f"{name:22} {path.stat().st_size / 1024:9.0f} KB  {elapsed:5.2f} s  {peak:6.0f} MB  "
                  f"exit {code}  {'ok' if ok else 'FAIL'}  {message}")
        return 1 if failures else 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
