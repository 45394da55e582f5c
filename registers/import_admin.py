"""Admin front door of spreadsheet import (upload → preview → confirm) and export.

The preview is a dry run of ``registers.importing.run_import`` (validation in memory, nothing
written); confirm re-reads the stored file and writes once. Files above
``IMPORT_ASYNC_THRESHOLD_KB`` run in the Huey worker and the page shows a progress bar.
"""

import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from registers import importing
from registers.exporting import export_sheet
from registers.importing import ImportJob, accepted_totals

KIND_CHOICES = [("projects", "项目（含年度计划与累计完成）"), ("progress", "月度进展"), ("commissioners", "受理专员名单")]
PERMISSIONS = {"projects": "registers.change_project", "progress": "registers.change_monthlyprogress",
               "commissioners": "snippets.change_acceptancecommissioner"}


def _may(user, kind) -> bool:
    return user.is_active and user.has_perm(PERMISSIONS[kind])


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="导入内容", choices=KIND_CHOICES)
    file = forms.FileField(label="文件（.xlsx 或 .csv）")
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100,
                              help_text="留空则从表头或标题识别（如“2022年”）")
    month = forms.IntegerField(label="月份", required=False, min_value=1, max_value=12,
                               help_text="留空则从“1-N月完成投资”列识别")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(f"文件过大（{upload.size / 1024 / 1024:.1f} MB），上限为 {limit} MB。")
        if Path(upload.name).suffix.lower() not in (".xlsx", ".csv"):
            raise forms.ValidationError("请上传 .xlsx 或 .csv 文件。")
        return upload


class ExportForm(forms.Form):
    kind = forms.ChoiceField(label="导出内容", choices=KIND_CHOICES)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    month = forms.IntegerField(label="月份", required=False, min_value=1, max_value=12)
    format = forms.ChoiceField(label="格式", choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV (UTF-8)")])


def _start(job: ImportJob, confirm: bool) -> None:
    size_kb = job.path.stat().st_size / 1024
    if importing.ASYNC_RUNNER is not None and size_kb > settings.IMPORT_ASYNC_THRESHOLD_KB:
        job.update(status="queued", confirmed=False)
        importing.ASYNC_RUNNER(job.token, confirm)
    else:
        job.run(confirm)


def upload_view(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        if not _may(request.user, kind):
            raise PermissionDenied
        upload = form.cleaned_data["file"]
        job = ImportJob.create(kind, upload.name, upload.chunks(), user=request.user,
                               year=form.cleaned_data["year"], month=form.cleaned_data["month"])
        _start(job, confirm=False)
        return redirect("registers_import_job", token=job.token)
    return render(request, "registers/import/upload.html", {
        "form": form, "export_form": ExportForm(), "max_mb": settings.IMPORT_MAX_UPLOAD_MB,
        "threshold_kb": settings.IMPORT_ASYNC_THRESHOLD_KB,
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


def job_view(request, token):
    job = _job_for(request, token)
    state = job.state()
    result = job.result()
    rows = []
    if result:
        show = request.GET.get("show", "problems")
        rows = [r for r in result.rows if show == "all" or r.status in ("error", "unpublish") or r.warnings]
    return render(request, "registers/import/job.html", {
        "job": job, "state": state, "result": result, "rows": rows[:2000], "hidden": max(0, len(rows) - 2000),
        "totals": accepted_totals(result) if result else {}, "counts": result.status_counts() if result else {},
        "kind_label": dict(KIND_CHOICES)[state["kind"]], "show": request.GET.get("show", "problems"),
    })


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
        return redirect("registers_import_job", token=token)
    _start(job, confirm=True)
    return redirect("registers_import_job", token=token)


def export_view(request):
    form = ExportForm(request.GET or None)
    if not form.is_valid():
        return redirect("registers_import")
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


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("registers/import/", upload_view, name="registers_import"),
        path("registers/import/<str:token>/", job_view, name="registers_import_job"),
        path("registers/import/<str:token>/status/", status_view, name="registers_import_status"),
        path("registers/import/<str:token>/confirm/", confirm_view, name="registers_import_confirm"),
        path("registers/export/", export_view, name="registers_export"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return any(_may(request.user, kind) for kind in PERMISSIONS)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem("表格导入导出", reverse("registers_import"), icon_name="doc-full-inverse", order=290)
