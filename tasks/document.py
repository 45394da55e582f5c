"""What every report document shares: the words of its kind (``ReportWording``, created from the
cycle's defaults the first time), placeholders filled from the cycle's values, and the context of
the GB/T 9704 frame in ``tasks/report_base.html`` — mark, number, title, addressee, preface,
closing, signature and date, 抄送 and 印发."""

from __future__ import annotations

import re

from registers.core.unit_names import COUNTY
from tasks.minutes import chinese_date, paragraphs
from tasks.pdf import cjk_html

OFFICE = f"{COUNTY}“项目大会战”指挥部办公室"
COMMON_WORDING = {"mark": OFFICE, "signature": OFFICE, "printed_by": OFFICE, "number_prefix": "犹项战办"}
PLACEHOLDER = re.compile(r"\{([^{}\s]{1,12})\}")
# Rows per <table>: xhtml2pdf lays out a table in time growing with the square of its rows.
TABLE_CHUNK = 60


def load_wording(kind: str):
    from tasks.cycles import cycle
    from tasks.models import ReportWording

    wording = ReportWording.objects.filter(kind=kind).first()
    if wording is None:
        defaults = {**COMMON_WORDING, **cycle(kind).wording}
        wording, _created = ReportWording.objects.get_or_create(kind=kind, defaults=defaults)
    return wording


def fill(text: str, values: dict) -> str:
    """``{期间}`` and the like replaced by ``values``; an unknown placeholder is left as written."""
    return PLACEHOLDER.sub(lambda m: str(values[m[1]]) if m[1] in values else m[0], text or "")


def chunked(rows: list, size: int = TABLE_CHUNK) -> list[list]:
    rows = list(rows)
    return [rows[i:i + size] for i in range(0, len(rows), size)] or [[]]


def lines(text: str) -> str:
    return "、".join(part.strip() for part in re.split(r"[\n、,，;；]+", text or "") if part.strip())


def frame_context(run, wording, values: dict) -> dict:
    """The frame of the document: every text filled and escaped for the PDF (``*_html``)."""
    issued = run.issued_on
    values = {"发文日期": chinese_date(issued), "范围": run.scope_label, **values}
    title = fill(wording.title, values)
    copied_to = lines(fill(wording.copied_to, values))
    return {
        "title": title,
        "title_html": cjk_html(title),
        "mark_html": cjk_html(fill(wording.mark, values)),
        "number_html": cjk_html(run.number),
        "addressee_html": cjk_html(fill(wording.addressee, values)),
        "preface": paragraphs(fill(wording.preface, values)),
        "closing": paragraphs(fill(wording.closing, values)),
        "signature_html": cjk_html(fill(wording.signature, values)),
        "date_html": cjk_html(chinese_date(issued)),
        "copied_to_html": cjk_html(copied_to),
        "printed_by_html": cjk_html(fill(wording.printed_by, values)),
        "printed_on_html": cjk_html(f"{chinese_date(issued)}印发" if issued else ""),
    }


def html_rows(rows: list[dict], fields: tuple[str, ...]) -> list[dict]:
    """Each row with ``<field>_html`` for the text fields named (the PDF's escaping and fallback)."""
    for row in rows:
        for name in fields:
            row[f"{name}_html"] = cjk_html(row.get(name, ""))
    return rows


def ensure_wordings() -> None:
    """A ReportWording for every kind (new sites, new kinds), so the admin lists them all."""
    from tasks.cycles import all_cycles
    from tasks.models import ReportWording

    present = set(ReportWording.objects.values_list("kind", flat=True))
    for kind in all_cycles():
        if kind not in present:
            load_wording(kind)
