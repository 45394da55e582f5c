"""Admin front door of spreadsheet import (upload → preview → confirm) and export.

The preview is a dry run of ``registers.imports.pipeline.run_import`` (validation in memory, nothing
written); confirm re-reads the stored file and writes once. Files above
``IMPORT_ASYNC_THRESHOLD_KB`` run in the Huey worker and the page shows a progress bar.
"""

import tempfile
from decimal import Decimal
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from registers.core.views import attachment_header
from registers.exports.writer import EXPORT_KINDS, export_sheet
from registers.imports import jobs
from registers.imports.jobs import ImportJob
from registers.imports.results import accepted_totals

KIND_CHOICES = [
    ("projects", "项目（含年度计划与累计完成）"),
    ("progress", "月度进展"),
    ("commissioners", "受理专员名单"),
    ("issues", "协调事项汇总表"),
    ("leaders", "县领导挂点安排表（一对一、包干）"),
    ("leader_log", "县领导挂点工作台账"),
    ("commissioner_log", "对接专员履职台账"),
]
PERMISSIONS = {"projects": "registers.change_project", "progress": "registers.change_monthlyprogress",
               "commissioners": "snippets.change_acceptancecommissioner",
               "issues": "registers.add_coordinationissue", "leaders": "registers.add_leaderassignment",
               "leader_log": "registers.add_leaderactivity", "commissioner_log": "registers.add_commissionerduty"}

LISTING_LABELS = {"commissioners": "受理专员", "issues": "协调事项", "leaders": "挂点安排",
                  "leader_log": "挂点工作台账", "commissioner_log": "专员履职台账"}


def _may(user, kind) -> bool:
    return user.is_active and user.has_perm(PERMISSIONS[kind])


# Money columns a preview may show, in sheet order; only those the rows actually carry are shown
# (commissioners carry none).
MONEY_COLUMNS = [("total_investment", "总投资"), ("annual_plan", "年度计划"),
                 ("prior_cumulative", "上年底累计完成"), ("completed_ytd", "累计完成")]
NEEDED_HELP = {"year": "无法从文件识别年度：请在此填写年度（如 2022），文件已保留，无需重新选择。",
               "month": "无法从文件识别月份：请在此填写月份（1–12），文件已保留，无需重新选择。"}


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="导入内容", choices=KIND_CHOICES)
    file = forms.FileField(label="文件", help_text="Excel (.xlsx) 或 CSV (.csv，UTF-8 或 GBK)")
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100,
                              help_text="留空则从表头或标题识别（如“2022年”）")
    month = forms.IntegerField(label="月份", required=False, min_value=1, max_value=12,
                               help_text="留空则从“1-N月完成投资”列识别")
    retry = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, kept_file: str = "", needed: frozenset = frozenset(), **kwargs):
        """``kept_file``: the name of an already uploaded file re-checked when no new file is chosen;
        ``needed``: the period fields ("year", "month") the last check could not infer."""
        super().__init__(*args, **kwargs)
        self.kept_file, self.needed = kept_file, needed
        self.fields["file"].help_text += f"，上限 {settings.IMPORT_MAX_UPLOAD_MB} MB。"
        if kept_file:
            self.fields["file"].required = False
            self.fields["file"].help_text = f"已保留上次上传的“{kept_file}”；如需换一个文件再选择。"
        for name in ("year", "month"):
            if name in needed:
                self.fields[name].required = True
                self.fields[name].help_text = NEEDED_HELP[name]
                self.fields[name].error_messages["required"] = NEEDED_HELP[name].split("：")[0] + "，请填写。"
        first = next((n for n in ("year", "month") if n in needed), None)
        if first:
            self.fields[first].widget.attrs["autofocus"] = True

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is None:
            return None
        limit = settings.IMPORT_MAX_UPLOAD_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(f"文件过大（{upload.size / 1024 / 1024:.1f} MB），上限为 {limit} MB。")
        if Path(upload.name).suffix.lower() not in (".xlsx", ".csv"):
            raise forms.ValidationError("请上传 .xlsx 或 .csv 文件。")
        return upload


class ExportForm(forms.Form):
    # Only the kinds ``export_sheet`` writes (the duties sheets import only).
    kind = forms.ChoiceField(label="导出内容", choices=[c for c in KIND_CHOICES if c[0] in EXPORT_KINDS])
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    month = forms.IntegerField(label="月份", required=False, min_value=1, max_value=12)
    format = forms.ChoiceField(label="格式", choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV (UTF-8)")])


def _start(job: ImportJob, confirm: bool) -> None:
    size_kb = job.path.stat().st_size / 1024
    if jobs.ASYNC_RUNNER is not None and size_kb > settings.IMPORT_ASYNC_THRESHOLD_KB:
        job.update(status="queued", confirmed=False)
        jobs.ASYNC_RUNNER(job.token, confirm)
    else:
        job.run(confirm)


def _needed_period(result) -> frozenset:
    """The period fields a check could not infer ("无法确定年度", "各工作表的年度不一致", …)."""
    if result is None:
        return frozenset()
    reasons = [i.reason for i in result.issues if i.code == "period" and i.is_error]
    return frozenset(name for name, word in (("year", "年度"), ("month", "月份")) if any(word in r for r in reasons))


def upload_view(request):
    # ?retry=<token> (after "无法确定年度/月份"): the same file again, this time with the period.
    retry = (request.POST.get("retry") if request.method == "POST" else request.GET.get("retry")) or ""
    kept, needed, initial = None, frozenset(), {}
    if retry:
        kept = _job_for(request, retry)
        state = kept.state()
        needed = _needed_period(kept.result())
        initial = {"kind": state["kind"], "year": state["year"], "month": state["month"], "retry": retry}
    form = UploadForm(request.POST or None, request.FILES or None, initial=initial,
                      kept_file=kept.state()["filename"] if kept else "", needed=needed)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        if not _may(request.user, kind):
            raise PermissionDenied
        upload = form.cleaned_data["file"]
        if upload is not None:
            name, chunks = upload.name, upload.chunks()
        else:
            name, chunks = kept.state()["filename"], [kept.path.read_bytes()]
        job = ImportJob.create(kind, name, chunks, user=request.user,
                               year=form.cleaned_data["year"], month=form.cleaned_data["month"])
        _start(job, confirm=False)
        return redirect("registers_import:job", token=job.token)
    return render(request, "registers/import/upload.html", {
        "form": form, "export_form": ExportForm(), "max_mb": settings.IMPORT_MAX_UPLOAD_MB,
        "threshold_kb": settings.IMPORT_ASYNC_THRESHOLD_KB, "needed": needed,
    })


def _job_for(request, token) -> ImportJob:
    try:
        job = ImportJob(token)
        state = job.state()
    except (ValueError, FileNotFoundError) as exc:
        raise Http404 from exc
    if state["user_id"] != request.user.pk:
        raise PermissionDenied
    return job


def _for_admin(issue) -> str:
    """An issue as text for this page: the command line's "（--year）" hint names the form field."""
    return (str(issue).replace("（--year）", "（在上传表单的“年度”栏填写）")
            .replace("（--month）", "（在上传表单的“月份”栏填写）"))


def _amount(value) -> str:
    if value in (None, ""):
        return ""
    return f"{Decimal(value).normalize():,f}"


def _listing_url(kind: str, result, token: str) -> str:
    """Where the imported rows are: the project listing at the file's period (the figures it
    wrote), the monthly progress of that month, or the commissioners."""
    from urllib.parse import urlencode

    from registers.duties.models import CommissionerDuty, LeaderActivity, LeaderAssignment
    from registers.models import CoordinationIssue, MonthlyProgress, Project
    from snippets.models import AcceptanceCommissioner

    model = {"projects": Project, "progress": MonthlyProgress, "commissioners": AcceptanceCommissioner,
             "issues": CoordinationIssue, "leaders": LeaderAssignment, "leader_log": LeaderActivity,
             "commissioner_log": CommissionerDuty}[kind]
    viewset = getattr(model, "snippet_viewset", None)
    if viewset is None:  # a register without a snippet listing: back to the import page
        return reverse("registers_import:upload")
    url = reverse(viewset.get_url_name("list"))
    period = {"year": result.year, "month": result.month} if kind in ("projects", "progress") else {}
    period = {k: v for k, v in period.items() if v}
    if kind == "projects" and result.project_ids:
        period["imported"] = token  # the listing narrowed to this file's projects
    return f"{url}?{urlencode(period)}" if period else url


def job_view(request, token):
    job = _job_for(request, token)
    state = job.state()
    result = job.result()
    show = "all" if request.GET.get("show") == "all" else "problems"
    context = {"job": job, "state": state, "result": result, "kind_label": dict(KIND_CHOICES)[state["kind"]],
               "show": show, "is_commissioners": state["kind"] == "commissioners",
               "listing_label": LISTING_LABELS.get(state["kind"], "项目")}
    if result:
        rows = [r for r in result.rows if show == "all" or r.status in ("error", "unpublish") or r.warnings]
        # Only the columns this kind's rows carry: commissioners have no amounts.
        money = [(key, label) for key, label in MONEY_COLUMNS if any(key in r.figures for r in result.rows)]
        counts = result.status_counts()
        context.update({
            "counts": counts,
            "row_count": sum(1 for r in result.rows if r.status != "unpublish"),
            "error_rows": counts["error"],  # rows with at least one error
            "error_count": len(result.errors),  # error messages, file level included
            "warning_count": len(result.warnings),
            "file_errors": [_for_admin(i) for i in result.issues if i.is_error],
            "file_warnings": [_for_admin(i) for i in result.issues if not i.is_error],
            # A file that could not be read at all (or a missing year): one message, no empty table.
            "file_level_only": not result.rows and any(i.is_error for i in result.issues),
            "needed": _needed_period(result),
            "listing_url": _listing_url(state["kind"], result, token),
            "ambiguous": _ambiguous(result),
            "money": money,
            "rows": [(r, [_amount(r.figures.get(k)) for k, _ in money]) for r in rows[:2000]],
            "hidden": max(0, len(rows) - 2000),
            "totals": [(domain, t["count"], [_amount(t.get(k)) for k, _ in money])
                       for domain, t in accepted_totals(result).items()],
        })
    return render(request, "registers/import/job.html", context)


def status_view(request, token):
    state = _job_for(request, token).state()
    return JsonResponse({k: state.get(k) for k in ("status", "stage", "done", "total", "confirmed")})


@require_POST
def confirm_view(request, token):
    job = _job_for(request, token)
    state = job.state()
    result = job.result()
    if not _may(request.user, state["kind"]):
        raise PermissionDenied
    if state["status"] != "done" or state.get("confirmed") or result is None or result.errors:
        return redirect("registers_import:job", token=token)
    _start(job, confirm=True)
    return redirect("registers_import:job", token=token)


@require_POST
def choose_view(request, token):
    """The user's answer for each ambiguous row ("which 高标准农田建设项目?"): kept with the job, the
    preview runs again with it, and the confirm writes with the same answers."""
    job = _job_for(request, token)
    state, result = job.state(), job.result()
    if not _may(request.user, state["kind"]) or result is None or state.get("confirmed"):
        raise PermissionDenied
    offered = {f"{i.sheet}|{i.row}": {c["id"] for c in i.extra.get("candidates", [])}
               for i in result.errors if i.code == "ambiguous_project"}
    choices = dict(state.get("choices") or {})
    for key, ids in offered.items():
        value = request.POST.get(f"choice:{key}", "")
        if value.isdigit() and int(value) in ids:
            choices[key] = int(value)
    job.update(choices=choices, status="queued")
    _start(job, confirm=False)
    return redirect("registers_import:job", token=token)


def _ambiguous(result) -> list[dict]:
    """The rows waiting for the user's choice of project, with their candidates."""
    return [{"key": f"{i.sheet}|{i.row}", "sheet": i.sheet, "row": i.row, "candidates": i.extra["candidates"]}
            for i in result.errors if i.code == "ambiguous_project" and i.extra.get("candidates")]


def error_report_view(request, token):
    """错误报告: the uploaded sheet with a column of each row's errors and warnings."""
    from registers.exports.error_report import error_report

    job = _job_for(request, token)
    result = job.result()
    if result is None:
        raise Http404
    parsed = job._parsed()
    header_rows = {s.name: s.header_rows[-1] for s in parsed.sheets if s.header_rows} if parsed else {}
    content = error_report(job.path, result, header_rows)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = attachment_header(f"错误报告-{Path(job.state()['filename']).stem}.xlsx")
    return response


@require_POST
def rerun_view(request, token):
    """A job whose worker died (or that crashed) runs again in the phase it failed in."""
    job = _job_for(request, token)
    if not _may(request.user, job.state()["kind"]):
        raise PermissionDenied
    job.rerun(_start)
    return redirect("registers_import:job", token=token)


def export_view(request):
    form = ExportForm(request.GET or None)
    if not form.is_valid():
        return redirect("registers_import:upload")
    kind = form.cleaned_data["kind"]
    if not request.user.has_perm(PERMISSIONS[kind].replace("change_", "view_")):
        raise PermissionDenied
    suffix = form.cleaned_data["format"]
    with tempfile.TemporaryDirectory(dir=settings.VAR_DIR) as folder:
        target = Path(folder) / f"{kind}.{suffix}"
        export_sheet(kind, target, user=request.user, year=form.cleaned_data["year"],
                     month=form.cleaned_data["month"])
        content = target.read_bytes()
    content_type = ("text/csv; charset=utf-8" if suffix == "csv"
                    else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{kind}.{suffix}"'
    return response


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return any(_may(request.user, kind) for kind in PERMISSIONS)


class ImportViewSet(ViewSet):
    """The import and export screens, registered in ``registers.wagtail_hooks``; URL names
    ``registers_import:upload``, ``:job``, ``:status``, ``:confirm``, ``:choose``, ``:rerun``, ``:export``."""

    name = "registers_import"
    url_prefix = "registers/import"
    icon = "doc-full-inverse"
    menu_label = "表格导入导出"
    menu_order = 290
    add_to_admin_menu = True
    menu_item_class = ImportMenuItem

    def get_urlpatterns(self):
        return [
            path("", upload_view, name="upload"),
            path("export/", export_view, name="export"),
            path("<str:token>/", job_view, name="job"),
            path("<str:token>/status/", status_view, name="status"),
            path("<str:token>/confirm/", confirm_view, name="confirm"),
            path("<str:token>/choose/", choose_view, name="choose"),
            path("<str:token>/rerun/", rerun_view, name="rerun"),
            path("<str:token>/errors.xlsx", error_report_view, name="error_report"),
        ]
