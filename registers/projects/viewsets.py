"""Snippet viewsets of the registers, grouped in one admin menu “项目大会战”.

Each derives from the scoped base (``registers.core.viewsets.ScopedSnippetViewSet``); form fields
offer only the user's projects (``registers.projects.forms``).
"""

from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from registers.core.columns import MoneyColumn, PercentBarColumn
from registers.core.viewsets import ScopedSnippetViewSet, SheetExportViewSetMixin, UnitMembershipViewSet
from registers.models import GroundbreakingRound, MonthlyProgress, ObservationMeeting, Project
from registers.projects import views
from registers.projects.filters import MonthlyProgressFilterSet, ProjectFilterSet
from registers.projects.forms import MonthlyProgressForm, ProjectForm, ScopedProjectsForm


class ProjectViewSet(SheetExportViewSetMixin, ScopedSnippetViewSet):
    model = Project
    icon = "site"
    menu_label = "项目"
    index_view_class = views.ProjectIndexView
    sheet_export_view_class = views.ProjectSheetExportView
    filterset_class = ProjectFilterSet
    search_fields = ["name", "code", "owner_name", "location"]
    # Many projects share a name (高标准农田建设项目): the chooser shows what tells them apart.
    chooser_columns = [
        Column("code", label="项目编码"),
        Column("responsible_unit", label="责任单位"),
        Column("place", label="所在乡镇"),
        Column("stage", label="项目阶段", accessor="get_stage_display"),
    ]
    chooser_select_related = ["responsible_unit"]
    chooser_prefetch_related = ["townships"]
    list_per_page = 50
    list_display = [
        "name",
        # On a phone only the name, 完成率 and 滞后 show (pb-wide columns are hidden; inspect has all).
        Column("domain", label="领域", sort_key="domain__sort_order", classname="pb-wide"),
        Column("stage", label="阶段", accessor="get_stage_display", sort_key="stage", classname="pb-wide"),
        Column("responsible_unit", label="责任单位", sort_key="responsible_unit__sort_order", classname="pb-wide"),
        MoneyColumn("total_investment", label="总投资（万元）", sort_key="total_investment",
                    classname="pb-num pb-wide"),
        MoneyColumn("plan_amount", label="年度计划（万元）", sort_key="plan_amount", classname="pb-num pb-wide"),
        MoneyColumn("ytd_completed", label="累计完成（万元）", sort_key="ytd_completed", classname="pb-num pb-wide"),
        PercentBarColumn("pct_of_plan", label="完成率", sort_key="pct_of_plan"),
        views.LagColumn("lag_level", label="滞后", sort_key="lag_level"),
    ]
    list_export = [
        "code", "name", "domain", "get_nature_display", "get_stage_display", "place", "location",
        "owner_name", "responsible_unit", "start_year", "end_year", "total_investment", "plan_amount",
        "ytd_completed", "pct_of_plan", "time_elapsed", "lag_label", "reported", "over_plan", "updated_at",
    ]
    export_headings = {
        "domain": "领域", "get_nature_display": "建设性质", "get_stage_display": "项目阶段", "place": "所在乡镇",
        "responsible_unit": "责任单位", "plan_amount": "年度计划投资（万元）", "ytd_completed": "累计完成投资（万元）",
        "pct_of_plan": "完成年度计划（%）", "time_elapsed": "序时进度（%）", "lag_label": "滞后情况",
        "reported": "本月已报进度", "over_plan": "超年度计划", "updated_at": "更新时间",
    }
    export_filename = "项目清单"

    edit_handler = ObjectList(Project.panels, base_form_class=ProjectForm)


class MonthlyProgressViewSet(SheetExportViewSetMixin, ScopedSnippetViewSet):
    model = MonthlyProgress
    icon = "date"
    menu_label = "月度进展"
    index_view_class = views.ProgressIndexView
    sheet_export_view_class = views.ProgressSheetExportView
    add_view_class = views.ProgressCreateView
    edit_view_class = views.ProgressEditView
    delete_view_class = views.ProgressDeleteView
    filterset_class = MonthlyProgressFilterSet
    search_fields = ["project__name", "project__code", "image_progress", "problems"]
    list_per_page = 50
    list_display = [
        "__str__",
        Column("project__domain", label="领域", accessor="project.domain"),
        Column("year", label="年度", sort_key="year"),
        Column("month", label="月份", sort_key="month"),
        MoneyColumn("month_completed", label="当月完成（万元）", sort_key="month_completed"),
        MoneyColumn("completed_ytd", label="累计完成（万元）", sort_key="completed_ytd"),
        MoneyColumn("plan_amount", label="年度计划（万元）", sort_key="plan_amount"),
        views.OverPlanColumn("over_plan", label="超计划", sort_key="over_plan"),
        Column("status", label="状态", accessor="get_status_display", sort_key="status"),
        DateColumn("updated_at", label="更新时间", sort_key="updated_at"),
    ]
    list_export = [
        "project.code", "project", "year", "month", "month_completed", "completed_ytd", "plan_amount", "over_plan",
        "image_progress", "problems", "get_status_display", "reporter_name", "submitted_at", "verified_at",
        "updated_at",
    ]
    export_headings = {
        "project.code": "项目编码", "project": "项目名称", "month_completed": "当月完成投资（万元）",
        "plan_amount": "年度计划投资（万元）", "over_plan": "超年度计划", "get_status_display": "状态",
    }
    export_filename = "月度进展"

    edit_handler = ObjectList(MonthlyProgress.panels, base_form_class=MonthlyProgressForm)

    def may_delete(self, user, obj) -> bool:
        return views.may_delete_progress(user, obj)


class GroundbreakingRoundViewSet(ScopedSnippetViewSet):
    model = GroundbreakingRound
    icon = "pick"
    menu_label = "集中开（竣）工"
    list_display = ["title", "date", "level", "is_completion", "location"]
    list_filter = ["level", "is_completion"]
    search_fields = ["title", "location"]
    edit_handler = ObjectList(GroundbreakingRound.panels, base_form_class=ScopedProjectsForm)


class ObservationMeetingViewSet(ScopedSnippetViewSet):
    model = ObservationMeeting
    icon = "view"
    menu_label = "现场观摩会"
    list_display = ["title", "date", "level"]
    list_filter = ["level"]
    search_fields = ["title", "comments"]
    edit_handler = ObjectList(ObservationMeeting.panels, base_form_class=ScopedProjectsForm)


class ProjectRegisterGroup(SnippetViewSetGroup):
    menu_label = "项目大会战"
    menu_icon = "site"
    menu_order = 200
    items = (
        ProjectViewSet,
        MonthlyProgressViewSet,
        GroundbreakingRoundViewSet,
        ObservationMeetingViewSet,
        UnitMembershipViewSet,
    )
