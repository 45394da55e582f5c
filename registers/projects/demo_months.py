"""The demo's monthly progress: year-to-date figures that rise month by month at a project's pace
(on track, lagging, over plan, a missing or draft-only latest month, finished), with image progress
that agrees with them. Used by ``registers.projects.demo``."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from registers.core.periods import time_elapsed_pct
from registers.models import AnnualPlan, MonthlyProgress, ProgressStatus
from registers.projects import demo_names as names

CENT = Decimal("0.01")


def money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _targets(profile: str, rng, month: int) -> tuple[float, bool]:
    """The share of the plan done by the latest month, and whether the latest month is missing."""
    elapsed = float(time_elapsed_pct(month))
    if profile == "yellow":
        return max(0.0, elapsed - rng.uniform(11, 19)) / 100, False
    if profile == "red":
        return max(0.0, elapsed - rng.uniform(22, 45)) / 100, False
    if profile == "over":
        return rng.uniform(1.02, 1.25), False
    if profile == "missing":
        return elapsed * rng.uniform(0.93, 1.1) / 100, True
    if profile == "done":
        return 1.0, False
    return elapsed * rng.uniform(0.93, 1.15) / 100, False


def month_rows(draft, plan: AnnualPlan, months: list[int], last_period: tuple[int, int],
              hq_user, now) -> list[MonthlyProgress]:
    """Increasing year-to-date figures for ``months`` of the plan's year. A finished project reaches
    its whole plan in its completion month and reads finished from then on."""
    project, rng, profile = draft.project, draft.rng, draft.profile
    year = plan.year
    if not months:
        return []
    final_month = months[-1]
    is_current = (year, final_month) == last_period
    if is_current:
        final_share, skip_last = _targets(profile, rng, final_month)
    else:
        final_share, skip_last = rng.uniform(0.85, 1.1) * final_month / 12, False
    finish_month = None
    if profile == "done" and project.actual_completion_date and project.actual_completion_date.year == year:
        finish_month = project.actual_completion_date.month
    if profile == "stopped":
        months = months[: max(1, len(months) // 3)]
    elif skip_last and len(months) > 1:
        months = months[:-1]
    curve = rng.uniform(0.85, 1.25)
    track, floors = rng.randint(0, 2), rng.randint(3, 18)
    total = float(project.total_investment) or 1.0
    reporter = names.person(rng)
    planned = float(plan.planned_investment)
    rows = []
    previous = Decimal("0")
    for m in months:
        share = min(1.0, (m / finish_month) ** curve) if finish_month else final_share * (m / final_month) ** curve
        ytd = plan.planned_investment if share >= 1.0 and finish_month else money(round(planned * share, 1))
        ytd = max(previous, ytd)
        previous = ytd
        if finish_month and m >= finish_month:
            image = names.FINISHED[project.stage]
        else:
            image = names.image_progress(min(0.97, (float(plan.prior_cumulative) + float(ytd)) / total), track, floors)
        latest = (year, m) == last_period
        status = (ProgressStatus.VERIFIED if not latest
                  else ProgressStatus.DRAFT if profile == "draft" else ProgressStatus.SUBMITTED)
        stamp = timezone.make_aware(datetime.datetime(year + (m == 12), m % 12 + 1, rng.randint(1, 5), 9, 30))
        rows.append(MonthlyProgress(
            project=project, year=year, month=m, completed_ytd=ytd, image_progress=image,
            problems=rng.choice(names.PROBLEMS) if profile in ("yellow", "red") and rng.random() < 0.7 else "",
            status=status,
            reporter_name=reporter,
            submitted_at=min(stamp, now) if status != ProgressStatus.DRAFT else None,
            verified_by=hq_user if status == ProgressStatus.VERIFIED else None,
            verified_at=min(stamp + datetime.timedelta(days=2), now) if status == ProgressStatus.VERIFIED else None,
        ))
    return rows
