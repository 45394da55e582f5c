"""The reader knows the layout, not the sample files: money cells, headers, sections, footnotes."""

from decimal import Decimal

import pytest

from registers.sheets import BadFile, parse_book, parse_money, read_book
from tests.import_helpers import write_xlsx

DOMAINS = ["工业", "农业", "服务业", "重大基础设施", "新基建", "公共服务"]


@pytest.mark.parametrize(("raw", "factor", "expected"), [
    (9839, 1, "9839.00"), ("9,839", 1, "9839.00"), ("１４２", 1, "142.00"), ("1.2亿", 1, "12000.00"),
    ("1300万", 1, "1300.00"), (" 4520 ", 1, "4520.00"), (1.2, 10000, "12000.00"), ("35000000元", 1, "3500.00"),
    ("2.5", Decimal("10000"), "25000.00"), (123456, Decimal("0.0001"), "12.35"), ("-350", 1, "-350.00"),
])
def test_money_cells_read_into_wan(raw, factor, expected):
    assert parse_money(raw, Decimal(factor)) == Decimal(expected)


@pytest.mark.parametrize("raw", [None, "", "  ", "-"])
def test_blank_money_is_none(raw):
    assert parse_money(raw) is None


@pytest.mark.parametrize("raw", ["=SUM(G6:G15)", "约一千万", "12a"])
def test_text_that_is_no_amount_is_refused(raw):
    with pytest.raises(ValueError, match="金额"):
        parse_money(raw)


def test_single_row_header_yi_unit_and_code_column(tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", {"Sheet1": [
        ["某县2023年重大项目计划表"],
        [None, None, "金额单位：亿元"],
        ["序 号", "项目编码", "项目名称（全称）".replace("（全称）", ""), "所属领域", "总投资（亿元）",
         "2023年计划投资"],
        [1, "P-001", "项目甲", "工业", 1.5, "0.3"],
        ["合计", None, None, None, 1.5, 0.3],
        ["填报人：张三", None, None, None, None, None],
    ]})
    book = parse_book(read_book(path), "projects", "x.xlsx", DOMAINS)
    sheet = book.sheets[0]
    assert sheet.unit == "亿元" and sheet.header_rows == [3] and book.year == 2023
    assert set(sheet.columns) >= {"seq", "code", "name", "domain", "total_investment", "annual_plan"}
    [row] = sheet.data_rows
    assert row.number == 4
    assert sheet.money(row, "total_investment") == Decimal("15000.00")
    assert sheet.money(row, "annual_plan") == Decimal("3000.00")
    assert [r.kind for r in sheet.rows] == ["data", "total"]
    assert sheet.reporter_name == "张三"
    assert not [i for i in sheet.issues if i.code == "subtotal_mismatch"]


def test_sections_subtotal_mismatch_is_a_warning_and_footnotes_are_skipped(tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", {"调度表": [
        ["上犹县2022年重大项目表（截至3月底）"], ["单位：万元"],
        ["序号", "项目名称", "总投资", "2022年投资计划及完成情况", None],
        [None, None, None, "年度计划投资", "1-3月完成投资"],
        ["一、农业项目（2个）", None, 300, 100, 10],
        [1, "甲", 100, 50, 5], [2, "乙", 150, 50, 5],
        [None, None, None, None, None],
        ["（二）新基建项目", None, 10, 10, 1], [1, "丙", 10, 10, 1],
        ["注：本表金额单位为万元"],
    ]})
    sheet = parse_book(read_book(path), "projects", "s.xlsx", DOMAINS).sheets[0]
    assert sheet.month == 3 and sheet.year == 2022
    assert [(r.kind, r.domain) for r in sheet.rows] == [
        ("section", "农业"), ("data", "农业"), ("data", "农业"), ("section", "新基建"), ("data", "新基建")]
    warnings = [i for i in sheet.issues if i.code == "subtotal_mismatch"]
    assert [(w.row, w.level) for w in warnings] == [(5, "warning")]
    assert "300" in warnings[0].reason and "250" in warnings[0].reason


def test_one_sheet_per_domain_takes_the_sheet_name(tmp_path):
    header = [["序号", "项目名称", "1-4月完成投资"]]
    path = write_xlsx(tmp_path / "d.xlsx", {"工业": header + [[1, "甲", 1]], "公共服务": header + [[1, "乙", 2]]})
    book = parse_book(read_book(path), "progress", "d.xlsx", DOMAINS, year=2024)
    assert [(s.name, s.domain, s.month) for s in book.sheets] == [("工业", "工业", 4), ("公共服务", "公共服务", 4)]
    assert book.year == 2024 and book.month == 4


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_utf8_bom_and_gbk(tmp_path, encoding):
    text = "序号,项目类别,项目名称,总投资（万元）\r\n1,工业,江西堃元新材料项目,\"1,200\"\r\n"
    path = tmp_path / "p.csv"
    path.write_bytes(text.encode(encoding))
    sheet = parse_book(read_book(path), "projects", "p.csv", DOMAINS).sheets[0]
    [row] = sheet.data_rows
    assert row.values["name"] == "江西堃元新材料项目"
    assert sheet.money(row, "total_investment") == Decimal("1200.00")


@pytest.mark.parametrize(("content", "message"), [
    (b"", "文件为空"),
    (b"just text, not a workbook", "不是有效的Excel"),
    (b"PK\x03\x04broken zip", "不是有效的Excel"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old", ".xls"),
])
def test_bad_files_get_one_clear_message(tmp_path, content, message):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(BadFile, match=message):
        read_book(path)


def test_missing_name_column_is_named(tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx", {"S": [
        ["序号", "建设性质", "总投资", "责任单位"],
        [1, "新建", 10, "县发改委"],
    ]})
    book = parse_book(read_book(path), "projects", "m.xlsx", DOMAINS)
    assert not book.sheets
    assert any("项目名称" in str(i) and i.code == "missing_column" for i in book.issues)
