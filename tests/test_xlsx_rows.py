"""The fast worksheet reader gives exactly openpyxl's values, on every sample and on sheets with
every kind of cell (shared and inline strings, numbers, dates, booleans, formulas' cached values,
escapes), and hands what it does not read to openpyxl."""

import datetime
from pathlib import Path

import openpyxl
import pytest

from registers.sheets import reading
from tests.import_helpers import SAMPLES, raw_xlsx, write_xlsx


def _both(path, monkeypatch):
    fast = reading.read_book(path, max_mb=50)
    monkeypatch.setattr(reading, "fast_rows", lambda *args: False)
    slow = reading.read_book(path, max_mb=50)
    return fast, slow


def _samples():
    return sorted(p for p in SAMPLES.rglob("*.xlsx")) if SAMPLES.exists() else []


@pytest.mark.parametrize("path", _samples(), ids=lambda p: p.name)
def test_every_sample_reads_as_openpyxl_reads_it(path, monkeypatch, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 50
    try:
        fast, slow = _both(path, monkeypatch)
    except reading.BadFile as exc:
        pytest.skip(f"refused either way: {exc.message}")
    assert [(s.name, s.rows) for s in fast] == [(s.name, s.rows) for s in slow]


def test_every_kind_of_cell(tmp_path, monkeypatch):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["文本 & <符号>", 12, 3.5, 1e-7, True, False, None, "  前后空格  "])
    ws.append([datetime.datetime(2024, 5, 31, 8, 30), datetime.date(2022, 1, 1), "换行\n第二行", "'0123"])
    ws["D5"] = "跳过的行"
    path = tmp_path / "kinds.xlsx"
    book.save(path)
    fast, slow = _both(path, monkeypatch)
    assert fast[0].rows == slow[0].rows
    assert fast[0].rows[0][:6] == ("文本 & <符号>", 12, 3.5, 1e-7, True, False)


def test_inline_strings_entities_and_cells_without_references(tmp_path, monkeypatch):
    rows = ('<row r="1"><c t="inlineStr"><is><t>甲&amp;乙</t></is></c><c t="inlineStr"><is><r><t>富</t></r>'
            '<r><t xml:space="preserve">文本 </t></r><rPh sb="0" eb="1"><t>fu</t></rPh></is></c><c><v>7</v></c></row>'
            '<row r="3"><c r="C3" t="str"><f>A1</f><v>&#x4E2D;&#25991;</v></c><c r="E3" t="e"><v>#N/A</v></c></row>'
            '<row r="4"><c t="b"><v>1</v></c></row>')
    path = raw_xlsx(tmp_path / "inline.xlsx", rows)
    fast, slow = _both(path, monkeypatch)
    assert fast[0].rows == slow[0].rows
    assert fast[0].rows == [("甲&乙", "富文本 ", 7), (), (None, None, "中文", None, "#N/A"), (True,)]


def test_a_part_it_does_not_read_goes_to_openpyxl(tmp_path, monkeypatch):
    path = raw_xlsx(tmp_path / "cdata.xlsx", '<row r="1"><c t="inlineStr"><is><t><![CDATA[a<b]]></t></is></c></row>')
    calls = []
    original = reading._parse_rows
    monkeypatch.setattr(reading, "_parse_rows", lambda *a: calls.append(1) or original(*a))
    assert reading.read_book(path)[0].rows == [("a<b",)]
    assert calls == [1]


def test_generated_sheet_round(tmp_path, monkeypatch):
    rows = [["序号", "项目名称", "总投资"], *[[n, f"项目{n}", n * 1.5] for n in range(1, 300)]]
    path = write_xlsx(tmp_path / "many.xlsx", {"表1": rows, "表2": rows[:5]})
    fast, slow = _both(Path(path), monkeypatch)
    assert [s.rows for s in fast] == [s.rows for s in slow]
