"""Charts as SVG drawn here (no web service): bars of completed against target per domain, and the
month-by-month trend of completed against 序时进度. The PDF embeds them as images (xhtml2pdf reads
SVG through svglib, which draws the text in the document's Hei face); a web page can inline them."""

from __future__ import annotations

import base64
from xml.sax.saxutils import escape

from django.utils.safestring import mark_safe

GREEN, YELLOW, RED, GREY, BLUE = "#2e7d32", "#e0a000", "#cc0000", "#9e9e9e", "#1f5fa8"


def _font() -> str:
    from tasks.pdf import fonts

    return fonts()["hei"].name


def _text(x, y, text, size=11, anchor="start", fill="#000", font: str | None = None) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-family="{font or _font()}" font-size="{size}" fill="{fill}" '
            f'text-anchor="{anchor}">{escape(str(text))}</text>')


def _colour(pct, elapsed, yellow, red) -> str:
    from decimal import Decimal

    from registers.projects.queries import lag_level_of

    level = lag_level_of(pct, elapsed, (Decimal(str(yellow)), Decimal(str(red))))
    return {"red": RED, "yellow": YELLOW, "green": GREEN}.get(level, GREY)


def domain_bars(rows: list[dict], elapsed: float, yellow: float = 10, red: float = 20, width: int = 440,
                font: str | None = None) -> str:
    """Horizontal bars: each domain's % of its target, coloured by the lagging rule, with the
    序时进度 line. ``rows``: {"label", "pct"} (pct of target, None without one). ``font``: the text's
    font-family (default the PDF's Hei face; a web page passes a CSS generic such as sans-serif)."""
    label_w, bar_w, row_h, top = 110, width - 170, 22, 24
    height = top + row_h * len(rows) + 16
    scale = max([100.0, *[(row["pct"] or 0) for row in rows]])
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}">']
    x_elapsed = label_w + bar_w * elapsed / scale
    for i, row in enumerate(rows):
        y = top + i * row_h
        pct = row["pct"]
        length = bar_w * max(0.0, min(pct or 0, scale)) / scale
        parts.append(_text(label_w - 6, y + 14, row["label"], anchor="end", font=font))
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="14" fill="#eeeeee"/>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{length:.1f}" height="14" '
                     f'fill="{_colour(pct, elapsed, yellow, red)}"/>')
        parts.append(_text(label_w + bar_w + 6, y + 14, "—" if pct is None else f"{pct:.1f}%", font=font))
    parts.append(f'<line x1="{x_elapsed:.1f}" y1="{top - 4}" x2="{x_elapsed:.1f}" y2="{height - 12}" '
                 f'stroke="{BLUE}" stroke-width="1.2" stroke-dasharray="4,2"/>')
    parts.append(_text(x_elapsed, top - 8, f"序时进度 {elapsed:.1f}%", size=10, anchor="middle", fill=BLUE, font=font))
    parts.append("</svg>")
    return "".join(parts)


def trend_lines(points: list[dict], width: int = 440, height: int = 200, font: str | None = None) -> str:
    """Month by month: % of plan completed (bars) against 序时进度 (line). ``points``: {"month", "pct", "elapsed"};
    ``font`` as for ``domain_bars``."""
    left, right, top, bottom = 40, 10, 14, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    scale = max([100.0, *[(p["pct"] or 0) for p in points]])
    step = plot_w / 12
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}">']
    for tick in (0, 25, 50, 75, 100):
        y = top + plot_h * (1 - tick / scale)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#dddddd"/>')
        parts.append(_text(left - 4, y + 4, f"{tick}%", size=9, anchor="end", font=font))
    line = []
    for p in points:
        x = left + step * (p["month"] - 1) + step / 2
        value = max(0.0, min(p["pct"] or 0, scale))
        y = top + plot_h * (1 - value / scale)
        parts.append(f'<rect x="{x - step * 0.3:.1f}" y="{y:.1f}" width="{step * 0.6:.1f}" '
                     f'height="{top + plot_h - y:.1f}" fill="{GREEN}"/>')
        parts.append(_text(x, y - 3, f"{p['pct'] or 0:.0f}", size=8, anchor="middle", font=font))
        line.append(f"{x:.1f},{top + plot_h * (1 - p['elapsed'] / scale):.1f}")
    for month in range(1, 13):
        parts.append(_text(left + step * (month - 1) + step / 2, height - 10, f"{month}月", size=9, anchor="middle",
                           font=font))
    if len(line) > 1:
        parts.append(f'<polyline points="{" ".join(line)}" fill="none" stroke="{BLUE}" stroke-width="1.5"/>')
    parts.append("</svg>")
    return "".join(parts)


def as_img(svg: str, width_mm: int = 150) -> str:
    """An <img> of the SVG as a data URI, for the PDF templates."""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return mark_safe(f'<img src="data:image/svg+xml;base64,{data}" width="{width_mm}mm">')  # noqa: S308
