from django.db.models import Prefetch
from django.utils.safestring import mark_safe

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.routing import UnrestrictedRouteMixin
from registers.core.periods import reporting_period
from snippets.models import Domain, DomainTarget


class HomePage(UnrestrictedRouteMixin, Page):
    intro = RichTextField("导语", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]
    subpage_types = ["pages.PolicyPage", "pages.HeadquartersPage", "pages.CommissionerDirectoryPage",
                     "pages.ProjectIndexPage", "pages.NewsIndexPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "首页"

    @staticmethod
    def target_year() -> int | None:
        """The year whose targets the home page shows: the reporting year, or the latest year
        with targets before it (the plan's last year once it has run out)."""
        year, _month = reporting_period()
        years = DomainTarget.objects.values_list("year", flat=True).order_by("-year")
        return years.filter(year__lte=year).first() or years.first()

    def get_context(self, request, *args, **kwargs):
        from pages.models.news import NewsPage
        from pages.models.policy import HeadquartersPage, PolicyPage
        from pages.programme import programme

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public()  # titles and addresses: no specific rows
        year = self.target_year()
        context["target_year"] = year
        context["domains"] = Domain.objects.prefetch_related(
            "lead_units", Prefetch("targets", queryset=DomainTarget.objects.filter(year=year), to_attr="year_targets")
        )
        context.update(programme(request.GET))
        context["chart"] = mark_safe(context["chart"])  # noqa: S308 — drawn by tasks.charts, text escaped there
        context["annexes"] = [*HeadquartersPage.objects.live().public(),
                              *PolicyPage.objects.live().public().filter(depth__gt=self.depth + 1)]
        context["news"] = NewsPage.objects.live().public().order_by("-date", "-pk")[:3]
        return context
