"""Snippet viewsets of the duties registers, in one admin menu “挂点与专员”, on the scoped base."""

from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from registers.core.columns import ValueColumn
from registers.core.views import ScopedCreateView
from registers.core.viewsets import ScopedSnippetViewSet
from registers.duties import views
from registers.duties.forms import ActivityForm, AssignmentForm, CommissionerForm, DutyForm
from registers.duties.models import CommissionerDuty, Leader, LeaderActivity, LeaderAssignment, LiaisonCommissioner

PrefillCreateView = type("PrefillCreateView", (views.PrefillMixin, ScopedCreateView), {})


class LeaderViewSet(ScopedSnippetViewSet):
    model = Leader
    icon = "user"
    menu_label = "县领导"
    list_display = ["name", "post", Column("body", label="所属班子", accessor="get_body_display")]
    search_fields = ["name", "post"]
    list_export = ["name", "post", "get_body_display"]
    export_headings = {"get_body_display": "所属班子"}


class AssignmentViewSet(ScopedSnippetViewSet):
    model = LeaderAssignment
    icon = "link"
    menu_label = "挂点安排"
    index_view_class = views.AssignmentIndexView
    list_filter = ["year", "kind", "leader", "domain"]  # year (and ?month=) also choose the period judged
    search_fields = ["leader__name", "project__name", "domain__name"]
    list_per_page = 50
    list_display = [
        "__str__",
        Column("kind", label="方式", accessor="get_kind_display", sort_key="kind"),
        Column("liaison_unit", label="服务联络部门", classname="pb-wide"),
        ValueColumn("report_months", label="听取汇报（月）", sort_key="report_months", classname="pb-wide"),
        ValueColumn("site_visits", label="现场调研（次）", sort_key="site_visits", classname="pb-wide"),
        ValueColumn("meeting_months", label="协调会（月）", sort_key="meeting_months", classname="pb-wide"),
        BooleanColumn("met", label="达标", sort_key="met"),
    ]
    list_export = ["leader", "leader.post", "get_kind_display", "target", "liaison_unit", "year", "report_months",
                   "site_visits", "meeting_months", "met"]
    export_headings = {"leader": "挂点领导", "leader.post": "职务", "get_kind_display": "挂点方式",
                       "target": "挂点项目", "report_months": "听取汇报（月数）", "site_visits": "现场调研（次数）",
                       "meeting_months": "协调会（月数）", "met": "是否达标"}
    export_filename = "挂点安排"
    edit_handler = ObjectList(LeaderAssignment.panels, base_form_class=AssignmentForm)


class ActivityViewSet(ScopedSnippetViewSet):
    model = LeaderActivity
    icon = "date"
    menu_label = "挂点工作台账"
    add_view_class = PrefillCreateView
    list_filter = ["kind"]
    search_fields = ["summary", "assignment__leader__name", "assignment__project__name"]
    list_display = ["__str__", Column("assignment", label="挂点安排"), ValueColumn("summary", label="内容摘要",
                                                                                    classname="pb-wide")]
    list_export = ["date", "assignment", "get_kind_display", "summary"]
    export_headings = {"get_kind_display": "活动类型"}
    edit_handler = ObjectList(LeaderActivity.panels, base_form_class=ActivityForm)


class CommissionerViewSet(ScopedSnippetViewSet):
    model = LiaisonCommissioner
    icon = "user"
    menu_label = "对接专员"
    add_view_class = PrefillCreateView
    list_filter = ["year", "unit"]
    search_fields = ["name", "section", "unit__name", "projects__name"]
    list_display = ["name", Column("unit", label="所在单位"), ValueColumn("section", label="股室", classname="pb-wide"),
                    ValueColumn("mobile", label="手机", classname="pb-wide"), "year"]
    list_export = ["name", "unit", "section", "post", "office_phone", "mobile", "projects", "year"]
    edit_handler = ObjectList(LiaisonCommissioner.panels, base_form_class=CommissionerForm)


class DutyViewSet(ScopedSnippetViewSet):
    model = CommissionerDuty
    icon = "tasks"
    menu_label = "专员履职台账"
    list_filter = ["kind"]
    search_fields = ["notes", "commissioner__name", "project__name"]
    list_display = ["__str__", Column("commissioner", label="对接专员"), Column("project", label="项目",
                                                                             classname="pb-wide")]
    list_export = ["date", "commissioner", "project", "get_kind_display", "notes"]
    export_headings = {"get_kind_display": "类型"}
    edit_handler = ObjectList(CommissionerDuty.panels, base_form_class=DutyForm)


class DutiesGroup(SnippetViewSetGroup):
    menu_label = "挂点与专员"
    menu_icon = "link"
    menu_order = 220
    items = (LeaderViewSet, AssignmentViewSet, ActivityViewSet, CommissionerViewSet, DutyViewSet)
