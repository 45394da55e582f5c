"""What a reporter needs beside the month's cumulative figure, as soon as the project is chosen:
the annual plan, the previous counted month's cumulative, and so the month's own amount
(``registers/static/registers/progress_form.js`` fetches it). Only a project in the user's scope
answers; the figures are the query layer's (a draft never counts)."""

from django.http import JsonResponse
from django.urls import path

from registers.core.money import format_wan
from registers.models import AnnualPlan, MonthlyProgress, Project


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def progress_context_view(request):
    project_id, year, month = (_int(request.GET.get(k)) for k in ("project", "year", "month"))
    if not (project_id and year and month and 1 <= month <= 12):
        return JsonResponse({"known": False})
    project = Project.objects.for_user(request.user).filter(pk=project_id).first()
    if project is None:
        return JsonResponse({"known": False})
    plan = AnnualPlan.objects.filter(project=project, year=year).values_list("planned_investment", flat=True).first()
    previous = MonthlyProgress.objects.previous_counted(project, year, month).values("month", "completed_ytd").first()
    return JsonResponse({
        "known": True, "year": year, "month": month,
        "plan": None if plan is None else str(plan), "plan_label": "" if plan is None else format_wan(plan),
        "previous_month": previous["month"] if previous else None,
        "previous_ytd": str(previous["completed_ytd"]) if previous else "0",
        "previous_label": format_wan(previous["completed_ytd"]) if previous else "",
    })


def progress_context_urls():
    """Hook ``register_admin_urls``: the endpoint the progress form reads."""
    return [path("registers/progress-context/", progress_context_view, name="registers_progress_context")]
