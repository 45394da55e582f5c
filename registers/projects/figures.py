"""The programme's figures by domain, by responsible unit and by month — built once here from the
query layer (``ProjectQuerySet.with_figures`` and its totals) and read by the admin home panel,
the bulletins and quarterly report (``tasks.cycles``) and the public pages."""

from __future__ import annotations

from decimal import Decimal

from registers.core.money import ZERO, percent
from registers.core.periods import time_elapsed_pct


def domain_rows(figures, year: int, *, everything: bool = True, whole: set[int] | None = None) -> list[dict]:
    """One row per domain (in order) of an annotated project queryset: projects, planned, completed,
    % of plan, the target it is judged by and % of it. A user who sees only part of a domain
    (``everything`` False and the domain not in ``whole``) is judged by the plans in its scope."""
    from snippets.models import Domain, DomainTarget

    totals = {row["domain_id"]: row for row in figures.domain_totals()}
    targets = dict(DomainTarget.objects.filter(year=year).values_list("domain_id", "target"))
    rows = []
    for domain in Domain.objects.order_by("sort_order", "pk"):
        total = totals.get(domain.pk)
        if not everything and total is None:
            continue  # outside the user's scope
        completed = (total or {}).get("completed") or ZERO
        planned = (total or {}).get("planned") or ZERO
        judged_by_target = whole is None or domain.pk in whole
        target = targets.get(domain.pk) if judged_by_target else planned
        rows.append({
            "domain": domain, "completed": completed, "planned": planned,
            "target_label": "年度目标" if judged_by_target else "年度计划",
            "projects": (total or {}).get("projects") or 0, "target": target, "pct": percent(completed, target),
            "pct_of_plan": (total or {}).get("pct"),
        })
    return rows


def county_row(figures, year: int) -> dict:
    """The county total of an annotated queryset, against the year's county target (CampaignYear)."""
    from snippets.models import CampaignYear, DomainTarget

    total = figures.totals()
    target = CampaignYear.objects.filter(year=year).values_list("total_target", flat=True).first()
    if target is None:
        target = sum(DomainTarget.objects.filter(year=year).values_list("target", flat=True), ZERO) or None
    return {**total, "target": target, "pct_of_target": percent(total["completed"], target)}


def unit_ranking(figures) -> list[dict]:
    """Responsible units ranked by % of their annual plans completed (highest first; without a plan last)."""
    from snippets.models import Unit

    rows = [row for row in figures.unit_totals() if row["unit_id"]]
    units = Unit.objects.in_bulk([row["unit_id"] for row in rows])
    for row in rows:
        row["unit"] = units[row["unit_id"]]
    rows.sort(key=lambda row: (row["pct"] is None, -(row["pct"] or 0), -row["completed"], row["unit"].name))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows


def monthly_trend(projects, year: int, last_month: int) -> list[dict]:
    """Month by month (1…``last_month``): the cumulative completed of ``projects`` (a plain Project
    queryset), its % of plan and 序时进度 — one query per month, each the register's own figures."""
    rows = []
    for month in range(1, last_month + 1):
        total = projects.with_figures(year, month).totals()
        rows.append({"month": month, **total, "time_elapsed": float(time_elapsed_pct(month))})
    return rows


def gap_points(pct, month: int) -> Decimal | None:
    """How far ``pct`` (of plan) stands behind 序时进度 at ``month``, in points (positive: behind)."""
    if pct is None:
        return None
    return (time_elapsed_pct(month) - Decimal(str(pct))).quantize(Decimal("0.1"))
