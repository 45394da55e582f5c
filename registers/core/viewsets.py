"""The scoped admin base every register's viewset derives from: each view (listing, export,
add, edit, delete, copy, usage, history, inspect, revisions, chooser) keeps to the user's rows
(``registers.core.scopes.rows_for``), so a register is scoped by construction. A model whose
queryset has no ``for_user`` and whose viewset names no ``row_scope`` is refused at start-up.
"""

from django.core.exceptions import ImproperlyConfigured
from django.urls import path

from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from registers.core import views
from registers.core.bulk_actions import SCOPED_MODELS
from registers.core.choosers import ScopedChooserViewSet
from registers.core.models import UnitMembership


class ScopedSnippetViewSet(SnippetViewSet):
    """A snippet viewset whose every view, chooser and export keeps to the user's rows."""

    index_view_class = views.ScopedIndexView
    add_view_class = views.ScopedCreateView
    edit_view_class = views.ScopedEditView
    copy_view_class = views.scoped(snippet_views.CopyView)
    delete_view_class = views.scoped(snippet_views.DeleteView)
    usage_view_class = views.scoped(snippet_views.UsageView)
    history_view_class = views.scoped(snippet_views.HistoryView)
    inspect_view_class = views.ScopedInspectView
    revisions_view_class = views.scoped(snippet_views.PreviewRevisionView)
    revisions_compare_view_class = views.scoped(snippet_views.RevisionsCompareView)
    revisions_unschedule_view_class = views.scoped(snippet_views.RevisionsUnscheduleView)
    unpublish_view_class = views.scoped(snippet_views.UnpublishView)
    lock_view_class = views.scoped(snippet_views.LockView)
    unlock_view_class = views.scoped(snippet_views.UnlockView)
    workflow_history_view_class = views.scoped(snippet_views.WorkflowHistoryView)
    workflow_history_detail_view_class = views.scoped(snippet_views.WorkflowHistoryDetailView)
    chooser_viewset_class = ScopedChooserViewSet
    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None  # substring search in the database: works for Chinese names
    row_scope = None  # reference data: a ``registers.core.scopes`` function (user, queryset) → rows

    def on_register(self):
        manager = self.model._default_manager
        if self.row_scope is None and not hasattr(manager, "for_user"):
            raise ImproperlyConfigured(
                f"{self.model._meta.label}: a register's queryset needs for_user(), or its viewset a row_scope."
            )
        if self.model not in SCOPED_MODELS:
            SCOPED_MODELS.append(self.model)
        super().on_register()

    def may_delete(self, user, obj) -> bool:
        """A rule beyond model permission and row scope for deleting ``obj`` (none by default)."""
        return True


class SheetExportViewSetMixin:
    """Adds ``sheet/``: the listing's rows (same filters, search and scope) as the bureau's 调度表,
    linked from the listing's header buttons (``registers.projects.views.SheetExportMixin``)."""

    sheet_export_view_class = None

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(sheet_export_url_name=self.get_url_name("sheet_export"), **kwargs)

    @property
    def sheet_export_view(self):
        return self.construct_view(self.sheet_export_view_class, **self.get_index_view_kwargs())

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("sheet/", self.sheet_export_view, name="sheet_export")]


class UnitMembershipViewSet(ScopedSnippetViewSet):
    """Which unit each user works for: the HQ office (or a superuser) assigns it."""

    model = UnitMembership
    icon = "user"
    menu_label = "用户所在单位"
    list_display = [
        Column("user", label="用户", sort_key="user__username"),
        Column("unit", label="所在单位", sort_key="unit__sort_order"), "leader_name",
    ]
    panels = [FieldPanel("user", heading="用户"), FieldPanel("unit"), FieldPanel("leader_name")]
    list_filter = ["unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "leader_name"]
    inspect_view_enabled = False


