from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from snippets.models import (
    AcceptanceCommissioner,
    CampaignYear,
    Domain,
    DomainTarget,
    HeadquartersPost,
    LeadingGroup,
    Unit,
)


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "group"
    menu_label = "单位"
    list_display = ["name", "short_name", "kind", "is_hq_member"]
    list_filter = ["kind", "is_hq_member"]
    search_fields = ["name", "short_name"]
    ordering = ["sort_order", "name"]
    list_export = ["name", "short_name", "kind", "is_hq_member"]
    inspect_view_enabled = True


class DomainViewSet(SnippetViewSet):
    model = Domain
    icon = "folder-open-1"
    menu_label = "领域"
    list_display = ["name", "code", "lead_unit_names"]
    ordering = ["sort_order"]


class DomainTargetViewSet(SnippetViewSet):
    model = DomainTarget
    icon = "crosshairs"
    menu_label = "领域年度目标"
    list_display = ["year", "domain", "target"]
    list_filter = ["year", "domain"]
    ordering = ["-year", "domain__sort_order"]


class CampaignYearViewSet(SnippetViewSet):
    model = CampaignYear
    icon = "date"
    menu_label = "年度总目标"
    list_display = ["year", "total_target", "fixed_asset_growth_pct"]


class HeadquartersPostViewSet(SnippetViewSet):
    model = HeadquartersPost
    icon = "user"
    menu_label = "指挥部领导"
    list_display = ["role", "person_name", "title", "sort_order"]
    ordering = ["sort_order"]


class LeadingGroupViewSet(SnippetViewSet):
    model = LeadingGroup
    icon = "group"
    menu_label = "领导小组"
    list_display = ["__str__", "leader_name", "office_unit"]


class AcceptanceCommissionerViewSet(SnippetViewSet):
    model = AcceptanceCommissioner
    icon = "user"
    menu_label = "受理专员"
    list_display = ["name", "unit", "post", "office_phone", "mobile", "is_published"]
    list_filter = ["is_published", "unit"]
    search_fields = ["name", "matters"]
    list_export = ["unit", "name", "post", "office_phone", "mobile", "matters", "is_published"]


class ReferenceDataGroup(SnippetViewSetGroup):
    menu_label = "基础数据"
    menu_icon = "table"
    menu_order = 210
    items = (
        DomainViewSet,
        DomainTargetViewSet,
        CampaignYearViewSet,
        UnitViewSet,
        HeadquartersPostViewSet,
        LeadingGroupViewSet,
        AcceptanceCommissionerViewSet,
    )
