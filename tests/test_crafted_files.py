"""Crafted spreadsheets are refused with one clear Chinese message, before they cost memory."""

import pytest

from registers.imports.pipeline import run_import
from registers.models import Project
from tests.import_helpers import raw_xlsx, write_xlsx

pytestmark = pytest.mark.django_db

HEADER = ["序号", "项目名称", "建设性质", "建设地点", "总投资", "年度计划投资", "责任单位"]

def _only_error(result) -> str:
    assert not result.written
    assert len(result.errors) == 1, [str(e) for e in result.errors]
    assert not Project.objects.exists()
    return str(result.errors[0])


def test_a_cell_far_right_on_every_row_is_refused_at_the_first_row(tmp_path):
    rows = "".join(f'<row r="{n}"><c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c></row>'
                   for n in range(1, 30_001))
    message = _only_error(run_import("projects", raw_xlsx(tmp_path / "wide.xlsx", rows)))
    assert "第1行XFD列有内容" in message
    assert "超过导入上限200列" in message


def test_whitespace_inflating_past_the_limit_is_refused_before_reading(tmp_path, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_MB = 1
    path = raw_xlsx(tmp_path / "bomb.xlsx", '<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c></row>',
                     padding=3 * 1024 * 1024)
    assert path.stat().st_size < 50_000
    message = _only_error(run_import("projects", path))
    assert "解压后达 3 MB，超过导入上限 1 MB" in message


def test_a_row_past_the_row_limit_is_refused(tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 50
    rows = [HEADER] + [[n, f"项目{n}", "新建", "东山镇", 100, 10, "县发改委"] for n in range(1, 60)]
    message = _only_error(run_import("projects", write_xlsx(tmp_path / "long.xlsx", {"表1": rows})))
    assert "工作表“表1”第51行有内容：超过导入上限50行" in message


def test_a_wide_csv_is_refused_naming_the_row_and_column(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("序号,项目名称\n1,项目甲" + "," * 300 + "x\n", encoding="utf-8")
    message = _only_error(run_import("projects", path))
    assert "第2行KP列有内容" in message


@pytest.mark.parametrize("value", [1e308, 10**13, "9" * 15])
def test_an_out_of_range_amount_is_an_error_naming_the_cell(tmp_path, value):
    rows = [[*HEADER, "项目类别"], [1, "项目甲", "新建", "东山镇", value, 10, "县发改委", "工业"]]
    result = run_import("projects", write_xlsx(tmp_path / "big.xlsx", {"表1": rows}), year=2026)
    errors = [e for e in result.errors if e.code == "bad_number"]
    assert len(errors) == 1
    assert errors[0].row == 2
    assert errors[0].column == "E列 总投资"
    assert "超出金额范围" in errors[0].reason
    assert not result.written
    assert not Project.objects.exists()


def test_headers_without_rows_say_the_file_holds_no_data(tmp_path):
    message = _only_error(run_import("projects", write_xlsx(tmp_path / "empty.xlsx", {"表1": [HEADER]})))
    assert message == "文件无数据：表头（工作表“表1”第1行）之下没有任何数据行。"
