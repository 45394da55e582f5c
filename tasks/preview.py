"""The preview of a kind's words (``ReportWording``) in the admin: the document of the latest
period with data, built by the cycle exactly as a run would but saved nowhere."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone

from tasks.cycles import Scope, cycle
from tasks.models import ReportRun, ScopeKind
from tasks.pdf import PdfRenderError, render_html, render_pdf


def preview_run(wording) -> tuple[ReportRun, object]:
    the_cycle = cycle(wording.kind)
    period = the_cycle.preview_period(timezone.localdate())
    scopes = the_cycle.scopes(period) or [Scope()]
    scope = scopes[0]
    run = ReportRun(kind=wording.kind, period=period.key, scope_kind=scope.kind or ScopeKind.COUNTY,
                    domain_id=scope.domain_id, unit_id=scope.unit_id, scope_key=scope.key,
                    issued_on=min(the_cycle.issue_date(period), timezone.localdate()))
    if wording.number_prefix and the_cycle.numbered:
        run.number = f"{wording.number_prefix}〔{run.issued_on.year}〕1号"
    return run, period


def preview_response(wording, request, mode_name: str) -> HttpResponse:
    run, period = preview_run(wording)
    document = cycle(wording.kind).build(run, wording, period)
    if mode_name == "html":
        return HttpResponse(render_html(document.template, document.context))
    try:
        data = render_pdf(document.template, document.context)
    except PdfRenderError as exc:
        return HttpResponse(f"<p>{exc}</p>", status=500)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = "inline; filename=preview.pdf"
    return response
