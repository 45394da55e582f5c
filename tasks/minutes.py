"""The coordination minutes (会议纪要) as a PDF in the 纪要 format of GB/T 9704-2012 §10.3: the red
mark, its number, a red rule, the text with its headings, the decided items (议定事项), who attended
(出席、列席、请假) and whom it is copied to (抄送)."""

import re

from django.db.models import Prefetch

from registers.core.unit_names import COUNTY
from registers.models import LedgerItem, Minutes

from .pdf import cjk_html, render_pdf

TEMPLATE = "tasks/minutes.html"
ISSUER = f"{COUNTY}“项目大会战”指挥部办公室"

_NUMERAL = "一二三四五六七八九十百零〇"
# "一、" opens a 黑体 heading, "（一）" a 楷体 one (GB/T 9704 §7.3.3 结构层次序数).
HEADING1 = re.compile(rf"^[{_NUMERAL}]+、")
HEADING2 = re.compile(rf"^[（(][{_NUMERAL}]+[）)]")


def classify(line: str) -> str:
    if HEADING1.match(line):
        return "heading1"
    if HEADING2.match(line):
        return "heading2"
    return "text"


def paragraphs(body: str) -> list[dict]:
    """Each non-blank line of the body a paragraph: {"kind": heading1/heading2/text, "text", "html"}."""
    result = []
    for raw in (body or "").splitlines():
        line = raw.strip().replace("\u3000", " ").strip()
        if not line:
            continue
        kind = classify(line)
        role = {"heading1": "hei", "heading2": "kai"}.get(kind, "song")
        result.append({"kind": kind, "text": line, "html": cjk_html(line, role)})
    return result


def chinese_date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def decided_items(items) -> list[dict]:
    rows = []
    for number, item in enumerate(items, start=1):
        units = "、".join(unit.short_name or unit.name for unit in item.responsible_units.all())
        project = item.project.name if item.project_id else ""
        deadline = chinese_date(item.deadline)
        rows.append({
            "number": number, "text": item.text, "project": project, "units": units, "deadline": deadline,
            "text_html": cjk_html(item.text.strip().rstrip("。；;.")), "project_html": cjk_html(project),
            "units_html": cjk_html(units), "deadline_html": cjk_html(deadline),
        })
    return rows


def attendance(minutes: Minutes) -> list[dict]:
    """The 出席/列席/请假 lines given, each {"label", "text", "html"} (a line break in a field reads as "、")."""
    lines = []
    for label, value in (("出席", minutes.present), ("列席", minutes.attending), ("请假", minutes.absent)):
        text = "、".join(part.strip() for part in (value or "").splitlines() if part.strip())
        if text:
            lines.append({"label": label, "text": text, "html": cjk_html(text)})
    return lines


def load(minutes) -> Minutes:
    """The minutes with everything the document shows, in three queries whatever the number of items:
    the minutes with its meeting and domain, the items with their projects, their responsible units."""
    pk = minutes.pk if isinstance(minutes, Minutes) else minutes
    items = (LedgerItem.objects.select_related("project").prefetch_related("responsible_units")
             .order_by("sort_order", "pk"))
    return (Minutes.objects.select_related("meeting__domain")
            .prefetch_related(Prefetch("items", queryset=items, to_attr="document_items")).get(pk=pk))


def minutes_context(minutes) -> dict:
    minutes = load(minutes)
    meeting = minutes.meeting
    copied_to = "、".join(part.strip() for part in (minutes.copied_to or "").splitlines() if part.strip())
    return {
        "minutes": minutes,
        "meeting": meeting,
        "title": f"{minutes.mark}{minutes.number}",
        "mark": minutes.mark,
        "mark_html": cjk_html(minutes.mark),
        "number": minutes.number,
        "number_html": cjk_html(minutes.number),
        "meeting_title_html": cjk_html(meeting.title, "hei"),
        "paragraphs": paragraphs(minutes.body),
        "items": decided_items(minutes.document_items),
        "attendance": attendance(minutes),
        "copied_to": copied_to,
        "copied_to_html": cjk_html(copied_to),
        "issuer_html": cjk_html(ISSUER),
        "issued_on": chinese_date(minutes.issued_on),
    }


def minutes_pdf(minutes) -> bytes:
    """The minutes (an instance or its pk) as PDF bytes, in a fixed number of queries."""
    return render_pdf(TEMPLATE, minutes_context(minutes))
