"""Admin views of the project family: the project listing with the period's figures and their
totals, the bureau-layout export of a listing, progress create/edit with the over-plan warning and
its status history, and the verified-month delete guard. Scopes, choosers and the generic
listing come from ``registers.core``; figures from ``registers.projects.queries``.
"""

import io
import tempfile
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property

from wagtail.admin import messages
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.snippets.views import snippets as snippet_views

from registers.core.periods import period_from, reporting_period
from registers.core.views import NoAutosaveMixin, ScopedCreateView, ScopedIndexView, StatusLogMixin, scoped
from registers.exports.writer import export_sheet, latest_month
from registers.models import MonthlyProgress, ProgressStatus, Project
from registers.projects.models.choices import LagLevel
from registers.projects.rules import above_total
from registers.projects.scopes import can_verify
from registers.projects.workflow import PROGRESS_WORKFLOW

# --- bureau-layout export of a listing ---------------------------------------------------------


SHEET_FORMATS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "csv": "text/csv; charset=utf-8"}


class SheetExportMixin:
    """A listing that also offers its rows as the bureau's own 调度表 (``registers.exports.writer``):
    header buttons carry the listing's querystring to ``sheet_export_url_name``, whose view is the
    same listing class with ``SheetExportView`` mixed in, so the rows exported are exactly the rows
    listed — base queryset, row scope, filters and search all come from the listing's own code."""

    sheet_export_url_name = None  # set by the viewset
    sheet_export_label = "调度表"

    def sheet_export_url(self, export_format: str) -> str:
        params = self.request.GET.copy()
        for key in (self.page_kwarg, "export", "_w_filter_fragment"):
            params.pop(key, None)
        params["format"] = export_format
        return f"{reverse(self.sheet_export_url_name)}?{params.urlencode()}"

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.sheet_export_url_name:
            buttons.append(HeaderButton(
                f"导出{self.sheet_export_label}（Excel）", url=self.sheet_export_url("xlsx"), icon_name="download",
                attrs={"title": "按当前筛选条件导出局里格式的调度表（标题、分领域小计、合计）"},
            ))
        return buttons

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.sheet_export_url_name:
            buttons.append(Button(f"导出{self.sheet_export_label}（CSV）", url=self.sheet_export_url("csv"),
                                  icon_name="download", priority=80))
        return buttons


class SheetExportView:
    """Mixed before a listing class: GET answers the listing's rows as a bureau-layout file."""

    sheet_kind = "projects"

    def sheet_rows(self):
        """(queryset, year, month) of the sheet, from the listing's own queryset."""
        raise NotImplementedError

    def sheet_filename(self, year, month) -> str:
        period = f"{year}年{month}月" if month else f"{year}年"
        return f"重大项目调度表-{period}"

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get("format", "xlsx")
        if export_format not in SHEET_FORMATS:
            raise Http404("不支持的导出格式。")
        queryset, year, month = self.sheet_rows()
        with tempfile.TemporaryDirectory(dir=settings.VAR_DIR) as folder:
            target = Path(folder) / f"sheet.{export_format}"
            export_sheet(self.sheet_kind, target, user=request.user, year=year, month=month, queryset=queryset)
            content = target.read_bytes()
        return FileResponse(io.BytesIO(content), as_attachment=True, content_type=SHEET_FORMATS[export_format],
                            filename=f"{self.sheet_filename(year, month)}.{export_format}")


# --- project listing ----------------------------------------------------------------------------


class LagColumn(Column):
    cell_template_name = "registers/columns/lag_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        level = context["raw_value"] or "none"
        context["level"] = level
        context["label"] = LagLevel(level).label
        context["reported"] = getattr(instance, "reported", True)
        context["draft_pending"] = getattr(instance, "draft_pending", False)
        return context


class ProjectIndexView(SheetExportMixin, ScopedIndexView):
    """The project register with the period's figures (``with_figures``) in one query."""

    @cached_property
    def period(self) -> tuple[int, int]:
        return period_from(self.request.GET, default=MonthlyProgress.objects.latest_period())

    def get_base_queryset(self):
        year, month = self.period
        queryset = (
            Project.objects.select_related("domain", "responsible_unit")
            .prefetch_related("townships")
            .with_figures(year, month)
        )
        return queryset.for_user(self.request.user)

    def get_page_subtitle(self):
        year, month = self.period
        return f"{year}年1-{month}月"

    def get_filename(self):
        year, month = self.period
        return f"项目清单-{year}年{month}月"

    results_template_name = "registers/projects/project_index_results.html"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["period"] = self.period
        # The listing's rows (filters, search, scope) summed: the same figures as the dashboard,
        # the exported 调度表's 合计 and the public pages.
        context["totals"] = self.get_queryset().totals()
        return context

    def to_row_dict(self, item):
        item.lag_label = LagLevel(item.lag_level).label if item.lag_level else ""
        return super().to_row_dict(item)


class ProjectSheetExportView(SheetExportView, ProjectIndexView):
    def sheet_rows(self):
        """The listing's rows at its period. Without a chosen month the sheet's 1-N月 column is the
        last month counted by then: its figures equal the period's (carried), and a sheet never
        claims a month nobody reported, so it imports back unchanged."""
        year, month = self.period
        queryset = self.get_queryset()
        if not self.request.GET.get("month"):
            month = latest_month(year, queryset, until=month)
        return queryset, year, month


class OverPlanColumn(Column):
    """Nothing on a normal row, a small “超计划” tag on a month above its annual plan."""

    cell_template_name = "registers/columns/over_plan_cell.html"


class ProgressIndexView(SheetExportMixin, ScopedIndexView):
    def get_filterset_kwargs(self):
        """Opened without a period, the listing shows the latest month the user has (drafts
        included: this is where they are finished); 全部年度 / 全部月份 (empty values) show every month."""
        kwargs = super().get_filterset_kwargs()
        if "year" not in self.request.GET and "month" not in self.request.GET:
            data = self.request.GET.copy()
            latest = MonthlyProgress.objects.for_user(self.request.user).latest_period(counted_only=False)
            data["year"], data["month"] = (str(v) for v in latest)
            kwargs["data"] = data
        return kwargs

    def get_base_queryset(self):
        queryset = (
            MonthlyProgress.objects.select_related("project", "project__domain", "project__responsible_unit")
            .with_month_completed()
            .with_plan()
        )
        return queryset.for_user(self.request.user)


class ProgressSheetExportView(SheetExportView, ProgressIndexView):
    def sheet_rows(self):
        """The projects of the listed months, in the year (and month) filtered, else the latest
        year and month listed: the sheet shows each project's figures at that month."""
        rows = self.get_queryset().order_by()
        year = self.filters.form.cleaned_data.get("year") if self.filters and self.filters.is_valid() else None
        month = self.filters.form.cleaned_data.get("month") if year else None
        year = int(year) if year else rows.values_list("year", flat=True).order_by("-year").first()
        if year is None:
            year, _month = reporting_period()
        rows = rows.filter(year=year)
        month = int(month) if month else rows.values_list("month", flat=True).order_by("-month").first()
        projects = Project.objects.filter(pk__in=rows.values("project_id"))
        return projects, year, month


# --- progress create / edit ---------------------------------------------------------------------


class OverPlanWarningMixin:
    """After a save: completed above the annual plan is allowed, but flagged to the user."""

    def save_action(self):
        response = super().save_action()
        row = MonthlyProgress.objects.with_plan().filter(pk=self.object.pk, over_plan=True).first()
        if row is not None:
            messages.warning(
                self.request,
                f"“{row}”1至本月累计完成投资 {row.completed_ytd} 万元，已超过{row.year}年度计划投资 "
                f"{row.plan_amount} 万元，已标记为“超计划”，请核实。",
            )
        progress = self.object
        if above_total(progress.completed_ytd, progress.project.total_investment):
            messages.warning(
                self.request,
                f"“{progress}”1至本月累计完成投资 {progress.completed_ytd} 万元，已超过项目总投资 "
                f"{progress.project.total_investment} 万元，请核实总投资或完成数。",
            )
        return response


def register_progress_log_actions(actions):
    """History labels of the status moves (hook ``register_log_actions``)."""
    PROGRESS_WORKFLOW.register_log_actions(actions)


class ExistingMonthMixin:
    """添加月度进展 for a month that already exists (a draft, say) opens that month instead of
    failing on the unique rule; ``?project=&year=&month=`` (the dashboard's 未报 links) prefill."""

    def _existing(self, data):
        try:
            key = {name: int(data.get(name) or 0) for name in ("project", "year", "month")}
        except (TypeError, ValueError):
            return None
        if not all(key.values()):
            return None
        return (MonthlyProgress.objects.for_user(self.request.user)
                .filter(project_id=key["project"], year=key["year"], month=key["month"]).first())

    def _open(self, existing):
        messages.info(self.request, f"“{existing}”已存在，已为您打开该月进展。")
        return redirect(MonthlyProgress.snippet_viewset.get_url_name("edit"), existing.pk)

    def get(self, request, *args, **kwargs):
        existing = self._existing(request.GET)
        return self._open(existing) if existing else super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        existing = self._existing(request.POST)
        return self._open(existing) if existing else super().post(request, *args, **kwargs)

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        for name in ("year", "month"):
            value = self.request.GET.get(name, "")
            if value.isdigit():
                setattr(instance, name, int(value))
        project = self.request.GET.get("project", "")
        if project.isdigit() and Project.objects.for_user(self.request.user).filter(pk=int(project)).exists():
            instance.project_id = int(project)
        return instance


class ProgressCreateView(ExistingMonthMixin, StatusLogMixin, OverPlanWarningMixin, ScopedCreateView):
    pass


ProgressEditView = scoped(snippet_views.EditView, StatusLogMixin, OverPlanWarningMixin, NoAutosaveMixin)


def may_delete_progress(user, progress) -> bool:
    """A verified month is deleted only by whoever may verify it (the domain's lead unit or the HQ
    office); other months by anyone who may edit them."""
    return progress.status != ProgressStatus.VERIFIED or can_verify(user, progress.project)


class VerifiedProgressDeleteGuard:
    """Refuses (403) deleting a verified month to whoever may not verify it."""

    def dispatch(self, request, *args, **kwargs):
        if not may_delete_progress(request.user, self.object):
            return TemplateResponse(request, "registers/refused.html", {
                "object": self.object,
                "message": "该月进展已审核，只能由本领域牵头单位或指挥部办公室删除。",
                "back_url": reverse(self.index_url_name),
            }, status=403)
        return super().dispatch(request, *args, **kwargs)


ProgressDeleteView = scoped(snippet_views.DeleteView, VerifiedProgressDeleteGuard)
