"""Admin home panels (``construct_homepage_panels``): per-domain completed vs annual target, the
lagging projects and the projects missing this month's report — each within the user's scope,
with links to the filtered project listing. Figures from the query layer, rows from the scopes."""

from urllib.parse import urlencode

from django.urls import reverse

from wagtail.admin.ui.components import Component

from registers.core.periods import period_from, reporting_period, time_elapsed_pct
from registers.core.scopes import sees_everything
from registers.models import AnnualPlan, MonthlyProgress, Project
from registers.projects.figures import domain_rows
from registers.projects.scopes import whole_domain_ids

PANEL_ROWS = 10


def project_list_url(**params) -> str:
    url = reverse(Project.snippet_viewset.get_url_name("list"))
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{url}?{urlencode(params)}" if params else url


class ScopedPanel(Component):
    def __init__(self, user, period: tuple[int, int] | None = None):
        self.user = user
        self.year, self.month = period or reporting_period()

    def figures(self):
        return Project.objects.in_year(self.year).for_user(self.user).with_figures(self.year, self.month)


class DomainProgressPanel(ScopedPanel):
    """Completed this year vs the domain's annual target (DomainTarget), a bar per domain. A user
    who sees only part of a domain (a unit reporter, a county leader) is judged against the annual
    plans of the projects in their scope instead: a township is not measured by the county target."""

    name = "pb_domain_progress"
    order = 90
    template_name = "registers/panels/domain_progress.html"

    def get_context_data(self, parent_context=None):
        everything = sees_everything(self.user)
        rows = domain_rows(self.figures(), self.year, everything=everything, whole=whole_domain_ids(self.user))
        for row in rows:
            pct = row["pct"]
            row["width"] = None if pct is None else max(0.0, min(100.0, pct))
            row["url"] = project_list_url(domain=row["domain"].pk, year=self.year, month=self.month)
        return {
            "rows": rows, "year": self.year, "month": self.month, "scoped": not everything,
            "time_elapsed": float(time_elapsed_pct(self.month)),
            "years": period_years(self.year), "months": range(1, 13),
        }


class LaggingProjectsPanel(ScopedPanel):
    name = "pb_lagging"
    order = 91
    template_name = "registers/panels/lagging.html"

    def get_context_data(self, parent_context=None):
        lagging = self.figures().lagging().select_related("domain", "responsible_unit").order_by("pct_of_plan", "pk")
        rows = list(lagging[:PANEL_ROWS])
        return {
            "rows": rows, "count": lagging.count() if len(rows) == PANEL_ROWS else len(rows),
            "year": self.year, "month": self.month,
            "url": project_list_url(lag="lagging", year=self.year, month=self.month),
        }


class MissingReportPanel(ScopedPanel):
    name = "pb_missing_report"
    order = 92
    template_name = "registers/panels/missing_report.html"

    def get_context_data(self, parent_context=None):
        missing = (
            self.figures().missing_report()
            .select_related("domain", "responsible_unit").order_by("domain__sort_order", "pk")
        )
        rows = list(missing[:PANEL_ROWS])
        drafts = dict(MonthlyProgress.objects.filter(
            project__in=[p.pk for p in rows], year=self.year, month=self.month, status="draft",
        ).values_list("project_id", "pk"))
        progress = MonthlyProgress.snippet_viewset
        add = reverse(progress.get_url_name("add"))
        for project in rows:
            # A draft opens itself (草稿); otherwise 填报 opens the add form on this project and month.
            draft = drafts.get(project.pk)
            project.draft_url = reverse(progress.get_url_name("edit"), args=[draft]) if draft else ""
            project.report_url = f"{add}?{urlencode({'project': project.pk, 'year': self.year, 'month': self.month})}"
        return {
            "rows": rows, "count": missing.count() if len(rows) == PANEL_ROWS else len(rows),
            "year": self.year, "month": self.month,
            "url": project_list_url(missing_report="true", year=self.year, month=self.month),
            "may_report": self.user.has_perm("registers.add_monthlyprogress"),
        }


def dashboard_period(request) -> tuple[int, int]:
    """The dashboard's period: ``?year=&month=`` (the selector), else the latest reported month."""
    return period_from(request.GET, default=MonthlyProgress.objects.latest_period())


def period_years(current: int) -> list[int]:
    """The years the selector offers: every planned or reported year, the current one, newest first."""
    years = set(AnnualPlan.objects.values_list("year", flat=True).distinct())
    years |= {current, reporting_period()[0]}
    return sorted(years, reverse=True)


def add_panels(request, panels) -> None:
    """The hook body: the three panels, on one period, for any user who may view projects."""
    user = request.user
    if not user.has_perm("registers.view_project"):
        return
    period = dashboard_period(request)
    panels += [DomainProgressPanel(user, period), LaggingProjectsPanel(user, period), MissingReportPanel(user, period)]
