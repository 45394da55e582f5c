"""Helpers for the report-cycle tests: run a kind for a period, read a PDF's text."""

from pypdf import PdfReader

from tasks import periods
from tasks.cycles import Scope, cycle
from tasks.runner import ensure_run, execute


def run_report(kind: str, period: str, scope: Scope | None = None):
    """Build (kind, period, scope) now, through the worker's code; the run as it ends."""
    report_period = periods.parse(period, cycle(kind).period_type)
    run, _created = ensure_run(kind, report_period, scope or Scope())
    return execute(run.pk)


def pdf_text(run) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(run.path).pages)


def flat_text(run) -> str:
    """The PDF's text without white space (line breaks fall anywhere in a CJK line)."""
    return "".join(pdf_text(run).split())


def embedded_fonts(path) -> set[str]:
    """The base names of the fonts embedded (with a FontFile2 stream) in the PDF at ``path``."""
    names = set()
    for page in PdfReader(path).pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            for descendant in font.get("/DescendantFonts") or [font]:
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor and "/FontFile2" in descriptor.get_object():
                    names.add(str(font["/BaseFont"]))
    return names
