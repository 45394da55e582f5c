"""The admin menu 报告: the run register (listing with filters, PDF links, 立即运行 for the HQ
office) and the words of each kind (edited with a preview of the document)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSetGroup

import django_filters

from registers.core.scopes import staff_rows
from registers.core.views import ScopedIndexView
from registers.core.viewsets import ScopedSnippetViewSet
from tasks.models import ReportKind, ReportRun, ReportWording, RunStatus, ScopeKind
from tasks.views import RUN_PERMISSION


class ReportRunFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label="报告类型", choices=ReportKind.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=RunStatus.choices)
    scope_kind = django_filters.ChoiceFilter(label="范围", choices=ScopeKind.choices)
    period = django_filters.CharFilter(label="期间", lookup_expr="startswith",
                                       help_text="如 2022、2022-05、2022-Q2")

    class Meta:
        model = ReportRun
        fields = ["kind", "status", "scope_kind", "period", "domain", "unit"]


class PdfColumn(Column):
    def get_value(self, instance):
        if not instance.file:
            return "—"
        url = reverse("report_download", args=[instance.pk])
        size = f"{instance.file_size / 1024:.0f} KB" if instance.file_size else ""
        return format_html('<a href="{}" target="_blank" rel="noopener">查看</a> · <a href="{}?download=1">下载</a> '
                           '<span class="pb-muted">{}</span>', url, url, size)


class StatusColumn(Column):
    def get_value(self, instance):
        label = instance.get_status_display()
        if instance.status == RunStatus.FAILED and instance.error:
            return format_html('<span class="pb-flag pb-flag--red" title="{}">{}</span> {}', instance.error, label,
                               instance.error[:80])
        return label


class ReportRunIndexView(ScopedIndexView):
    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm(RUN_PERMISSION):
            buttons.append(HeaderButton("立即运行…", url=reverse("report_run_now"), icon_name="resubmit"))
        return buttons


class RunsAreBuiltNotEdited(ModelPermissionPolicy):
    """A run is made by its cycle (立即运行 or the calendar) and never typed in: nobody, not even a
    superuser, adds or edits one in a form."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ReportRunViewSet(ScopedSnippetViewSet):
    model = ReportRun
    icon = "doc-full"
    menu_label = "报告列表"
    index_view_class = ReportRunIndexView
    filterset_class = ReportRunFilterSet
    list_display = [
        "kind_label",
        Column("period", label="期间", sort_key="period"),
        Column("scope_label", label="范围", sort_key="scope_key"),
        Column("number", label="文号"),
        StatusColumn("status", label="状态", sort_key="status"),
        DateColumn("finished_at", label="完成时间", sort_key="finished_at"),
        PdfColumn("file", label="PDF"),
    ]
    search_fields = ["title", "number", "period"]
    ordering = ["-period", "kind", "scope_key"]
    list_per_page = 50
    panels = [FieldPanel(name, read_only=True) for name in (
        "kind", "period", "scope_kind", "domain", "unit", "status", "error", "number", "title", "issued_on",
        "trigger", "requested_by", "attempts", "queued_at", "started_at", "finished_at", "file", "figures")]
    inspect_view_fields = ["kind", "period", "scope_kind", "domain", "unit", "status", "error", "number", "title",
                           "issued_on", "trigger", "requested_by", "attempts", "queued_at", "started_at",
                           "finished_at", "file", "file_size", "figures"]

    @property
    def permission_policy(self):
        return RunsAreBuiltNotEdited(self.model)

    def get_queryset(self, request):
        return ReportRun.objects.select_related("domain", "unit")


class ReportWordingViewSet(ScopedSnippetViewSet):
    """Edited by the HQ office (model permission); the words are not anyone's rows."""

    model = ReportWording
    row_scope = staticmethod(staff_rows)
    icon = "edit"
    menu_label = "报告文字"
    list_display = ["kind_label", "title", "number_prefix"]
    add_to_admin_menu = False
    copy_view_enabled = False


class ReportGroup(SnippetViewSetGroup):
    menu_label = "报告"
    menu_icon = "doc-full"
    menu_order = 260
    items = (ReportRunViewSet, ReportWordingViewSet)
