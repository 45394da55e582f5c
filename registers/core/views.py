"""The scoped admin base views every register's viewset uses: row scope on every object view
(``ScopedObjectMixin``), listings limited to the user's rows and searched in the database, no
autosave (every save is a revision), and listing downloads fit for Chinese Excel (UTF-8 BOM,
Beijing time, no formulas). Scopes come from ``registers.core.scopes.rows_for``.
"""

import datetime
import re
from decimal import Decimal
from urllib.parse import quote as url_quote

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from wagtail.admin.ui.tables import Column
from wagtail.log_actions import log
from wagtail.snippets.views import snippets as snippet_views

from registers.core.cells import escape_formula
from registers.core.columns import ValueColumn
from registers.core.money import format_value
from registers.core.scopes import rows_for

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
    names_match = getattr(queryset, "names_match", None)  # units: also by a name as bureaus write it
    if names_match is not None:
        condition |= names_match(query)
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

    def _get_custom_column(self, field_name, column_class=Column, **kwargs):
        # A column named by field only shows its value as every admin screen does (是/否, —, amounts).
        if column_class is Column:
            column_class = ValueColumn
        return super()._get_custom_column(field_name, column_class, **kwargs)


class StatusLogMixin:
    """A status move saved in the admin (the form's ``transition``: ``registers.core.workflow``) is
    logged as its own action, with who and when, beside Wagtail's “edited” entry."""

    def save_instance(self):
        before = getattr(self.form, "_original_status", None)
        instance = super().save_instance()
        transition = getattr(self.form, "transition", None)
        if transition is not None:
            log(instance=instance, action=transition.log_action, user=self.request.user,
                revision=getattr(self, "new_revision", None),
                data={"status": {"old": before, "new": instance.status}})
        return instance


class ScopedCreateView(NoAutosaveMixin, snippet_views.CreateView):
    pass


ScopedEditView = scoped(snippet_views.EditView, NoAutosaveMixin)

# Bookkeeping columns an inspect view does not show: keys, search forms of a name, revision links.
INTERNAL_FIELDS = {"id", "normalized_name", "normalized_names", "latest_revision", "live_revision"}


class ValueInspectMixin:
    """An inspect view in the admin's words: no internal fields, and each value as the listings
    show it (``money.format_value``: 是/否, — for none, amounts with thousands separators)."""

    def get_fields(self):
        return [name for name in super().get_fields() if name not in INTERNAL_FIELDS]

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value == "-":  # Wagtail's form of an empty relation
            return format_value(None)
        return format_value(value)


ScopedInspectView = scoped(snippet_views.InspectView, ValueInspectMixin)
