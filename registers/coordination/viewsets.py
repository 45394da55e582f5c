"""Snippet viewsets of the coordination registers, in one admin menu “协调调度”, each on the scoped
base (``registers.core.viewsets.ScopedSnippetViewSet``)."""

from django.urls import path

from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from registers.coordination import views
from registers.coordination.filters import IssueFilterSet, LedgerFilterSet, MeetingFilterSet
from registers.coordination.forms import IssueForm, LedgerItemForm, MeetingForm, MinutesForm
from registers.coordination.models import CoordinationIssue, LedgerItem, Meeting, Minutes
from registers.core.columns import ValueColumn
from registers.core.viewsets import ScopedSnippetViewSet, SheetExportViewSetMixin


class IssueViewSet(SheetExportViewSetMixin, ScopedSnippetViewSet):
    model = CoordinationIssue
    icon = "help"
    menu_label = "协调事项"
    index_view_class = views.IssueIndexView
    sheet_export_view_class = views.IssueSheetExportView
    add_view_class = views.IssueCreateView
    edit_view_class = views.IssueEditView
    filterset_class = IssueFilterSet
    search_fields = ["problem", "request", "category", "project__name", "project__code", "raised_by__name"]
    list_per_page = 50
    list_display = [
        "__str__",
        Column("raised_by", label="提报单位", sort_key="raised_by__sort_order", classname="pb-wide"),
        ValueColumn("raised_on", label="提报日期", sort_key="raised_on", classname="pb-wide"),
        ValueColumn("round_date", label="收集批次", sort_key="round_date"),
        Column("proposed_tier", label="建议层级", accessor="get_proposed_tier_display", sort_key="proposed_tier",
               classname="pb-wide"),
        Column("status", label="状态", accessor="get_status_display", sort_key="status"),
    ]
    list_export = ["project.code", "project", "raised_by", "category", "problem", "request",
                   "get_proposed_tier_display", "raised_on", "round_date", "get_status_display", "opinion"]
    export_headings = {"project.code": "项目编码", "project": "项目名称", "get_proposed_tier_display": "建议协调层级",
                       "round_date": "收集批次", "get_status_display": "状态"}
    export_filename = "协调事项"
    inspect_view_fields = ["project", "raised_by", "category", "problem", "request", "proposed_tier", "raised_on",
                           "round_date", "contact_person", "contact_phone", "opinion", "status", "status_reason",
                           "considered_by", "created_at", "updated_at"]
    edit_handler = ObjectList(CoordinationIssue.panels, base_form_class=IssueForm)


class MeetingViewSet(ScopedSnippetViewSet):
    model = Meeting
    icon = "group"
    menu_label = "协调会议"
    index_view_class = views.MeetingIndexView
    add_view_class = views.MeetingCreateView
    edit_view_class = views.MeetingEditView
    filterset_class = MeetingFilterSet
    search_fields = ["title", "place", "chair"]
    list_display = [
        "title",
        Column("tier", label="层级", accessor="get_tier_display", sort_key="tier", classname="pb-wide"),
        Column("domain", label="领域", sort_key="domain__sort_order", classname="pb-wide"),
        ValueColumn("starts_at", label="时间", sort_key="starts_at"),
        Column("place", label="地点", classname="pb-wide"),
        Column("state", label="状态", accessor="get_state_display", sort_key="state"),
    ]
    list_export = ["title", "get_tier_display", "domain", "starts_at", "place", "chair", "get_state_display"]
    export_headings = {"get_tier_display": "会议层级", "get_state_display": "状态"}
    export_filename = "协调会议"
    edit_handler = ObjectList(Meeting.panels, base_form_class=MeetingForm)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("agenda/<int:pk>/", views.agenda_view, name="agenda")]


class MinutesViewSet(ScopedSnippetViewSet):
    model = Minutes
    icon = "doc-full"
    menu_label = "会议纪要"
    add_view_class = views.MinutesCreateView
    edit_view_class = views.MinutesEditView
    list_filter = ["year"]
    search_fields = ["body", "meeting__title"]
    list_display = ["__str__", Column("meeting", label="会议", classname="pb-wide"),
                    ValueColumn("issued_on", label="印发日期", classname="pb-wide"),
                    views.MinutesPdfColumn("pdf", label="PDF", accessor="pk")]
    list_export = ["number", "meeting", "issued_on", "present", "attending", "absent"]
    export_headings = {"number": "纪要编号"}
    export_filename = "会议纪要"
    edit_handler = ObjectList(Minutes.panels, base_form_class=MinutesForm)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("pdf/<int:pk>/", views.minutes_pdf_view, name="pdf")]


class LedgerViewSet(SheetExportViewSetMixin, ScopedSnippetViewSet):
    model = LedgerItem
    icon = "tasks"
    menu_label = "督办台账"
    index_view_class = views.LedgerIndexView
    sheet_export_view_class = views.LedgerSheetExportView
    add_view_class = views.LedgerCreateView
    edit_view_class = views.LedgerEditView
    filterset_class = LedgerFilterSet
    search_fields = ["text", "project__name", "evidence"]
    list_per_page = 50
    list_display = [
        "__str__",
        Column("project", label="项目", classname="pb-wide"),
        Column("minutes", label="来源会议", accessor="minutes", classname="pb-wide"),
        ValueColumn("deadline", label="完成时限", sort_key="deadline", classname="pb-wide"),
        Column("review_count", label="审议次数", sort_key="review_count", classname="pb-wide"),
        views.EscalationColumn("escalation", label="督办等级", sort_key="escalation"),
        Column("status", label="状态", accessor="get_status_display", sort_key="status"),
    ]
    list_export = ["text", "project", "minutes", "deadline", "review_count", "get_status_display",
                   "escalation_label", "overdue", "checked_off_on", "evidence"]
    export_headings = {"minutes": "来源会议", "review_count": "审议次数", "get_status_display": "状态",
                       "escalation_label": "督办等级", "overdue": "已逾期"}
    export_filename = "督办台账"
    inspect_view_fields = ["text", "minutes", "issue", "project", "responsible_units", "deadline", "status",
                           "escalation_now", "reviewed_by", "checked_off_on", "evidence", "status_reason", "updated_at"]
    edit_handler = ObjectList(LedgerItem.panels, base_form_class=LedgerItemForm)


class CoordinationGroup(SnippetViewSetGroup):
    menu_label = "协调调度"
    menu_icon = "group"
    menu_order = 210
    items = (IssueViewSet, MeetingViewSet, MinutesViewSet, LedgerViewSet)
