"""The shared PDF renderer (tasks.pdf) and the minutes (会议纪要) PDF of tasks.minutes."""

import datetime
import subprocess
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from registers.models import LedgerItem, Meeting, MeetingTier, Minutes
from tasks import pdf
from tasks.minutes import classify, minutes_context, minutes_pdf
from tests.registers_factories import make_project, unit

pytestmark = pytest.mark.django_db

UNITS = ("县发改委", "县住建局")
BODY = """会议听取了各责任单位项目推进情况汇报。
一、总体情况
全县重点项目建设总体有序推进，张喆、李堃两位同志汇报了安置点进展。
（一）用地保障
县自然资源局要加快用地报批。"""


def make_minutes(items: int, serial: int = 3) -> Minutes:
    project = make_project("城南安置房建设项目", year=2022)
    units = [unit(name) for name in UNITS]
    meeting = Meeting.objects.create(tier=MeetingTier.JOINT, title=f"2022年第{serial}次部门联席会",
                                     starts_at=timezone.make_aware(datetime.datetime(2022, 3, serial, 9)))
    minutes = Minutes.objects.create(meeting=meeting, year=2022, serial=serial, issued_on=datetime.date(2022, 3, 5),
                                     body=BODY, present="县发改委、县住建局负责同志", attending="各乡镇分管负责同志",
                                     absent="县交通运输局", copied_to="县委办、县政府办")
    for n in range(items):
        item = LedgerItem.objects.create(minutes=minutes, sort_order=n, text=f"第{n + 1}项议定事项：加快征地拆迁",
                                         project=project, deadline=datetime.date(2022, 4, 1))
        item.responsible_units.set(units)
        item.save()  # a ParentalManyToManyField writes on save
    return minutes


def unit_names() -> str:
    """The responsible units as the document writes them: short names, joined by "、"."""
    return "、".join(found.short_name or found.name for found in map(unit, UNITS))


def pdftotext(data: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def pdffonts(data: bytes, tmp_path) -> list[list[str]]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    return [line.split() for line in out.splitlines()[2:]]


@pytest.fixture
def rendered():
    """A PDF of minutes with 40 decided items."""
    return minutes_pdf(make_minutes(40))


def test_minutes_pdf_has_the_mark_number_items_and_page_numbers(rendered, tmp_path):
    assert rendered.startswith(b"%PDF")
    text = pdftotext(rendered, tmp_path)
    flat = "".join(text.split())
    assert "上犹县“项目大会战”部门联席会纪要" in flat
    assert "〔2022〕3号" in flat
    assert "第40项议定事项：加快征地拆迁" in flat
    assert f"责任单位：{unit_names()}" in flat
    assert "完成时限：2022年4月1日" in flat
    assert "出席：县发改委、县住建局负责同志" in flat
    assert "抄送：县委办、县政府办" in flat
    assert "— 1 —" in text
    assert "— 2 —" in text  # 40 items run over several pages


def test_fonts_are_embedded(rendered, tmp_path):
    rows = pdffonts(rendered, tmp_path)
    embedded = [row[0] for row in rows if "yes" in row[-5:-3]]
    assert any("Bousung" in name for name in embedded), rows  # the Song body face (arphic gbsn00lp)
    assert any("WenQuanYi" in name for name in embedded), rows  # the Hei headings and fallback
    assert any("ZenKai" in name for name in embedded), rows  # the Kai headings


def test_characters_outside_gb2312_fall_back_to_hei(rendered, tmp_path):
    flat = "".join(pdftotext(rendered, tmp_path).split())
    assert "张喆、李堃两位同志" in flat
    html = str(pdf.cjk_html("张喆<b>", "song"))
    assert 'class="font-hei"' in html and "喆</span>" in html and "&lt;b&gt;" in html
    assert 'class="font-hei"' not in str(pdf.cjk_html("张三", "song"))


def test_paragraphs_are_classified():
    assert classify("一、总体情况") == "heading1"
    assert classify("十二、其他") == "heading1"
    assert classify("（一）用地保障") == "heading2"
    assert classify("会议认为") == "text"
    context = minutes_context(make_minutes(1, serial=7))
    assert [p["kind"] for p in context["paragraphs"]] == ["text", "heading1", "text", "heading2", "text"]
    assert context["items"][0]["units"] == unit_names()
    assert context["items"][0]["project"] == "城南安置房建设项目"
    assert [line["label"] for line in context["attendance"]] == ["出席", "列席", "请假"]


def test_query_count_does_not_grow_with_items():
    few, many = make_minutes(5, serial=4), make_minutes(40, serial=5)
    with CaptureQueriesContext(connection) as five:
        minutes_context(few)
    with CaptureQueriesContext(connection) as forty:
        minutes_context(many)
    assert len(five) == len(forty) == 3


def test_render_errors_raise(settings):
    with mock.patch("xhtml2pdf.pisa.CreatePDF") as create:
        create.return_value = mock.Mock(err=1, log=[("error", "broken")])
        with pytest.raises(pdf.PdfRenderError):
            pdf.render_pdf("tasks/document_base.html", {"title": "x"})


def test_missing_font_is_a_clear_error(settings, tmp_path):
    settings.PDF_FONTS = {"kai": str(tmp_path / "absent.ttf")}
    with pytest.raises(pdf.PdfFontError, match="absent.ttf"):
        pdf.fonts()


def test_write_atomically_replaces_or_keeps_the_old_file(tmp_path):
    target = tmp_path / "minutes.pdf"
    target.write_bytes(b"old")
    pdf.write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    with mock.patch("tasks.pdf.os.fsync", side_effect=OSError("disk full")), pytest.raises(OSError):
        pdf.write_atomically(target, b"half")
    assert target.read_bytes() == b"new"
    assert [path.name for path in tmp_path.iterdir()] == ["minutes.pdf"]

