"""Views of ``/api/v2/``: read-only, anonymous, JSON only (``PublicEndpoint``), errors in Chinese.

Every queryset comes from ``pages.public.public_rows``; figures from the query layer. Lists are
paginated by limit/offset (``PublicPagination``) and filtered by django-filter (``v2_filters``).
"""

from __future__ import annotations

from functools import cached_property

from django.apps import apps
from django.db.models import Prefetch
from django.utils import timezone

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from pages.api import oc4ids, popolo
from pages.api.stats import programme_figures
from pages.api.v2_filters import CommissionerFilterSet, NewsFilterSet, ProjectV2FilterSet
from pages.api.v2_serializers import (
    CommissionerSerializer,
    DomainStatsSerializer,
    HeadquartersSerializer,
    NewsDetailSerializer,
    NewsSerializer,
    ProjectDetailV2Serializer,
    ProjectV2Serializer,
)
from pages.api.views import PeriodMixin, ProjectDetailView, ProjectListView, PublicEndpoint, valid_id
from pages.programme import public_period
from pages.public import public_rows

NEWS_NOT_FOUND = "新闻不存在或未发布。"
NEWS_UNAVAILABLE = "新闻接口暂不可用：站点尚未建立新闻页面类型。"
YEAR_PARAMETER = OpenApiParameter("year", OpenApiTypes.INT, description="年度（默认为最新报送月份所在年度）")
MONTH_PARAMETER = OpenApiParameter("month", OpenApiTypes.INT, description="截至月份（默认为该年度最新报送月份）")


class V2PeriodMixin(PeriodMixin):
    """The period: ``?year=``/``?month=``, else the latest month with published reports."""

    @cached_property
    def period(self) -> tuple[int, int]:
        return public_period(self.request.GET)


@extend_schema(summary="重大项目列表", parameters=[YEAR_PARAMETER, MONTH_PARAMETER])
class ProjectListV2View(V2PeriodMixin, ProjectListView):
    """Public projects with the period's figures; the page is headed by the period (year, month)."""

    serializer_class = ProjectV2Serializer
    filterset_class = ProjectV2FilterSet

    def get_queryset(self):
        return public_rows("registers.Project").published_register(*self.period)


@extend_schema(summary="重大项目详情", parameters=[YEAR_PARAMETER, MONTH_PARAMETER])
class ProjectDetailV2View(V2PeriodMixin, ProjectDetailView):
    """One public project: its row, scale, annual plans, and the year's published months with public photos."""

    serializer_class = ProjectDetailV2Serializer

    def get_queryset(self):
        year, month = self.period
        photos = public_rows("registers.ProgressPhoto").select_related("image").order_by("sort_order", "pk")
        months = (public_rows("registers.MonthlyProgress").filter(year=year).select_related("project")
                  .with_month_completed().order_by("-year", "-month")
                  .prefetch_related(Prefetch("photos", queryset=photos, to_attr="public_photos")))
        return public_rows("registers.Project").published_register(year, month).prefetch_related(
            Prefetch("annual_plans", queryset=public_rows("registers.AnnualPlan").order_by("year")),
            Prefetch("progress", queryset=months, to_attr="public_months"),
        )


@extend_schema(summary="服务受理专员")
class CommissionerListView(PublicEndpoint, generics.ListAPIView):
    """Published acceptance commissioners (附件4) with their unit, in the directory's order."""

    serializer_class = CommissionerSerializer
    filterset_class = CommissionerFilterSet

    def get_queryset(self):
        return public_rows("snippets.AcceptanceCommissioner").select_related("unit")


def headquarters() -> dict:
    """The headquarters as the API and Popolo describe it: posts, leading groups, member units."""
    return {
        "name": popolo.HEADQUARTERS_NAME,
        "posts": list(public_rows("snippets.HeadquartersPost").order_by("sort_order", "pk")),
        "leading_groups": list(public_rows("snippets.LeadingGroup").select_related("domain", "office_unit")
                               .order_by("domain__sort_order", "pk")),
        "member_units": list(public_rows("snippets.Unit").filter(is_hq_member=True).order_by("sort_order", "name")),
    }


class HeadquartersView(PublicEndpoint, APIView):
    """The campaign headquarters (附件1): posts, leading groups with domain and office unit, member units."""

    @extend_schema(summary="“项目大会战”指挥部", responses=HeadquartersSerializer)
    def get(self, request):
        return Response(HeadquartersSerializer(headquarters()).data)


def news_model():
    """The NewsPage model, once the public site defines it (else None)."""
    try:
        return apps.get_model("pages", "NewsPage")
    except LookupError:
        return None


class NewsMixin(PublicEndpoint):
    filterset_class = NewsFilterSet

    def get_queryset(self):
        model = news_model()
        if model is None:
            raise NotFound(NEWS_UNAVAILABLE)
        return model.objects.live().public().order_by("-date", "-pk")


@extend_schema(summary="新闻动态")
class NewsListView(NewsMixin, generics.ListAPIView):
    """Live public news pages, newest first: title, date, intro, URL."""

    serializer_class = NewsSerializer


@extend_schema(summary="新闻详情")
class NewsDetailView(NewsMixin, generics.RetrieveAPIView):
    serializer_class = NewsDetailSerializer
    filter_backends = []

    def get_object(self):
        pk = self.kwargs["pk"]
        page = self.get_queryset().filter(pk=int(pk)).first() if valid_id(pk) else None
        if page is None:
            raise NotFound(NEWS_NOT_FOUND)
        return page


def stats_year(params) -> int:
    """``?year=``, else the year of the latest published month — the home page's year (``public_period``)."""
    return public_period(params)[0]


class DomainStatsView(PublicEndpoint, APIView):
    """Per domain for the year: projects, total investment, annual plan, completed to the year's
    latest reported month, target — the home page's figures (``pages.api.stats.programme_figures``)."""

    @extend_schema(summary="分领域统计", parameters=[OpenApiParameter("year", OpenApiTypes.INT, description="年度")],
                   responses=DomainStatsSerializer)
    def get(self, request):
        return Response(DomainStatsSerializer(programme_figures(stats_year(request.GET))).data)


PACKAGE_SCHEMA = inline_serializer("OC4IDSProjectPackage", {
    "uri": serializers.URLField(), "publisher": serializers.DictField(), "publishedDate": serializers.DateTimeField(),
    "version": serializers.CharField(), "projects": serializers.ListField(child=serializers.DictField()),
})


class OC4IDSView(PublicEndpoint, generics.GenericAPIView):
    """The public projects as an OC4IDS 0.9 project package (``pages.api.oc4ids``); the project list's
    filters apply."""

    filterset_class = ProjectV2FilterSet
    pagination_class = None

    def get_queryset(self):
        return oc4ids.package_projects()

    @extend_schema(summary="OC4IDS 项目包", responses=PACKAGE_SCHEMA)
    def get(self, request):
        projects = self.filter_queryset(self.get_queryset())
        return Response(oc4ids.package(projects, uri=request.build_absolute_uri(), now=timezone.now()))


POPOLO_SCHEMA = inline_serializer("Popolo", {
    name: serializers.ListField(child=serializers.DictField())
    for name in ("persons", "organizations", "memberships", "posts")
})


class PopoloView(PublicEndpoint, APIView):
    """The headquarters, leading groups, units and published commissioners in Popolo JSON."""

    @extend_schema(summary="Popolo 人员与机构", responses=POPOLO_SCHEMA)
    def get(self, request):
        return Response(popolo.document(headquarters(), public_rows("snippets.AcceptanceCommissioner")))

