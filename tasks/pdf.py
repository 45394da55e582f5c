"""The one PDF renderer of the project: a Django template → HTML → xhtml2pdf, with the CJK fonts of
an official document (GB/T 9704-2012) embedded.

* :func:`render_pdf` renders a template to PDF bytes and raises :class:`PdfRenderError` when
  xhtml2pdf reports an error (it otherwise hands back a broken or empty file without a word).
* :func:`write_atomically` puts bytes at a path so that a reader never sees half a file.
* :func:`fonts` registers the fonts with reportlab once per process and answers them by role;
  templates name them through the CSS of :func:`font_face_css` (``{{ pdf_font_css }}``), and
  :func:`cjk_html` escapes a text and wraps the characters a GB2312-only face cannot draw in the Hei
  face, so no character ever comes out as a box (the font-family lists also name Hei last).

Fonts are Debian packages at fixed paths; the ``PDF_FONTS`` setting (role → path) overrides any of
them. The 仿宋 and 小标宋 of the standard have no free equivalent packaged, so the Song face stands
in for both.
"""

import contextlib
import io
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

log = logging.getLogger(__name__)

# role → (path, sub-font index of a TTC). 仿宋/小标宋 → Song, 楷体 → Kai, 黑体 → Hei (also the fallback).
DEFAULT_FONTS = {
    "song": "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",  # fonts-arphic-gbsn00lp
    "kai": "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf",  # fonts-arphic-gkai00mp
    "hei": "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",  # fonts-wqy-microhei
}
FALLBACK_ROLE = "hei"
# The CSS family of each role. xhtml2pdf names the face it embeds "<family>_<bold><italic>", so
# registering "pbsong_00" with reportlab first makes its @font-face reuse this face (and its TTC
# sub-font index) instead of building another one per document.
FAMILY_PREFIX = "pb"


class PdfRenderError(RuntimeError):
    """xhtml2pdf could not turn the HTML into a PDF."""


class PdfFontError(RuntimeError):
    """A font the documents need is not installed."""


@dataclass(frozen=True)
class Font:
    role: str
    path: str
    family: str  # the CSS font-family
    name: str  # the reportlab font name

    @cached_property
    def coverage(self) -> frozenset[int]:
        """The code points the face has a glyph for."""
        from reportlab.pdfbase import pdfmetrics

        return frozenset(pdfmetrics.getFont(self.name).face.charToGlyph)

    def covers(self, char: str) -> bool:
        return char.isspace() or ord(char) in self.coverage


_lock = threading.Lock()
# xhtml2pdf and reportlab keep fonts and state in module globals: one document per process at a time
# (the worker's threads, the admin's preview and a management command all come through here).
_render_lock = threading.Lock()
_registered: dict[tuple, dict[str, Font]] = {}


def font_paths() -> dict[str, str]:
    """role → path: the defaults, with the ``PDF_FONTS`` setting over them."""
    return {**DEFAULT_FONTS, **(getattr(settings, "PDF_FONTS", None) or {})}


def fonts() -> dict[str, Font]:
    """The document fonts by role, registered with reportlab on first use (once per set of paths)."""
    paths = font_paths()
    key = tuple(sorted(paths.items()))
    with _lock:
        if key not in _registered:
            _registered[key] = _register(paths, suffix=len(_registered))
        return _registered[key]


def _register(paths: dict[str, str], suffix: int) -> dict[str, Font]:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    missing = {role: path for role, path in paths.items() if not Path(path).is_file()}
    if missing:
        raise PdfFontError("PDF 字体未安装：" + "；".join(f"{role} {path}" for role, path in missing.items())
                           + "（apt-get install fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-wqy-microhei）")
    registered = {}
    for role, path in paths.items():
        # A second set of paths (PDF_FONTS changed, as in a test) gets names of its own.
        family = f"{FAMILY_PREFIX}{role}{suffix or ''}"
        name = f"{family}_00"
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
            # One face for every weight and style: the fonts have no bold or italic.
            pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(family, bold, italic, name)
        registered[role] = Font(role=role, path=path, family=family, name=name)
    return registered


def font_face_css() -> SafeString:
    """The @font-face rules that make the CSS families name the registered faces, and a class per role."""
    rules = []
    for font in fonts().values():
        path = font.path.replace("\\", "/").replace('"', "")
        rules.append(f'@font-face {{ font-family: {font.family}; src: url("{path}"); }}')
    for font in fonts().values():
        rules.append(f".font-{font.role} {{ font-family: {font_stack(font.role)}; }}")
    return mark_safe("\n".join(rules))  # noqa: S308 - paths and names of our own, quotes removed


def font_stack(role: str) -> str:
    """The CSS font-family list of a role: its face, then the fallback (xhtml2pdf picks per character)."""
    registered = fonts()
    families = [registered[role].family]
    if role != FALLBACK_ROLE:
        families.append(registered[FALLBACK_ROLE].family)
    return ", ".join(families)


def cjk_html(text, role: str = "song") -> SafeString:
    """``text`` escaped, with every run of characters the ``role`` face lacks wrapped in a span of the
    fallback (Hei) face: the arphic faces cover GB2312 only, and 堃 or 喆 would come out as boxes."""
    text = "" if text is None else str(text)
    registered = fonts()
    font = registered.get(role) or registered["song"]
    if role == FALLBACK_ROLE or all(font.covers(char) for char in text):
        return conditional_escape(text)
    out, run, run_missing = [], [], False
    for char in text:
        missing = not font.covers(char)
        if run and missing != run_missing:
            out.append(_run_html(run, run_missing))
            run = []
        run.append(char)
        run_missing = missing
    if run:
        out.append(_run_html(run, run_missing))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped in _run_html


def cjk_markup(text, role: str = "song") -> str:
    """``text`` as reportlab paragraph markup (``tasks.pdf_tables``): escaped, with the characters
    the ``role`` face lacks set in the fallback face, as :func:`cjk_html` does for HTML."""
    text = "" if text is None else str(text)
    registered = fonts()
    font = registered.get(role) or registered["song"]
    fallback = registered[FALLBACK_ROLE].name
    out, run, run_missing = [], [], False
    for char in text:
        missing = role != FALLBACK_ROLE and not font.covers(char)
        if run and missing != run_missing:
            out.append(_run_markup(run, run_missing, fallback))
            run = []
        run.append(char)
        run_missing = missing
    if run:
        out.append(_run_markup(run, run_missing, fallback))
    return "".join(out)


def _run_markup(chars: list[str], fallback: bool, face: str) -> str:
    escaped = "".join(chars).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<font name="{face}">{escaped}</font>' if fallback else escaped


def _run_html(chars: list[str], fallback: bool) -> str:
    escaped = conditional_escape("".join(chars))
    if not fallback:
        return escaped
    return f'<span class="font-{FALLBACK_ROLE}" style="font-family: {fonts()[FALLBACK_ROLE].family}">{escaped}</span>'


def _resource_policy():
    """Local reads only, and only of the font directories: the templates are ours, the text is not."""
    from xhtml2pdf.config.resources import ResourceAccessPolicy

    roots = tuple(sorted({Path(font.path).resolve().parent for font in fonts().values()}))
    return ResourceAccessPolicy.server(base_dir=None, extra_roots=roots, allow_remote=False)


def render_html(template_name: str, context: dict) -> str:
    return render_to_string(template_name, {"pdf_font_css": font_face_css(), **context})


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render the Django template ``template_name`` with ``context`` and convert it to PDF bytes.

    Raises :class:`PdfRenderError` when xhtml2pdf reports an error."""
    from xhtml2pdf import pisa

    from tasks import pdf_tables

    _patch_cjk_split_lines()
    pdf_tables.install()
    html = render_html(template_name, context)
    out = io.BytesIO()
    try:
        with _render_lock:
            status = pisa.CreatePDF(html, dest=out, encoding="utf-8", resource_policy=_resource_policy())
    except Exception as exc:  # xhtml2pdf raises on what it cannot read at all
        raise PdfRenderError(f"PDF 生成失败（{template_name}）：{exc}") from exc
    data = out.getvalue()
    if status.err or not data.startswith(b"%PDF"):
        details = "; ".join(str(entry) for entry in getattr(status, "log", [])[-5:])
        raise PdfRenderError(f"PDF 生成失败（{template_name}）：{status.err} 个错误 {details}".strip())
    return data


def write_atomically(path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory, fsynced and then
    renamed over it: a crash leaves the old file or the new one, never half of either."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # the rename itself made durable; not possible everywhere
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _patch_cjk_split_lines() -> None:
    """xhtml2pdf draws a single-style line with ``b" ".join(words)``, but a CJK paragraph split across a
    page hands it str words (its ``breakLinesCJK`` reuses the pre-split lines), and the render fails
    with "expected a bytes-like object, str found". Encode such words: the drawing is unchanged."""
    from xhtml2pdf import reportlab_paragraph as rp

    if getattr(rp, "_pb_cjk_patched", False):
        return
    for name in ("_leftDrawParaLine", "_centerDrawParaLine", "_rightDrawParaLine", "_justifyDrawParaLine"):
        original = getattr(rp, name, None)
        if original is None:
            continue

        def draw(tx, offset, extraspace, words, last=0, _original=original):
            words = [word.encode("utf-8") if isinstance(word, str) else word for word in words]
            return _original(tx, offset, extraspace, words, last)

        setattr(rp, name, draw)
    rp._pb_cjk_patched = True
