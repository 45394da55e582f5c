"""Admin views of the registers: row scope on every object view, the project listing with its
derived figures for a chosen period, progress create/edit with the over-plan warning, scoped
choosers, and a spreadsheet export fit for Chinese Excel (UTF-8 BOM, Beijing time, no formulas).

Scopes come from ``registers.core.scopes`` and figures from ``registers.projects.queries``; nothing here
computes either.
"""

import datetime
import io
import re
import tempfile
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote as url_quote

from django import forms
from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy

from wagtail.admin import messages
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.log_actions import log
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views

from registers.core.cells import escape_formula
from registers.core.periods import period_from, reporting_period
from registers.core.scopes import can_verify, images_for, rows_for
from registers.exports.writer import export_sheet, latest_month
from registers.models import MonthlyProgress, ProgressStatus, Project
from registers.projects.models.choices import LagLevel
from registers.projects.rules import above_total

# --- spreadsheet export -------------------------------------------------------------------------

BOM = "\ufeff"


def local_datetime(value: datetime.datetime) -> datetime.datetime:
    """Aware datetimes in the site's zone (Asia/Shanghai), made naive for the spreadsheet."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


class ChineseSpreadsheetExportMixin:
    """Wagtail's list_export, adjusted for Chinese Excel users: the CSV starts with a UTF-8 BOM
    (Excel reads it as GBK otherwise), datetimes are written in Asia/Shanghai rather than UTC, and
    text that starts like a formula is escaped in both CSV and XLSX."""

    custom_value_preprocess = {
        datetime.datetime: {
            "csv": lambda v: local_datetime(v).strftime("%Y-%m-%d %H:%M:%S"),
            "xlsx": local_datetime,
        },
        (datetime.date, datetime.time): {"xlsx": None},
        bool: {"csv": lambda v: "是" if v else "否", "xlsx": lambda v: "是" if v else "否"},
        Decimal: {"csv": lambda v: f"{v:.2f}", "xlsx": None},
        float: {"csv": lambda v: f"{v:.2f}", "xlsx": lambda v: round(v, 2)},
        list: {"csv": lambda v: "、".join(map(str, v)), "xlsx": lambda v: "、".join(map(str, v))},
        str: {"csv": escape_formula, "xlsx": escape_formula},
    }

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return escape_formula(value)

    def stream_csv(self, queryset):
        yield BOM.encode("utf-8")
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        response["Content-Disposition"] = attachment_header(f"{self.get_filename()}.csv")
        return response


def attachment_header(filename: str) -> str:
    """A Content-Disposition for a Chinese file name (RFC 6266): an ASCII ``filename`` for old
    clients and ``filename*=UTF-8''…`` percent-encoded, which browsers use. A header set with the
    raw name would go out RFC 2047-encoded and save as "download.csv"."""
    stem, dot, extension = filename.rpartition(".")
    fallback = "-".join(["export", *re.findall(r"[A-Za-z0-9]+", stem if dot else filename)])
    fallback = f"{fallback}.{extension}" if dot else fallback
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{url_quote(filename, safe='')}"


# --- row scope ----------------------------------------------------------------------------------


class ScopedObjectMixin:
    """Refuses (404) any object view whose ``pk`` lies outside the user's rows. The check runs in
    ``setup``, before Wagtail's views load the object, so edit, delete, history, inspect, usage,
    copy, revisions and revert all share it."""

    def setup(self, request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            try:
                allowed = rows_for(request.user, self.model).filter(pk=unquote(str(pk))).exists()
            except (ValueError, ValidationError):
                allowed = False
            if not allowed:
                raise Http404("不在您的数据范围内。")
        super().setup(request, *args, **kwargs)


class NoAutosaveMixin:
    """Every save of a register row is a new revision: no autosave and no overwriting revisions
    (false reports are vetoed, so the history must keep each one)."""

    def setup(self, request, *args, **kwargs):
        if request.method == "POST" and "overwrite_revision_id" in request.POST:
            request.POST = request.POST.copy()
            request.POST.pop("overwrite_revision_id")
        super().setup(request, *args, **kwargs)
        self.autosave_enabled = False


def scoped(view_class, *extra):
    return type(f"Scoped{view_class.__name__}", (ScopedObjectMixin, *extra, view_class), {})


def search_in_database(queryset, fields, query: str):
    """Rows with ``query`` as a substring (icontains) of any of ``fields``: the listings' and the
    choosers' search. It reads the rows themselves, so rows saved without a search-index entry
    (bulk imports) are found, and it works for Chinese, where the backend's word tokens do not."""
    condition = Q()
    for field in fields or ():
        condition |= Q(**{f"{field}__icontains": query})
    return queryset.filter(condition)


class ScopedIndexView(ChineseSpreadsheetExportMixin, snippet_views.IndexView):
    """A listing limited to the user's rows; search runs in the database (``search_in_database``)."""

    search_backend_name = None

    def get_base_queryset(self):
        return rows_for(self.request.user, self.model, super().get_base_queryset())

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search_in_database(queryset, self.search_fields, self.search_query)


class ScopedCreateView(NoAutosaveMixin, snippet_views.CreateView):
    pass


ScopedEditView = scoped(snippet_views.EditView, NoAutosaveMixin)


# --- bureau-layout export of a listing ---------------------------------------------------------


SHEET_FORMATS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "csv": "text/csv; charset=utf-8"}


class SheetExportMixin:
    """A listing that also offers its rows as the bureau's own 调度表 (``registers.exports.writer``):
    header buttons carry the listing's querystring to ``sheet_export_url_name``, whose view is the
    same listing class with ``SheetExportView`` mixed in, so the rows exported are exactly the rows
    listed — base queryset, row scope, filters and search all come from the listing's own code."""

    sheet_export_url_name = None  # set by the viewset

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
            buttons.append(HeaderButton("导出调度表（Excel）", url=self.sheet_export_url("xlsx"), icon_name="download",
                                        attrs={"title": "按当前筛选条件导出局里格式的调度表（标题、分领域小计、合计）"}))
        return buttons

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.sheet_export_url_name:
            buttons.append(Button("导出调度表（CSV）", url=self.sheet_export_url("csv"), icon_name="download",
                                  priority=80))
        return buttons


class SheetExportView:
    """Mixed before a listing class: GET answers the listing's rows as a bureau-layout file."""

    def sheet_rows(self):
        """(projects queryset, year, month) of the sheet, from the listing's own queryset."""
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get("format", "xlsx")
        if export_format not in SHEET_FORMATS:
            raise Http404("不支持的导出格式。")
        queryset, year, month = self.sheet_rows()
        with tempfile.TemporaryDirectory(dir=settings.VAR_DIR) as folder:
            target = Path(folder) / f"sheet.{export_format}"
            export_sheet("projects", target, user=request.user, year=year, month=month, queryset=queryset)
            content = target.read_bytes()
        period = f"{year}年{month}月" if month else f"{year}年"
        return FileResponse(io.BytesIO(content), as_attachment=True, content_type=SHEET_FORMATS[export_format],
                            filename=f"重大项目调度表-{period}.{export_format}")


# --- project listing ----------------------------------------------------------------------------




class MoneyColumn(Column):
    cell_template_name = "registers/columns/money_cell.html"

    def __init__(self, name, **kwargs):
        kwargs.setdefault("classname", "pb-num")
        super().__init__(name, **kwargs)


class PercentBarColumn(Column):
    cell_template_name = "registers/columns/pct_bar_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        value = context["raw_value"]
        context["pct"] = value
        context["width"] = None if value is None else max(0, min(100, value))
        context["time_elapsed"] = getattr(instance, "time_elapsed", None)
        context["over_plan"] = getattr(instance, "over_plan", False)
        return context




class LagColumn(Column):
    cell_template_name = "registers/columns/lag_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        level = context["raw_value"] or "none"
        context["level"] = level
        context["label"] = LagLevel(level).label
        context["reported"] = getattr(instance, "reported", True)
        return context


class ProjectIndexView(SheetExportMixin, ScopedIndexView):
    """The project register with the period's figures (``with_figures``) in one query."""

    @cached_property
    def period(self) -> tuple[int, int]:
        return period_from(self.request.GET)

    def get_base_queryset(self):
        year, month = self.period
        queryset = (
            Project.objects.select_related("domain", "responsible_unit", "township")
            .with_figures(year, month)
        )
        return rows_for(self.request.user, Project, queryset)

    def get_page_subtitle(self):
        year, month = self.period
        return f"{year}年1-{month}月"

    def get_filename(self):
        year, month = self.period
        return f"项目清单-{year}年{month}月"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["period"] = self.period
        return context

    def to_row_dict(self, item):
        item.lag_label = LagLevel(item.lag_level).label if item.lag_level else ""
        return super().to_row_dict(item)


class ProjectSheetExportView(SheetExportView, ProjectIndexView):
    def sheet_rows(self):
        year, month = self.period
        queryset = self.get_queryset()
        if not self.request.GET.get("month"):
            # The default period: the sheet's 1-N月 column is the last month reported by then.
            month = latest_month(year, queryset, until=month)
        return queryset, year, month


class OverPlanColumn(Column):
    """Nothing on a normal row, a small “超计划” tag on a month above its annual plan."""

    cell_template_name = "registers/columns/over_plan_cell.html"


class ProgressIndexView(SheetExportMixin, ScopedIndexView):
    def get_base_queryset(self):
        queryset = (
            MonthlyProgress.objects.select_related("project", "project__domain", "project__responsible_unit")
            .with_month_completed()
            .with_plan()
        )
        return rows_for(self.request.user, MonthlyProgress, queryset)


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


STATUS_LOG_ACTIONS = {
    ProgressStatus.SUBMITTED: "registers.progress.submit",
    ProgressStatus.VERIFIED: "registers.progress.verify",
}


def register_progress_log_actions(actions):
    """History labels of the status changes (hook ``register_log_actions``)."""
    actions.register_action("registers.progress.submit", "报送", "报送月度进展")
    actions.register_action("registers.progress.verify", "审核", "审核通过月度进展")


class StatusLogMixin:
    """A status change saved in the admin (报送, 审核) is logged as its own action, with who and
    when, beside Wagtail's “edited” entry of the revision."""

    def save_instance(self):
        before = getattr(self.form, "_original_status", None)
        instance = super().save_instance()
        action = STATUS_LOG_ACTIONS.get(instance.status) if instance.status != before else None
        if action:
            log(instance=instance, action=action, user=self.request.user,
                revision=getattr(self, "new_revision", None),
                data={"status": {"old": before, "new": instance.status}})
        return instance


class ProgressCreateView(StatusLogMixin, OverPlanWarningMixin, ScopedCreateView):
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


# --- choosers -----------------------------------------------------------------------------------


class DatabaseSearchFilterForm(BaseFilterForm):
    """The chooser's search box, searching as the listing does (``search_in_database``)."""

    search_fields: list[str] = []

    q = forms.CharField(label=gettext_lazy("Search term"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Search")}))

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = search_in_database(objects, self.search_fields, query)
            self.is_searching = True
            self.search_query = query
        return objects


class ScopedChooseMixin:
    """The user's rows, searched in the database on the snippet viewset's ``search_fields``, with
    the viewset's ``chooser_columns`` (so same-named projects can be told apart)."""

    @property
    def snippet_viewset(self):
        return getattr(self.model_class, "snippet_viewset", None)

    def get_object_list(self):
        queryset = rows_for(self.request.user, self.model_class)
        related = getattr(self.snippet_viewset, "chooser_select_related", ())
        return queryset.select_related(*related) if related else queryset

    def get_filter_form_class(self):
        fields = list(getattr(self.snippet_viewset, "search_fields", None) or [])
        return type("FilterForm", (DatabaseSearchFilterForm,), {"search_fields": fields})

    @property
    def columns(self):
        return [*super().columns, *getattr(self.snippet_viewset, "chooser_columns", [])]


class ScopedChooseView(ScopedChooseMixin, snippet_chooser.ChooseView):
    pass


class ScopedChooseResultsView(ScopedChooseMixin, snippet_chooser.ChooseResultsView):
    pass


class ScopedChosenView(snippet_chooser.SnippetChosenView):
    def get_object(self, pk):
        try:
            return rows_for(self.request.user, self.model_class).get(pk=pk)
        except (ValueError, ValidationError) as e:
            raise ObjectDoesNotExist from e


class ScopedChosenMultipleView(snippet_chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return rows_for(self.request.user, self.model_class).filter(pk__in=pks)


class ScopedChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView


# --- images ---------------------------------------------------------------------------------------


def scope_image_chooser(images, request):
    """Hook ``construct_image_chooser_queryset``: a unit sees its own photos, not every unit's."""
    return images_for(request.user, images)
