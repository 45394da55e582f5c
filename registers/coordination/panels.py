"""Admin home panel (``construct_homepage_panels``): the latest notices to the user's unit (meeting
reminders), each linking to its meeting. Nothing is rendered when there are none."""

from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse

from wagtail.admin.ui.components import Component

from registers.models import Meeting, Notice

NOTICE_ROWS = 10


def meeting_edit_url(meeting_id) -> str:
    """The meeting's admin edit view, or "" while its viewset is not registered."""
    viewset = getattr(Meeting, "snippet_viewset", None)
    if viewset is None or not meeting_id:
        return ""
    try:
        return reverse(viewset.get_url_name("edit"), args=[meeting_id])
    except NoReverseMatch:
        return ""


class NoticePanel(Component):
    name = "pb_notices"
    order = 80
    template_name = "registers/panels/notices.html"

    def __init__(self, user):
        self.user = user

    def notices(self) -> list:
        rows = list(Notice.objects.for_user(self.user).select_related("meeting").order_by("-created_at", "-pk")
                    [:NOTICE_ROWS])
        for notice in rows:
            notice.url = notice.link or meeting_edit_url(notice.meeting_id)
        return rows

    def get_context_data(self, parent_context=None):
        return {"notices": self.notices()}

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not context["notices"]:
            return ""
        return get_template(self.template_name).render(context)


def add_notice_panel(request, panels) -> None:
    """The hook body: the notice panel for a user with a unit."""
    panels.append(NoticePanel(request.user))
