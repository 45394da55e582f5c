"""Long tables for the PDF documents, laid out by reportlab directly: ``<pdf:datatable ref=…/>`` in a
template stands for a :class:`DataTable` of the context. xhtml2pdf builds a paragraph per cell from
parsed HTML and CSS, at about 4 ms a row, and its tables cost more than linearly in their rows; a
reportlab ``LongTable`` of the same cells takes a fraction of that, with the header repeated on
every page. The fonts, sizes and rules are those of ``report_base.html``'s tables."""

from __future__ import annotations

import itertools
import weakref
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

_live: weakref.WeakValueDictionary[str, DataTable] = weakref.WeakValueDictionary()
_ids = itertools.count(1)
FONT_SIZE, LEADING, TYPE_WIDTH_PT = 10.5, 13.5, 156 * 72 / 25.4  # the type area is 156 mm wide
COLOURS = {"red": "#cc0000", "yellow": "#b36b00"}


@dataclass
class Column:
    header: str
    width: float  # a share of the type area's width
    align: str = "left"  # left, right, center
    role: str = "song"  # the face of the cells; numbers read better in Hei


@dataclass(eq=False)
class DataTable:
    columns: list[Column]
    rows: list[tuple] = field(default_factory=list)
    colours: list[str | None] = field(default_factory=list)  # per row: "red"/"yellow" colours the last cell

    def __post_init__(self):
        self.ref = f"t{next(_ids)}"
        _live[self.ref] = self

    def __html__(self) -> str:
        return mark_safe(f'<pdf:datatable ref="{self.ref}" />')  # noqa: S308 - our own id

    def __str__(self) -> str:
        return self.__html__()

    def __len__(self) -> int:
        return len(self.rows)

    def flowable(self):
        from reportlab.lib import colors
        from reportlab.platypus import LongTable, Paragraph, TableStyle

        styles = _styles()
        header = [Paragraph(escape(column.header).replace("\n", "<br/>"), styles["header"]) for column in self.columns]
        body = []
        for index, row in enumerate(self.rows):
            colour = self.colours[index] if index < len(self.colours) else None
            cells = []
            for position, (column, value) in enumerate(zip(self.columns, row, strict=False)):
                markup = _markup(value, column.role)
                if colour and position == len(self.columns) - 1:
                    markup = f'<font color="{COLOURS.get(colour, "#000000")}">{markup}</font>'
                cells.append(Paragraph(markup, styles[(column.role, column.align)]))
            body.append(cells)
        widths = [TYPE_WIDTH_PT * column.width for column in self.columns]
        table = LongTable([header, *body], colWidths=widths, repeatRows=1, splitByRow=1)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]))
        return table


def _markup(value, role: str) -> str:
    from tasks.pdf import cjk_markup

    return cjk_markup("" if value is None else str(value), role)


_style_cache: dict = {}


def _styles() -> dict:
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    from tasks.pdf import fonts

    registered = fonts()
    key = tuple(font.name for font in registered.values())
    if key not in _style_cache:
        aligns = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}
        styles = {"header": ParagraphStyle("pb-th", fontName=registered["hei"].name, fontSize=FONT_SIZE,
                                           leading=LEADING, alignment=TA_CENTER, wordWrap="CJK")}
        for role, font in registered.items():
            for align, value in aligns.items():
                styles[(role, align)] = ParagraphStyle(f"pb-td-{role}-{align}", fontName=font.name,
                                                       fontSize=FONT_SIZE, leading=LEADING, alignment=value,
                                                       wordWrap="CJK")
        _style_cache[key] = styles
    return _style_cache[key]


def install() -> None:
    """Teach xhtml2pdf the ``<pdf:datatable ref=…/>`` tag (once per process)."""
    from xhtml2pdf import default, parser
    from xhtml2pdf.tags import pisaTag

    if hasattr(parser, "pisaTagPDFDATATABLE"):
        return

    class pisaTagPDFDATATABLE(pisaTag):  # noqa: N801 - the name xhtml2pdf looks up
        def start(self, c):
            table = _live.get(self.attr.ref or "")
            if table is not None:
                c.addPara()
                c.addStory(table.flowable())

    default.TAGS["pdfdatatable"] = (0, {"ref": (default.STRING, default.MUST)})
    parser.pisaTagPDFDATATABLE = pisaTagPDFDATATABLE
