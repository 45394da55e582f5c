"""Views of the public API: DRF generic views over the register's query layer.

Every endpoint answers JSON whatever the client asks (no browsable API), its errors in Chinese:
``{"detail": ...}`` for a 404, ``{"errors": ...}`` for invalid filter values. Lists are paginated
by limit/offset (``pages.api.pagination``); the project endpoints judge the period ``period_from`` reads.
"""

from functools import cached_property

from django.db.models import Prefetch

from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from pages.api.filters import ProgressApiFilterSet, ProjectApiFilterSet
from pages.api.serializers import ProgressSerializer, ProjectDetailSerializer, ProjectSerializer
from registers.core.periods import period_from
from registers.models import AnnualPlan, MonthlyProgress, ProgressPhoto, Project

PROJECT_NOT_FOUND = "项目不存在或未公开。"
ENDPOINT_NOT_FOUND = "接口不存在。可用接口：/api/projects/、/api/projects/<id>/、/api/progress/。"


class JSONOnlyNegotiation(BaseContentNegotiation):
    """The first (only) renderer, whatever the Accept header or ``?format=`` asks."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def exception_handler(exc, context):
    """DRF's handler; invalid filter values answer ``{"errors": {field: [{message, code}]}}``."""
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        response.data = {"errors": exc.get_full_details()}
    return response


class PublicEndpoint:
    """What every view here shares: JSON always, errors as the API's contract has them."""

    content_negotiation_class = JSONOnlyNegotiation
    authentication_classes: list = []  # public data only: no user, no session, no CSRF

    def get_exception_handler(self):
        return exception_handler

    def options(self, request, *args, **kwargs):
        return Response()  # the Allow header only, as a plain Django view answers (no DRF metadata)


class PeriodMixin:
    """The (year, month) the figures are computed for: the query string's, else the reporting period."""

    @cached_property
    def period(self) -> tuple[int, int]:
        return period_from(self.request.GET)

    def get_serializer_context(self):
        year, month = self.period
        return {**super().get_serializer_context(), "year": year, "month": month}


def public_progress():
    """Submitted or verified months of public projects, newest first, with ``month_completed``."""
    return (
        MonthlyProgress.objects.published_register()
        .select_related("project")
        .with_month_completed()
        .order_by("-year", "-month", "project_id")
    )


def valid_id(value: str) -> bool:
    """A row id as the database can take it (ASCII digits, within a 64-bit integer)."""
    return value.isascii() and value.isdigit() and len(value) <= 18


class ProjectListView(PublicEndpoint, PeriodMixin, generics.ListAPIView):
    """Public projects with their figures for the period; the page is headed by the period."""

    serializer_class = ProjectSerializer
    filterset_class = ProjectApiFilterSet

    def get_queryset(self):
        return Project.objects.published_register(*self.period)

    def page_head(self) -> dict:
        year, month = self.period
        return {"year": year, "month": month}


class ProjectDetailView(PublicEndpoint, PeriodMixin, generics.RetrieveAPIView):
    """One public project: its row, scale, annual plans and the period year's months with public photos."""

    serializer_class = ProjectDetailSerializer
    filter_backends = []

    def get_queryset(self):
        year, month = self.period
        photos = ProgressPhoto.objects.filter(is_public=True).select_related("image")
        months = public_progress().filter(year=year).prefetch_related(
            Prefetch("photos", queryset=photos, to_attr="public_photos")
        )
        return Project.objects.published_register(year, month).prefetch_related(
            Prefetch("annual_plans", queryset=AnnualPlan.objects.order_by("year")),
            Prefetch("progress", queryset=months, to_attr="public_months"),
        )

    def get_object(self):
        pk = self.kwargs["pk"]
        project = self.get_queryset().filter(pk=int(pk)).first() if valid_id(pk) else None
        if project is None:
            raise NotFound(PROJECT_NOT_FOUND)
        self.check_object_permissions(self.request, project)
        return project


class ProgressListView(PublicEndpoint, generics.ListAPIView):
    """Submitted or verified months of public projects, newest first."""

    serializer_class = ProgressSerializer
    filterset_class = ProgressApiFilterSet

    def get_queryset(self):
        return public_progress()


class EndpointNotFoundView(PublicEndpoint, APIView):
    """Any other path under /api/, whatever the method: a JSON 404 rather than Django's HTML page."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise NotFound(ENDPOINT_NOT_FOUND)
