import html

from django.db import models
from django.utils.html import strip_tags

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.routing import UnrestrictedRouteMixin
from pages.blocks import BodyStreamBlock
from pages.public import public_rows

TOC_BLOCKS = ("heading", "subheading")


def _plain(value) -> str:
    """A block value's text without its markup (a RichText's source, or a plain string)."""
    return html.unescape(strip_tags(str(getattr(value, "source", value))))


class PolicyPage(UnrestrictedRouteMixin, Page):
    """The plan or one of its regulations, as an editable page (StreamField)."""

    document_number = models.CharField("文号", max_length=100, blank=True)
    issuer = models.CharField("发文单位", max_length=100, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    summary = models.TextField("摘要", blank=True)
    body = StreamField(BodyStreamBlock(), verbose_name="正文", use_json_field=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("document_number"),
        FieldPanel("issuer"),
        FieldPanel("issued_on"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    api_fields = [APIField("document_number"), APIField("issuer"), APIField("issued_on"), APIField("summary"),
                  APIField("body")]
    parent_page_types = ["pages.HomePage", "pages.PolicyPage"]
    subpage_types = ["pages.PolicyPage"]

    class Meta:
        verbose_name = "政策文件页"

    def toc(self) -> list[dict]:
        """The table of contents: the headings and subheadings; a regulation without headings lists
        its articles (第一条 …). Each entry's ``anchor`` is the id its block carries on the page."""
        entries = [{"anchor": f"s-{block.id}", "text": block.value, "level": 2 if block.block_type == "heading" else 3}
                   for block in self.body if block.block_type in TOC_BLOCKS]
        if entries:
            return entries
        return [{"anchor": f"s-{block.id}", "level": 2,
                 "text": f"{block.value['number']} {_plain(block.value['text'])[:18]}…"}
                for block in self.body if block.block_type == "article" and block.value["number"]]

    def text(self) -> str:
        """The page's words, for the site search: title, summary and every block's text."""
        parts = [self.title, self.summary]
        for block in self.body:
            value = block.value
            if block.block_type == "article":
                parts += [value["number"], _plain(value["text"])]
            else:
                parts.append(_plain(value))
        return "\n".join(part for part in parts if part)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["toc"] = self.toc()
        return context


class HeadquartersPage(UnrestrictedRouteMixin, Page):
    """附件1: the headquarters' leaders, member units and office, read from the snippets."""

    intro = RichTextField("说明", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "指挥部成员名单页"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["posts"] = public_rows("snippets.HeadquartersPost")
        context["member_units"] = public_rows("snippets.Unit").filter(is_hq_member=True).exclude(kind="township")
        context["leading_groups"] = public_rows("snippets.LeadingGroup").select_related("domain", "office_unit")
        context["toc"] = [{"anchor": "leaders", "text": "指挥部组成"}, {"anchor": "members", "text": "成员单位"},
                          {"anchor": "office", "text": "指挥部办公室"},
                          {"anchor": "groups", "text": "各领域领导小组"}]
        return context

