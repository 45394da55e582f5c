"""Registration only: the viewsets live in their families (``registers.projects.viewsets``,
``registers.core.reference``), the import screens in ``registers.imports.admin``."""

from django.template.loader import render_to_string

from wagtail import hooks
from wagtail.images.views.chooser import viewset as image_chooser_viewset
from wagtail.snippets.models import register_snippet

from registers.coordination.calendar_views import admin_urlpatterns as calendar_admin_urls
from registers.coordination.panels import add_notice_panel
from registers.coordination.viewsets import CoordinationGroup
from registers.coordination.workflow import register_log_actions as register_coordination_log_actions
from registers.core.bulk_actions import ScopedDeleteBulkAction
from registers.core.reference import ReferenceDataGroup
from registers.duties.viewsets import DutiesGroup
from registers.imports.admin import ImportViewSet
from registers.projects.images import scope_admin_image_api, scope_image_chooser, scope_image_chooser_views
from registers.projects.panels import add_panels
from registers.projects.progress_context import progress_context_urls
from registers.projects.views import register_progress_log_actions
from registers.projects.viewsets import ProjectRegisterGroup

register_snippet(ProjectRegisterGroup)
register_snippet(CoordinationGroup)
register_snippet(DutiesGroup)
register_snippet(ReferenceDataGroup)
hooks.register("construct_homepage_panels", add_panels)
hooks.register("construct_homepage_panels", add_notice_panel)
# order=100: after wagtail.snippets' own delete action, so ours replaces it for the register models
hooks.register("register_bulk_action", ScopedDeleteBulkAction, order=100)
hooks.register("register_log_actions", register_progress_log_actions)
hooks.register("register_log_actions", register_coordination_log_actions)
# Progress photos: the image chooser, its chosen views and the admin image API keep the photo rule.
hooks.register("construct_image_chooser_queryset", scope_image_chooser)
hooks.register("construct_admin_api", scope_admin_image_api, order=100)
scope_image_chooser_views(image_chooser_viewset)


@hooks.register("insert_global_admin_css")
def register_admin_css():
    return render_to_string("registers/admin_css.html")


hooks.register("register_admin_urls", progress_context_urls)
hooks.register("register_admin_urls", lambda: calendar_admin_urls)


@hooks.register("register_admin_menu_item")
def register_calendar_menu_item():
    from django.urls import reverse

    from wagtail.admin.menu import MenuItem

    return MenuItem("会议日历订阅", reverse("coordination_my_calendar"), icon_name="date", order=215)


@hooks.register("register_admin_urls")
def register_duty_check_url():
    from django.urls import path

    from registers.duties import leader_views
    from registers.duties.views import duty_check

    return [
        path("duties/check/", duty_check, name="duties_check"),
        path("duties/mine/", leader_views.my_duties, name="duties_mine"),
        path("duties/mine/<int:pk>/<str:kind>/", leader_views.record_activity, name="duties_record"),
        path("duties/proposal/", leader_views.january_proposal, name="duties_proposal"),
        path("duties/review/", leader_views.review_view, name="duties_review"),
    ]


@hooks.register("register_admin_menu_item")
def register_duty_check_menu_item():
    from django.urls import reverse

    from wagtail.admin.menu import MenuItem

    from registers.core.scopes import sees_everything

    class OfficeMenuItem(MenuItem):
        def is_shown(self, request):
            return sees_everything(request.user)

    return OfficeMenuItem("履职检查", reverse("duties_check"), icon_name="warning", order=225)


@hooks.register("register_admin_menu_item")
def register_my_duties_menu_item():
    from django.urls import reverse

    from wagtail.admin.menu import MenuItem

    from registers.core.scopes import GROUP_LEADER, groups_of

    class LeaderMenuItem(MenuItem):
        def is_shown(self, request):
            return GROUP_LEADER in groups_of(request.user)

    return LeaderMenuItem("我的挂点", reverse("duties_mine"), icon_name="user", order=190)


@hooks.register("register_admin_viewset")
def register_import_viewset():
    return ImportViewSet()
