"""The admin's report views: the PDF of a run (within the user's scope), and 立即运行 — the HQ
office picks a kind, a period and optionally a scope, and the worker builds it (or rebuilds it)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from tasks import periods
from tasks.cycles import all_cycles, cycle
from tasks.models import ReportKind, ReportRun, Trigger
from tasks.runner import ensure_run, requeue

RUN_PERMISSION = "tasks.run_reportrun"


def download(request, pk: int):
    run = get_object_or_404(ReportRun.objects.for_user(request.user), pk=pk)
    path = run.path
    if path is None or not path.is_file():
        raise Http404("该报告尚无 PDF 文件。")
    name = f"{run.title or run}.pdf".replace("/", "-")
    response = FileResponse(path.open("rb"), content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = content_disposition_header(disposition == "attachment", name)
    return response


class RunNowForm(forms.Form):
    kind = forms.ChoiceField(label="报告类型", choices=[])
    period = forms.CharField(label="期间", max_length=20, required=False,
                             help_text="月 2022-05，季 2022-Q2，年 2022，收集批次 2022-06-03；留空为该类型的最近一期")
    scope = forms.ChoiceField(label="范围", required=False, choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, label) for k, label in ReportKind.choices if k in all_cycles()]
        from snippets.models import Domain, Unit

        self.fields["scope"].choices = [
            ("", "该类型的全部范围"), ("county", "仅全县"),
            ("领域", [(f"domain:{pk}", name) for pk, name in Domain.objects.order_by("sort_order").values_list(
                "pk", "name")]),
            ("单位", [(f"unit:{pk}", name) for pk, name in Unit.objects.order_by("sort_order", "name").values_list(
                "pk", "name")]),
        ]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if not kind:
            return cleaned
        the_cycle = cycle(kind)
        try:
            cleaned["report_period"] = (periods.parse(cleaned.get("period"), the_cycle.period_type)
                                        if cleaned.get("period") else the_cycle.latest_period(timezone.localdate()))
        except periods.PeriodError as exc:
            self.add_error("period", str(exc))
            return cleaned
        scopes = the_cycle.scopes(cleaned["report_period"])
        chosen = cleaned.get("scope")
        if chosen:
            scopes = [scope for scope in scopes if scope.key == chosen]
        if not scopes:
            label, name = cleaned["report_period"].label(), ReportKind(kind).label
            if chosen:
                scope_name = choice_label(self.fields["scope"].choices, chosen)
                self.add_error("scope", f"“{scope_name}”没有{label}的{name}（该范围不适用）。")
            else:
                self.add_error("scope", f"{label}没有可生成的{name}（无适用范围）。")
        cleaned["scopes"] = scopes
        return cleaned


def choice_label(choices, value) -> str:
    """The label of ``value`` among (possibly grouped) choices."""
    for key, label in choices:
        if isinstance(label, (list, tuple)):
            found = dict(label).get(value)
            if found:
                return found
        elif key == value:
            return label
    return value


def run_now(request):
    if not request.user.has_perm(RUN_PERMISSION):
        raise PermissionDenied
    form = RunNowForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        from tasks.reports import build_report

        kind, period = form.cleaned_data["kind"], form.cleaned_data["report_period"]
        started, busy = 0, 0
        for scope in form.cleaned_data["scopes"]:
            run, created = ensure_run(kind, period, scope, trigger=Trigger.MANUAL, user=request.user)
            if created or requeue(run, trigger=Trigger.MANUAL, user=request.user):
                build_report(run.pk)
                started += 1
            else:
                busy += 1
        label = f"{ReportKind(kind).label}（{period.label()}）"
        messages.success(request, f"已提交{label}共 {started} 份，生成后可在列表中下载。"
                         + (f"另有 {busy} 份正在生成中。" if busy else ""))
        listing = reverse(ReportRun.snippet_viewset.get_url_name("list"))
        return redirect(f"{listing}?kind={kind}&period={period.key}")
    return TemplateResponse(request, "tasks/run_now.html", {"form": form, "page_title": "立即运行报告"})


def admin_urls():
    return [
        path("reports/<int:pk>/pdf/", download, name="report_download"),
        path("reports/run/", run_now, name="report_run_now"),
    ]
