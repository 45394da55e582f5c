"""Registration only: viewsets live in ``registers.viewsets``, import views in ``registers.import_admin``."""

from wagtail.snippets.models import register_snippet

from registers import import_admin  # noqa: F401  (registers its admin URLs and menu item)
from registers.viewsets import ProjectRegisterGroup

register_snippet(ProjectRegisterGroup)
