from wagtail import hooks
from wagtail.snippets.models import register_snippet

from tasks.views import admin_urls
from tasks.viewsets import ReportGroup

register_snippet(ReportGroup)
hooks.register("register_admin_urls", admin_urls)
