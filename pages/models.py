from itertools import groupby

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from pages.blocks import BodyStreamBlock
from pages.filters import PublicProjectFilterSet
from registers.core.periods import reporting_period, time_elapsed_pct
from registers.models import MonthlyProgress, Project
from registers.projects.queries import public_photos
from snippets.models import AcceptanceCommissioner, Domain, DomainTarget, HeadquartersPost, LeadingGroup, Unit


class HomePage(Page):
    intro = RichTextField("导语", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]
    subpage_types = ["pages.PolicyPage", "pages.HeadquartersPage", "pages.CommissionerDirectoryPage",
                     "pages.ProjectIndexPage"]
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
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().specific()
        year = self.target_year()
        context["target_year"] = year
        context["domains"] = Domain.objects.prefetch_related(
            "lead_units", Prefetch("targets", queryset=DomainTarget.objects.filter(year=year), to_attr="year_targets")
        )
        return context


class PolicyPage(Page):
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


class HeadquartersPage(Page):
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
        context["posts"] = HeadquartersPost.objects.all()
        context["member_units"] = Unit.objects.filter(is_hq_member=True).exclude(kind="township")
        context["leading_groups"] = LeadingGroup.objects.select_related("domain", "office_unit")
        return context


class CommissionerDirectoryPage(Page):
    """附件4 一(一): the published directory of acceptance commissioners, by unit."""

    intro = RichTextField("说明", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "服务受理专员名录页"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        rows = AcceptanceCommissioner.objects.published().select_related("unit")
        context["units"] = [(unit, list(items)) for unit, items in groupby(rows, key=lambda c: c.unit)]
        return context


class ProjectIndexPage(RoutablePageMixin, Page):
    """The public view of the major-project register: a filtered list with this year's plan,
    year-to-date completed and % of plan (from the register's query layer), and one page per
    project at ``<id>/``. Only projects marked public are shown; only photos marked public too."""

    intro = RichTextField("说明", blank=True)
    per_page = models.PositiveSmallIntegerField("每页项目数", default=20)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("per_page")]
    api_fields = [APIField("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "重大项目公开页"

    @path("", name="project_list")
    def project_list(self, request):
        year, month = reporting_period()
        filterset = PublicProjectFilterSet(
            request.GET or None, queryset=Project.objects.published_register(year, month)
        )
        rows = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        page_obj = Paginator(rows, self.per_page or 20).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return self.render(request, context_overrides={
            "year": year, "month": month, "elapsed": time_elapsed_pct(month), "filterset": filterset,
            "page_obj": page_obj, "projects": page_obj.object_list, "query": query.urlencode(),
        })

    @path("<int:project_id>/", name="project_detail")
    def project_detail(self, request, project_id: int):
        year, month = reporting_period()
        project = get_object_or_404(Project.objects.published_register(year, month), pk=project_id)
        months = (
            MonthlyProgress.objects.published_register().filter(project=project)
            .with_month_completed()
            .order_by("-year", "-month")
        )
        photos = (
            public_photos().filter(progress__project=project)
            .select_related("image", "progress")
            .order_by("-progress__year", "-progress__month", "sort_order")
        )
        return self.render(request, template="pages/project_detail.html", context_overrides={
            "year": year, "month": month, "project": project, "plans": project.annual_plans.order_by("-year"),
            "months": months, "photos": photos,
        })
