"""The programme at a glance, for the home page: the period's figures per domain and for the county
(``programme_figures``: ``registers.projects.figures`` over the year's public register — the one call
``/api/v2/stats/domains/`` answers with), the chart, the year's counts, the latest actions and the latest bulletin."""

from __future__ import annotations

from django.db.models import Count, Max, Prefetch, Q, Sum

from pages.public import public_rows
from registers.core.money import ZERO
from registers.core.periods import period_from, reporting_period, time_elapsed_pct
from registers.models import Stage
from registers.projects.figures import county_row, domain_rows
from registers.projects.queries import lag_thresholds
from tasks import charts

# The page's own sans-serif faces (cms/static/css/site.css): a bare "sans-serif" may resolve to
# whatever CJK face the machine has first, a Kai (calligraphy) one included.
WEB_FONT = "'PingFang SC','Hiragino Sans GB','Microsoft YaHei','WenQuanYi Micro Hei','Noto Sans CJK SC',sans-serif"
# Drawn about a phone's width, so its text reads at its own size there (the PDFs draw wider).
WEB_CHART_WIDTH = 360


def public_period(params) -> tuple[int, int]:
    """The (year, month) the public pages judge: ``?year=``/``?month=``, else the latest month with
    published reports (a register imported for 2022 opens on 2022), else the reporting period."""
    return period_from(params, default=public_rows("registers.MonthlyProgress").latest_period())


def latest_reported_month(year: int) -> int:
    """The latest month of ``year`` with a counted month of a public project; without any, December
    for a past year and the reporting month for the reporting year (January for a later one)."""
    found = public_rows("registers.MonthlyProgress").filter(year=year).aggregate(month=Max("month"))["month"]
    if found:
        return found
    this_year, this_month = reporting_period()
    if year < this_year:
        return 12
    return this_month if year == this_year else 1


def programme_figures(year: int) -> dict:
    """The year's public programme: ``{"year", "month", "domains": [row…], "county": row}``.

    Each domain row is ``domain_rows``'s (``domain``, ``projects``, ``planned`` = annual plan,
    ``completed`` to ``month``, ``target``, ``pct`` of target, ``pct_of_plan``) plus
    ``total_investment`` (the sum of its projects' total investment); ``county`` is ``county_row``'s
    with the county's total investment. A constant number of queries, whatever the rows."""
    month = latest_reported_month(year)
    projects = public_rows("registers.Project").in_year(year)
    figures = projects.with_figures(year, month)
    totals = dict(projects.order_by().values("domain_id").annotate(total=Sum("total_investment"))
                  .values_list("domain_id", "total"))
    rows = domain_rows(figures, year)
    for row in rows:
        row["total_investment"] = totals.get(row["domain"].pk) or ZERO
    county = county_row(figures, year)
    county["total_investment"] = sum((row["total_investment"] for row in rows), ZERO)
    return {"year": year, "month": month, "domains": rows, "county": county}


def year_counts(year: int) -> dict:
    """Public projects under construction now, started (actual start) and completed in ``year``."""
    return public_rows("registers.Project").order_by().aggregate(
        construction=Count("pk", filter=Q(stage=Stage.CONSTRUCTION)),
        started=Count("pk", filter=Q(actual_start_date__year=year)),
        completed=Count("pk", filter=Q(actual_completion_date__year=year)),
    )


def latest_actions(limit: int = 3) -> dict:
    """The latest groundbreaking rounds and observation meetings, with their public projects only."""
    projects = Prefetch("projects", queryset=public_rows("registers.Project").only("pk", "name"),
                        to_attr="public_projects")
    return {
        "rounds": list(public_rows("registers.GroundbreakingRound").order_by("-date").prefetch_related(projects)
                       [:limit]),
        "observations": list(public_rows("registers.ObservationMeeting").order_by("-date")
                             .prefetch_related(projects)[:limit]),
    }


def latest_bulletin() -> dict | None:
    """The latest county bulletin's title and date only: its figures count internal projects too and
    its PDF is internal (the public figures on the page are the programme's own)."""
    from tasks.models import ReportRun

    run = (ReportRun.objects.filter(kind="monthly_bulletin", scope_key="county", status="done")
           .order_by("-period").only("title", "issued_on").first())
    return None if run is None else {"title": run.title, "issued_on": run.issued_on}


def programme(params) -> dict:
    year, _month = public_period(params)
    figures = programme_figures(year)  # what /api/v2/stats/domains/?year= answers, from the same call
    month, rows, county = figures["month"], figures["domains"], figures["county"]
    elapsed = float(time_elapsed_pct(month))
    yellow, red = lag_thresholds()
    chart = charts.domain_bars([{"label": row["domain"].name, "pct": row["pct"]} for row in rows], elapsed,
                               float(yellow), float(red), width=WEB_CHART_WIDTH, font=WEB_FONT)
    return {"year": year, "month": month, "elapsed": elapsed, "domain_rows": rows, "county": county,
            "chart": chart, "counts": year_counts(year), **latest_actions(), "bulletin": latest_bulletin()}
