"""Read-only JSON endpoints for the public registers (live, public rows only)."""

from django.http import JsonResponse
from django.views import View

from registers.models import Project
from registers.periods import reporting_period


class ProjectListView(View):
    def get(self, request):
        year, month = reporting_period()
        rows = (
            Project.objects.public()
            .select_related("domain", "responsible_unit")
            .with_figures(year, month)
            .order_by("domain__sort_order", "pk")
        )
        data = [
            {
                "id": p.pk, "code": p.code, "name": p.name, "domain": p.domain.name,
                "stage": p.get_stage_display(), "responsible_unit": str(p.responsible_unit),
                "total_investment": str(p.total_investment), "annual_plan": str(p.plan_amount),
                "completed_ytd": str(p.ytd_completed),
            }
            for p in rows
        ]
        return JsonResponse({"year": year, "month": month, "count": len(data), "results": data},
                            json_dumps_params={"ensure_ascii": False})
