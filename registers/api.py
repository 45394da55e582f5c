"""Read-only JSON endpoints for the public registers, filterable with django-filter.

Public rows only, for every caller (a logged-in admin user gets no more here than a visitor):
projects marked public, their submitted or verified months, and photos marked public. Figures
come from the query layer (``with_figures``, ``with_month_completed``); nothing is computed here.
"""

from django.http import JsonResponse
from django.views import View

from registers.core.periods import period_from
from registers.models import MonthlyProgress, Project
from registers.projects.filters import ProgressApiFilterSet, ProjectApiFilterSet
from registers.projects.models.choices import LagLevel

MAX_LIMIT = 500
DEFAULT_LIMIT = 100
PROJECT_NOT_FOUND = "项目不存在或未公开。"


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _page(request, queryset):
    try:
        limit = min(MAX_LIMIT, max(1, int(request.GET.get("limit", DEFAULT_LIMIT))))
        offset = max(0, int(request.GET.get("offset", 0)))
    except ValueError:
        limit, offset = DEFAULT_LIMIT, 0
    return queryset[offset:offset + limit], limit, offset


def _money(value):
    return None if value is None else f"{value:.2f}"


def public_projects(year: int, month: int):
    return Project.objects.published_register(year, month)


def public_progress():
    return (
        MonthlyProgress.objects.published_register()
        .select_related("project")
        .with_month_completed(published_only=True)
        .order_by("-year", "-month", "project_id")
    )


def project_row(p) -> dict:
    return {
        "id": p.pk, "code": p.code, "name": p.name,
        "domain": p.domain.name, "domain_code": p.domain.code,
        "nature": p.get_nature_display(), "stage": p.get_stage_display(),
        "township": str(p.township) if p.township_id else None, "location": p.location,
        "responsible_unit": str(p.responsible_unit), "owner": p.owner_name,
        "start_year": p.start_year, "end_year": p.end_year,
        "total_investment": _money(p.total_investment),
        "annual_plan": _money(p.plan_amount), "completed_ytd": _money(p.ytd_completed),
        "pct_of_plan": None if p.pct_of_plan is None else round(p.pct_of_plan, 2),
        "time_elapsed": round(p.time_elapsed, 2),
        "lag_level": p.lag_level, "lag_label": LagLevel(p.lag_level).label,
        "is_5020": p.is_5020,
    }


def progress_row(m) -> dict:
    return {
        "id": m.pk, "project": m.project_id, "project_name": m.project.name,
        "year": m.year, "month": m.month,
        "completed_ytd": _money(m.completed_ytd), "month_completed": _money(m.month_completed),
        "image_progress": m.image_progress, "status": m.get_status_display(),
    }


class ProjectListView(View):
    def get(self, request):
        year, month = period_from(request.GET)
        filterset = ProjectApiFilterSet(request.GET, queryset=public_projects(year, month))
        if not filterset.is_valid():
            return _json({"errors": filterset.errors.get_json_data()}, status=400)
        queryset = filterset.qs
        rows, limit, offset = _page(request, queryset)
        return _json({
            "year": year, "month": month, "count": queryset.count(), "limit": limit, "offset": offset,
            "results": [project_row(p) for p in rows],
        })


def valid_id(value: str) -> bool:
    """A row id as the database can take it (ASCII digits, within a 64-bit integer)."""
    return value.isascii() and value.isdigit() and len(value) <= 18


def not_found(detail: str):
    return _json({"detail": detail}, status=404)


def endpoint_not_found(request, *args, **kwargs):
    """Any other path under /api/: a JSON 404 rather than Django's HTML page."""
    return not_found("接口不存在。可用接口：/api/projects/、/api/projects/<id>/、/api/progress/。")


class ProjectDetailView(View):
    def get(self, request, pk: str):
        year, month = period_from(request.GET)
        project = public_projects(year, month).filter(pk=int(pk)).first() if valid_id(pk) else None
        if project is None:
            return not_found(PROJECT_NOT_FOUND)
        months = public_progress().filter(project=project, year=year).prefetch_related("photos__image")
        data = project_row(project)
        data.update({
            "year": year, "month": month, "scale_content": project.scale_content,
            "annual_plans": [
                {"year": plan.year, "planned_investment": _money(plan.planned_investment), "milestones": plan.milestones}
                for plan in project.annual_plans.order_by("year")
            ],
            "progress": [
                {**progress_row(m), "photos": [
                    {"url": photo.image.file.url, "caption": photo.caption or photo.image.title}
                    for photo in m.photos.all() if photo.is_public
                ]}
                for m in months
            ],
        })
        return _json(data)


class ProgressListView(View):
    def get(self, request):
        filterset = ProgressApiFilterSet(request.GET, queryset=public_progress())
        if not filterset.is_valid():
            return _json({"errors": filterset.errors.get_json_data()}, status=400)
        queryset = filterset.qs
        rows, limit, offset = _page(request, queryset)
        return _json({
            "count": queryset.count(), "limit": limit, "offset": offset,
            "results": [progress_row(m) for m in rows],
        })
