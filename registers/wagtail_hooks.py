"""Registration only: viewsets live in ``registers.projects.viewsets``, import views in ``registers.imports.admin``."""

from django.template.loader import render_to_string

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from registers.core.bulk_actions import ScopedDeleteBulkAction
from registers.imports import admin as import_admin  # noqa: F401  (registers its admin URLs and menu item)
from registers.projects.panels import add_panels
from registers.projects.views import register_progress_log_actions, scope_image_chooser
from registers.projects.viewsets import ProjectRegisterGroup

register_snippet(ProjectRegisterGroup)
hooks.register("construct_homepage_panels", add_panels)
# order=100: after wagtail.snippets' own delete action, so ours replaces it for the register models
hooks.register("register_bulk_action", ScopedDeleteBulkAction, order=100)
hooks.register("register_log_actions", register_progress_log_actions)
# Wagtail 7.4 has no construct_image_listing_queryset hook: only the chooser is narrowed here.
hooks.register("construct_image_chooser_queryset", scope_image_chooser)


@hooks.register("insert_global_admin_css")
def register_admin_css():
    return render_to_string("registers/admin_css.html")
