import datetime

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.routing import UnrestrictedRouteMixin


def today() -> datetime.date:
    return timezone.localdate()


class NewsIndexPage(UnrestrictedRouteMixin, Page):
    """工作动态: the news of the campaign, newest first, with its RSS and Atom feeds."""

    intro = RichTextField("说明", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.NewsPage"]

    class Meta:
        verbose_name = "新闻栏目页"

    def news(self):
        return NewsPage.objects.child_of(self).live().public().order_by("-date", "-pk").select_related("image")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        page_obj = Paginator(self.news(), 20).get_page(request.GET.get("page"))
        context.update({"page_obj": page_obj, "items": page_obj.object_list})
        return context


class NewsPage(UnrestrictedRouteMixin, Page):
    """One news item: a groundbreaking, an observation meeting, a notice."""

    date = models.DateField("发布日期", default=today)
    intro = models.TextField("导语", blank=True, help_text="列表和订阅源中显示的摘要")
    body = RichTextField("正文", blank=True)
    image = models.ForeignKey("wagtailimages.Image", verbose_name="题图", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")

    content_panels = [*Page.content_panels, FieldPanel("date"), FieldPanel("intro"), FieldPanel("body"),
                      FieldPanel("image")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("date"), APIField("intro"), APIField("body"), APIField("image")]
    parent_page_types = ["pages.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "新闻"
        verbose_name_plural = "新闻"
