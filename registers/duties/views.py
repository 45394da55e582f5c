"""Admin views of the duties registers: the compliance listing for a period, and the HQ office's
check of what is missing — projects without a liaison commissioner, ≥5亿元 projects sharing one,
leaders who missed this month's report or this quarter's visit — each with a link to fix it."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import reverse

from registers.core.periods import period_from, reporting_period
from registers.core.scopes import sees_everything
from registers.core.views import ScopedIndexView
from registers.duties.models import AssignmentKind, LeaderActivity, LeaderAssignment, LiaisonCommissioner
from registers.duties.queries import Period, liaison_projects
from registers.duties.rules import OWN_COMMISSIONER_FLOOR


def _period_of(request) -> tuple[int, int]:
    return period_from(request.GET, default=reporting_period())


class AssignmentIndexView(ScopedIndexView):
    """Assignments with the compliance of the quarter of ``?year=&month=`` (default: the reporting
    month's); ``?year=`` also narrows the listing to that year's assignments."""

    @property
    def period(self) -> Period:
        year, month = _period_of(self.request)
        return Period.quarter_of(year, month)

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if str(self.request.GET.get("year", "")).isdigit():
            queryset = queryset.filter(year=self.period.year)
        return queryset.with_compliance(self.period).select_related("leader", "project", "domain", "liaison_unit")

    def get_page_subtitle(self):
        return f"履职情况：{self.period.label()}"


def duty_check(request):
    """What the HQ office must fix this month (the reporting month, or ?year=&month=)."""
    if not sees_everything(request.user):
        raise PermissionDenied
    year, month = _period_of(request)
    quarter = Period.quarter_of(year, month)
    this_month = Period.of(year, month=month)
    projects = liaison_projects(year).select_related("responsible_unit")
    lacking = projects.exclude(liaison_commissioners__year=year).order_by("-social_investment")
    shared = (LiaisonCommissioner.objects.filter(year=year).annotate(
        served=Count("projects", distinct=True),
        large=Count("projects", filter=Q(projects__total_investment__gte=OWN_COMMISSIONER_FLOOR), distinct=True))
        .filter(large__gte=1, served__gte=2).select_related("unit").prefetch_related("projects"))
    one = LeaderAssignment.objects.filter(year=year, kind=AssignmentKind.ONE_TO_ONE).select_related("leader", "project")
    no_report = [a for a in one.with_compliance(this_month) if a.months_due and a.report_months < a.months_due]
    no_visit = [a for a in one.with_compliance(quarter) if a.months_due and a.site_visits == 0]
    domain = LeaderAssignment.objects.filter(year=year, kind=AssignmentKind.DOMAIN).select_related("leader", "domain")
    no_meeting = [a for a in domain.with_compliance(this_month) if a.months_due and not a.met]
    urls = {name: reverse(model.snippet_viewset.get_url_name(action)) for name, model, action in (
        ("add_commissioner", LiaisonCommissioner, "add"), ("add_activity", LeaderActivity, "add"))}
    return TemplateResponse(request, "registers/duties/check.html", {
        "year": year, "month": month, "quarter": quarter, "lacking": lacking, "shared": shared,
        "no_report": no_report, "no_visit": no_visit, "no_meeting": no_meeting, "urls": urls,
        "commissioner_edit": LiaisonCommissioner.snippet_viewset.get_url_name("edit"),
        "assignment_edit": LeaderAssignment.snippet_viewset.get_url_name("edit"),
        "header_title": "履职检查",
    })



class PrefillMixin:
    """An add view opened from the check (``?assignment=``, ``?project=&year=``): those fields filled,
    within the user's rows."""

    def get_initial_form_instance(self):
        from registers.models import Project

        instance = super().get_initial_form_instance() or self.model()
        params, user = self.request.GET, self.request.user
        assignment = params.get("assignment", "")
        if assignment.isdigit() and hasattr(instance, "assignment_id"):
            instance.assignment = LeaderAssignment.objects.for_user(user).filter(pk=assignment).first()
        project = params.get("project", "")
        if project.isdigit() and isinstance(instance, LiaisonCommissioner):
            chosen = Project.objects.for_user(user).filter(pk=project).first()
            if chosen is not None:
                instance.projects.set([chosen])
                instance.unit_id = chosen.responsible_unit_id
        year = params.get("year", "")
        if year.isdigit() and hasattr(instance, "year"):
            instance.year = int(year)
        return instance
