"""An unchanged re-import of a project sheet writes nothing — no row, no revision — in a number of
queries that does not grow with the sheet; and the shortcuts that make it cheap give what the
general code gives: the plain-cell reader what openpyxl's parser reads, the quick field tests never
a pass where the model's ``clean`` refuses."""

import importlib.util
import random
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Revision

import pytest

from registers.imports.fields import _PLAN_FIELDS, _PROGRESS_FIELDS, _PROJECT_FIELDS
from registers.imports.pipeline import run_import
from registers.models import AnnualPlan, MonthlyProgress, Project
from registers.sheets import reading
from tests.import_helpers import raw_xlsx

ROOT = Path(__file__).resolve().parents[1]


def _sheet_writer():
    spec = importlib.util.spec_from_file_location("make_large_sheet", ROOT / "bench" / "make_large_sheet.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_sheet


def _state():
    return (sorted(Project.objects.values_list("id", "name", "updated_at", "total_investment")),
            sorted(AnnualPlan.objects.values_list("id", "planned_investment", "prior_cumulative")),
            sorted(MonthlyProgress.objects.values_list("id", "completed_ytd", "status", "updated_at")),
            Revision.objects.count())


def _reimport_queries(path) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        result = run_import("projects", path)
    return len(ctx.captured_queries), result


@pytest.mark.django_db
def test_an_unchanged_reimport_writes_nothing_in_a_fixed_number_of_queries(tmp_path):
    write_sheet = _sheet_writer()
    counts = {}
    for rows in (20, 200):
        path = tmp_path / f"sheet_{rows}.xlsx"
        write_sheet(path, rows=rows, seed=rows)
        first = run_import("projects", path)
        assert first.written and not first.errors
        before = _state()
        queries, again = _reimport_queries(path)
        assert not again.errors
        assert {row.status for row in again.rows} == {"unchanged"}
        assert again.counts["projects_updated"] == again.counts["plans_updated"] == 0
        assert again.counts["progress_created"] == again.counts["progress_updated"] == again.counts["revisions"] == 0
        assert [str(w) for w in again.warnings] == [str(w) for w in first.warnings]
        assert _state() == before  # no row touched (updated_at kept), no revision
        counts[rows] = queries
    assert counts[20] == counts[200], counts


def _both(path, monkeypatch):
    fast = reading.read_book(path, max_mb=50)
    monkeypatch.setattr(reading, "fast_rows", lambda *args: False)
    slow = reading.read_book(path, max_mb=50)
    return [s.rows for s in fast], [s.rows for s in slow]


def test_plain_cells_read_as_openpyxl_reads_them(tmp_path, monkeypatch):
    """Rows the one-pass reader takes (plain cells only) beside rows it leaves to the general path
    (a formula, rich text, a leading-zero style, whitespace between cells)."""
    rows = ('<row r="1"><c r="A1" t="inlineStr"/><c r="B1" t="inlineStr"><is><t></t></is></c>'
            '<c r="C1" t="inlineStr"><v>7</v></c><c r="D1" t="n" /><c r="E1"><v></v></c>'
            '<c r="F1" t="inlineStr"><is><t>甲&amp;乙&#x4E2D;</t></is></c><c r="AB1"><v>1.5E3</v></c></row>'
            '<row r="2"><c r="A2" s="0"><v>12</v></c><c r="B2" t="b"><v>0</v></c><c r="C2" t="e"><v>#N/A</v></c>'
            '<c r="D2" t="str"><v>文本</v></c><c r="E2" t="n"><v>-3</v></c></row>'
            '<row r="3"><c r="A3" t="str"><f>B3</f><v>公式</v></c><c r="B3" s="07"><v>2</v></c></row>'
            '<row r="4"> <c r="A4"><v>4</v></c> </row>'
            '<row r="6"><c r="B6" t="inlineStr"><is><t xml:space="preserve"> 空格 </t></is></c></row>')
    path = raw_xlsx(tmp_path / "plain.xlsx", rows)
    fast, slow = _both(path, monkeypatch)
    assert fast == slow
    assert fast[0][0][:6] == (None, "", None, None, None, "甲&乙中")
    assert fast[0][0][27] == 1500.0


def test_quick_field_tests_never_pass_what_clean_refuses():
    values = [None, "", " ", "新建", "new", "preliminary", "verified", "x" * 20, "x" * 21, "x" * 60, "x" * 61,
              "x" * 200, "x" * 201, 0, 1, -1, 1899, 2022, 2101, 32767, 32768, True, False, 1.5, 2022.0,
              Decimal("0"), Decimal("0.00"), Decimal("-0.01"), Decimal("0.001"), Decimal("1.500"),
              Decimal("999999999999.99"), Decimal("1000000000000"), Decimal("1E+3"), Decimal("NaN"),
              Decimal("Infinity"), Decimal("-0"), Decimal("12.5")]
    rng = random.Random(14)
    values += [Decimal(rng.randrange(-10**15, 10**15)).scaleb(-rng.randrange(0, 4)) for _ in range(200)]
    checked = 0
    for rules in (_PROJECT_FIELDS, _PLAN_FIELDS, _PROGRESS_FIELDS):
        for name, field in rules.fields.items():
            test = rules.quick[name]
            if test is None:
                continue
            for value in values:
                if test(value):
                    checked += 1
                    try:
                        field.clean(value, None)
                    except ValidationError as exc:  # pragma: no cover - the failure this test is for
                        pytest.fail(f"{rules.model_path}.{name}: quick test passed {value!r}, clean says {exc}")
    assert checked > 100
