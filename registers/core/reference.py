"""The reference data's admin (snippets app models: domains, targets, units, headquarters posts,
leading groups, acceptance commissioners), on the same scoped base as the registers: the reference
models know nothing of users, so each viewset names its ``row_scope``."""

from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from registers.core.scopes import own_unit_rows, staff_rows
from registers.core.viewsets import ScopedSnippetViewSet
from snippets.models import (
    AcceptanceCommissioner,
    CampaignYear,
    Domain,
    DomainTarget,
    HeadquartersPost,
    LeadingGroup,
    Unit,
)


class ReferenceViewSet(ScopedSnippetViewSet):
    row_scope = staticmethod(staff_rows)
    inspect_view_enabled = False


class UnitViewSet(ReferenceViewSet):
    model = Unit
    icon = "group"
    menu_label = "单位"
    list_display = ["name", "short_name", "kind", "is_hq_member"]
    list_filter = ["kind", "is_hq_member"]
    search_fields = ["name", "short_name"]
    ordering = ["sort_order", "name"]
    list_export = ["name", "short_name", "kind", "is_hq_member"]
    inspect_view_enabled = True


class DomainViewSet(ReferenceViewSet):
    model = Domain
    icon = "folder-open-1"
    menu_label = "领域"
    list_display = ["name", "code", Column("lead_unit_names", label="牵头单位")]
    ordering = ["sort_order"]


class DomainTargetViewSet(ReferenceViewSet):
    model = DomainTarget
    icon = "crosshairs"
    menu_label = "领域年度目标"
    list_display = ["year", "domain", "target"]
    list_filter = ["year", "domain"]
    ordering = ["-year", "domain__sort_order"]


class CampaignYearViewSet(ReferenceViewSet):
    model = CampaignYear
    icon = "date"
    menu_label = "年度总目标"
    list_display = ["year", "total_target", "fixed_asset_growth_pct"]


class HeadquartersPostViewSet(ReferenceViewSet):
    model = HeadquartersPost
    icon = "user"
    menu_label = "指挥部领导"
    list_display = ["role", "person_name", "title", "sort_order"]
    ordering = ["sort_order"]


class LeadingGroupViewSet(ReferenceViewSet):
    model = LeadingGroup
    icon = "group"
    menu_label = "领导小组"
    list_display = ["__str__", "leader_name", "office_unit"]


class AcceptanceCommissionerViewSet(ReferenceViewSet):
    model = AcceptanceCommissioner
    icon = "user"
    menu_label = "受理专员"
    # Unpublished commissioners and their mobiles are a unit's own: the HQ office sees all.
    row_scope = staticmethod(own_unit_rows("unit"))
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
