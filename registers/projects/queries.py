"""The register's query layer: the one place derived figures are computed.

Every listing, dashboard, API endpoint, export and report asks these querysets for the plan,
year-to-date completed investment, percentages and the lagging level; none computes them itself.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Cast, Coalesce

from registers.core.periods import time_elapsed_pct

ZERO = Value(Decimal("0"), output_field=models.DecimalField(max_digits=14, decimal_places=2))
MONEY_FIELD = models.DecimalField(max_digits=14, decimal_places=2)

YI = Decimal("10000")  # 1亿元 in 万元
# Projects neither judged for lagging nor expected to report: stopped, or still in the reserve pool.
NOT_ASSESSED_STAGES = ("stopped", "reserve")


def percent(part, whole, places: str = "0.1") -> float | None:
    """``part`` as a percentage of ``whole`` (of plan, of a domain's target), rounded to ``places``
    (Decimal's default rounding, as the sheets' rate column); None when there is no whole. The
    in-Python twin of ``pct_of_plan``, for figures summed outside a query (export subtotals, panel
    targets)."""
    if part is None or not whole:
        return None
    return float((Decimal(str(part)) * 100 / Decimal(str(whole))).quantize(Decimal(places)))


def lag_thresholds() -> tuple[Decimal, Decimal]:
    """The editable (yellow, red) gaps, in percentage points behind time-elapsed progress."""
    from registers.projects.models.settings import LaggingRule

    rule = LaggingRule.load()
    return Decimal(rule.yellow_gap), Decimal(rule.red_gap)


class ProjectQuerySet(models.QuerySet):
    def with_figures(self, year: int, month: int, thresholds: tuple[Decimal, Decimal] | None = None,
                     published_only: bool = False):
        """Annotate plan_amount, ytd_completed, pct_of_plan, time_elapsed, lag_level, reported,
        over_plan for the period (year, month), in one query. ``published_only`` counts only the
        months a unit has submitted (drafts stay private), as the public pages and API do."""
        from registers.models import AnnualPlan, MonthlyProgress

        yellow, red = thresholds or lag_thresholds()
        elapsed = float(time_elapsed_pct(month))
        plan = AnnualPlan.objects.filter(project=OuterRef("pk"), year=year).values("planned_investment")[:1]
        months = MonthlyProgress.objects.filter(project=OuterRef("pk"), year=year)
        if published_only:
            months = months.published()
        ytd = months.filter(month__lte=month).order_by("-month").values("completed_ytd")[:1]
        # A month counts as reported once submitted: a saved draft is still missing.
        reported = months.published().filter(month=month)
        return (
            self.annotate(
                plan_amount=Coalesce(Subquery(plan, output_field=MONEY_FIELD), ZERO),
                ytd_completed=Coalesce(Subquery(ytd, output_field=MONEY_FIELD), ZERO),
                reported=Exists(reported),
                time_elapsed=Value(elapsed, output_field=models.FloatField()),
            )
            .annotate(
                pct_of_plan=Case(
                    When(plan_amount__gt=0,
                         then=Cast(F("ytd_completed"), models.FloatField()) * 100.0
                         / Cast(F("plan_amount"), models.FloatField())),
                    default=None,
                    output_field=models.FloatField(),
                ),
            )
            .annotate(
                lag_level=Case(
                    When(stage__in=NOT_ASSESSED_STAGES, then=Value("na")),
                    When(plan_amount__lte=0, then=Value("none")),
                    When(pct_of_plan__lte=elapsed - float(red), then=Value("red")),
                    When(pct_of_plan__lte=elapsed - float(yellow), then=Value("yellow")),
                    default=Value("green"),
                    output_field=models.CharField(),
                ),
                # The database twin of ``registers.projects.rules.above_plan`` (keep the two the same).
                over_plan=Case(
                    When(Q(plan_amount__gt=0) & Q(ytd_completed__gt=F("plan_amount")), then=Value(True)),
                    default=Value(False),
                    output_field=models.BooleanField(),
                ),
            )
        )

    def lagging(self):
        """Of an annotated queryset: yellow or red."""
        return self.filter(lag_level__in=["yellow", "red"])

    def missing_report(self):
        """Of an annotated queryset: no submitted progress for the period's month, of the projects
        that owe one (not those stopped or still in the reserve pool)."""
        return self.filter(reported=False).exclude(stage__in=NOT_ASSESSED_STAGES)

    def domain_totals(self):
        """Of an annotated queryset: one row per domain_id with planned, completed and projects."""
        return (
            self.order_by()
            .values("domain_id")
            .annotate(planned=Sum("plan_amount"), completed=Sum("ytd_completed"), projects=Count("pk"))
        )

    def active_in(self, year: int):
        """Projects under way in ``year`` (their years cover it), not stopped."""
        return self.filter(start_year__lte=year, end_year__gte=year).exclude(stage="stopped")

    def public(self):
        return self.filter(is_public=True)

    def published_register(self, year: int, month: int):
        """What the public sees: public projects with the figures of their submitted months."""
        return (
            self.public()
            .select_related("domain", "responsible_unit", "township")
            .with_figures(year, month, published_only=True)
            .order_by("domain__sort_order", "pk")
        )

    def major(self):
        """附件2 二(四) items 1–7: any plan-level flag."""
        from registers.projects.models.project import PLAN_LEVEL_FIELDS

        q = Q()
        for name in PLAN_LEVEL_FIELDS:
            q |= Q(**{name: True})
        return self.filter(q)

    def total_at_least(self, yi: int):
        return self.filter(total_investment__gte=YI * yi)

    def reserve_pool(self):
        return self.filter(stage__in=["reserve", "preliminary"])


PUBLISHED_STATUSES = ("submitted", "verified")


class MonthlyProgressQuerySet(models.QuerySet):
    def published(self):
        """Months a unit has submitted (or the lead unit verified): drafts are not public."""
        return self.filter(status__in=PUBLISHED_STATUSES)

    def published_register(self):
        """Submitted months of public projects, as the public pages and API show them."""
        from registers.models import Project

        return self.published().filter(project__in=Project.objects.public().values("pk"))

    def with_month_completed(self, published_only: bool = False):
        """Annotate month_completed: this month's year-to-date less the previous reported month's."""
        previous = self.model.objects.filter(
            project=OuterRef("project"), year=OuterRef("year"), month__lt=OuterRef("month")
        )
        if published_only:
            previous = previous.published()
        previous = previous.order_by("-month").values("completed_ytd")[:1]
        return self.annotate(
            month_completed=F("completed_ytd") - Coalesce(Subquery(previous, output_field=MONEY_FIELD), ZERO)
        )

    def with_plan(self):
        from registers.models import AnnualPlan

        plan = AnnualPlan.objects.filter(project=OuterRef("project"), year=OuterRef("year")).values(
            "planned_investment"
        )[:1]
        return self.annotate(plan_amount=Subquery(plan, output_field=MONEY_FIELD)).annotate(
            # The database twin of ``registers.projects.rules.above_plan`` (keep the two the same).
            over_plan=Case(
                When(Q(plan_amount__gt=0) & Q(completed_ytd__gt=F("plan_amount")), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def for_period(self, year: int, month: int):
        return self.filter(year=year, month=month)


def public_photos():
    """Progress photos the public may see: marked public, of a submitted month of a public project."""
    from registers.models import MonthlyProgress, ProgressPhoto

    return ProgressPhoto.objects.filter(is_public=True, progress__in=MonthlyProgress.objects.published_register())
