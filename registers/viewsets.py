from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from registers.models import GroundbreakingRound, MonthlyProgress, ObservationMeeting, Project


class ProjectViewSet(SnippetViewSet):
    model = Project
    icon = "site"
    menu_label = "项目"
    list_display = ["name", "domain", "stage", "responsible_unit", "total_investment"]
    search_fields = ["name", "code", "owner_name", "location"]


class MonthlyProgressViewSet(SnippetViewSet):
    model = MonthlyProgress
    icon = "date"
    menu_label = "月度进展"
    list_display = ["project", "year", "month", "completed_ytd", "status"]


class GroundbreakingRoundViewSet(SnippetViewSet):
    model = GroundbreakingRound
    icon = "pick"
    menu_label = "集中开（竣）工"


class ObservationMeetingViewSet(SnippetViewSet):
    model = ObservationMeeting
    icon = "view"
    menu_label = "现场观摩会"


class ProjectRegisterGroup(SnippetViewSetGroup):
    menu_label = "项目大会战"
    menu_icon = "site"
    menu_order = 200
    items = (ProjectViewSet, MonthlyProgressViewSet, GroundbreakingRoundViewSet, ObservationMeetingViewSet)
