from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils.safestring import mark_safe

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.routing import UnrestrictedRouteMixin
from pages.filters import PublicProjectFilterSet
from pages.programme import WEB_CHART_WIDTH, WEB_FONT, public_period
from pages.public import public_rows
from registers.core.periods import time_elapsed_pct
from registers.projects.figures import monthly_trend
from tasks import charts


def project_photos(project) -> list:
    """The project's public photos (``public_rows``), newest month first, renditions prefetched,
    each knowing its neighbours' ids (``prev_pk``, ``next_pk``) for the enlarged view."""
    photos = list(
        public_rows("registers.ProgressPhoto").filter(progress__project=project)
        .select_related("image", "progress")
        .prefetch_related("image__renditions")
        .order_by("-progress__year", "-progress__month", "sort_order", "pk")
    )
    for before, after in zip(photos, photos[1:], strict=False):
        before.next_pk, after.prev_pk = after.pk, before.pk
    return photos


def trend_chart(project, year: int, month: int) -> str:
    """The project's month-by-month % of its annual plan against 序时进度 (the register's figures)."""
    projects = public_rows("registers.Project").filter(pk=project.pk)
    points = [{"month": p["month"], "pct": p["pct"], "elapsed": p["time_elapsed"]}
              for p in monthly_trend(projects, year, month)]
    return mark_safe(charts.trend_lines(points, width=WEB_CHART_WIDTH, font=WEB_FONT))  # noqa: S308 — text escaped by tasks.charts


class ProjectIndexPage(UnrestrictedRouteMixin, RoutablePageMixin, Page):
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

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base:
            for pk, updated in public_rows("registers.Project").order_by("pk").values_list("pk", "updated_at"):
                urls.append({"location": f"{base}{pk}/", "lastmod": updated})
        return urls

    @path("", name="project_list")
    def project_list(self, request):
        year, month = public_period(request.GET)
        filterset = PublicProjectFilterSet(
            request.GET or None, queryset=public_rows("registers.Project").published_register(year, month)
        )
        rows = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        page_obj = Paginator(rows, self.per_page or 20).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return self.render(request, context_overrides={
            "year": year, "month": month, "elapsed": time_elapsed_pct(month), "filterset": filterset,
            "page_obj": page_obj, "projects": page_obj.object_list, "query": query.urlencode(),
            "filtered": any(value for key, value in request.GET.items() if key != "page"),
        })

    @path("<int:project_id>/", name="project_detail")
    def project_detail(self, request, project_id: int):
        year, month = public_period(request.GET)
        project = public_rows("registers.Project").published_register(year, month).filter(pk=project_id).first()
        if project is None:
            raise Http404("项目不存在或未公开。")
        months = (
            public_rows("registers.MonthlyProgress").filter(project=project)
            .with_month_completed()
            .order_by("-year", "-month")
        )
        return self.render(request, template="pages/project_detail.html", context_overrides={
            "year": year, "month": month, "project": project,
            "plans": public_rows("registers.AnnualPlan").filter(project=project).order_by("-year"),
            "months": months, "photos": project_photos(project), "trend_chart": trend_chart(project, year, month),
        })
