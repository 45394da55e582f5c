"""The register's query layer: the one place derived figures are computed.

Every listing, dashboard, API endpoint, export and report asks these querysets for the plan,
year-to-date completed investment, percentages and the lagging level; none computes them itself.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from registers.core.money import MONEY_OUTPUT, YI, ZERO_VALUE, percent_expression
from registers.core.periods import reporting_period, time_elapsed_pct
from registers.core.scopes import ScopedQuerySet

# Projects neither judged for lagging nor expected to report: stopped, or still in the reserve pool.
NOT_ASSESSED_STAGES = ("stopped", "reserve")
# Investment bands (总投资, in 亿元: lower inclusive, upper exclusive), as the public filters offer them.
INVESTMENT_BANDS = {
    "lt1": ("1亿元以下", None, 1),
    "1to5": ("1亿元至5亿元", 1, 5),
    "5to10": ("5亿元至10亿元", 5, 10),
    "ge10": ("10亿元及以上", 10, None),
}
# The one definition of a month that counts: submitted or verified. A draft never counts anywhere.
COUNTED_STATUSES = ("submitted", "verified")


def lag_thresholds() -> tuple[Decimal, Decimal]:
    """The editable (yellow, red) gaps, in percentage points behind time-elapsed progress."""
    from registers.projects.models.settings import LaggingRule

    rule = LaggingRule.load()
    return Decimal(rule.yellow_gap), Decimal(rule.red_gap)


class ProjectQuerySet(ScopedQuerySet):
    def scoped_to(self, user):
        from registers.projects.scopes import project_condition

        # lead_units is many-to-many: keep rows distinct by filtering on ids.
        return self.filter(pk__in=self.model.objects.filter(project_condition(user)).values("pk"))

    def with_figures(self, year: int, month: int, thresholds: tuple[Decimal, Decimal] | None = None):
        """Annotate the period's figures, in one query — the one definition every screen, export,
        API answer and report reads:

        * ``plan_amount``: the year's annual plan (0 without one);
        * ``ytd_completed``: 1-M月 completed, the year-to-date of the latest *counted* month
          (submitted or verified) at or before ``month``; a draft never counts;
        * ``figures_month``: that month (None when nothing counted yet);
        * ``reported``: the month itself is counted (else the project is 未报 for the period);
        * ``draft_pending``: a draft of the month exists (its unit sees it marked 草稿);
        * ``pct_of_plan`` (``money.percent_expression``), ``time_elapsed`` (序时进度),
          ``lag_level`` and ``over_plan``.
        """
        from registers.projects.models import AnnualPlan, MonthlyProgress

        yellow, red = thresholds or lag_thresholds()
        elapsed = float(time_elapsed_pct(month))
        plan = AnnualPlan.objects.filter(project=OuterRef("pk"), year=year).values("planned_investment")[:1]
        months = MonthlyProgress.objects.filter(project=OuterRef("pk"), year=year)
        latest = months.counted().filter(month__lte=month).order_by("-month")
        return (
            self.annotate(
                plan_amount=Coalesce(Subquery(plan, output_field=MONEY_OUTPUT), ZERO_VALUE),
                ytd_completed=Coalesce(Subquery(latest.values("completed_ytd")[:1], output_field=MONEY_OUTPUT),
                                       ZERO_VALUE),
                figures_month=Subquery(latest.values("month")[:1], output_field=models.IntegerField()),
                reported=Exists(months.counted().filter(month=month)),
                draft_pending=Exists(months.filter(month=month, status="draft")),
                time_elapsed=Value(elapsed, output_field=models.FloatField()),
            )
            .annotate(pct_of_plan=percent_expression("ytd_completed", "plan_amount"))
            .annotate(
                lag_level=Case(
                    When(stage__in=NOT_ASSESSED_STAGES, then=Value("na")),
                    When(plan_amount__lte=0, then=Value("none")),
                    When(pct_of_plan__lte=elapsed - float(red), then=Value("red")),
                    When(pct_of_plan__lte=elapsed - float(yellow), then=Value("yellow")),
                    default=Value("green"),
                    output_field=models.CharField(),
                ),
                over_plan=over_plan_expression("ytd_completed"),
            )
        )

    def with_sheet_columns(self, year: int, month: int):
        """``with_figures`` plus what a bureau sheet shows beside them: whether the year has a
        plan, its prior cumulative, and the 形象进度 / 存在问题 of the month the figures come from."""
        from registers.projects.models import AnnualPlan, MonthlyProgress

        plan = AnnualPlan.objects.filter(project=OuterRef("pk"), year=year)
        latest = (MonthlyProgress.objects.counted().filter(project=OuterRef("pk"), year=year, month__lte=month)
                  .order_by("-month"))
        return self.with_figures(year, month).annotate(
            has_plan=Exists(plan),
            prior_cumulative=Subquery(plan.values("prior_cumulative")[:1], output_field=MONEY_OUTPUT),
            figures_image_progress=Subquery(latest.values("image_progress")[:1]),
            figures_problems=Subquery(latest.values("problems")[:1]),
        )

    def lagging(self):
        """Of an annotated queryset: yellow or red."""
        return self.filter(lag_level__in=["yellow", "red"])

    def missing_report(self):
        """Of an annotated queryset: no counted progress for the period's month, of the projects
        that owe one (not those stopped or still in the reserve pool)."""
        return self.filter(reported=False).exclude(stage__in=NOT_ASSESSED_STAGES)

    def totals(self):
        """Of an annotated queryset: planned, completed, projects and % of plan over all its rows."""
        row = self.order_by().aggregate(planned=Sum("plan_amount"), completed=Sum("ytd_completed"),
                                        projects=Count("pk"))
        return figure_totals(row)

    def domain_totals(self):
        """Of an annotated queryset: one row per domain_id with planned, completed, projects, pct."""
        rows = (
            self.order_by()
            .values("domain_id")
            .annotate(planned=Sum("plan_amount"), completed=Sum("ytd_completed"), projects=Count("pk"))
        )
        return [{"domain_id": row["domain_id"], **figure_totals(row)} for row in rows]

    def unit_totals(self):
        """Of an annotated queryset: one row per responsible_unit_id with planned, completed,
        projects, pct, and how many of its projects lag (yellow, red)."""
        rows = (
            self.order_by()
            .values("responsible_unit_id")
            .annotate(planned=Sum("plan_amount"), completed=Sum("ytd_completed"), projects=Count("pk"),
                      yellow=Count("pk", filter=Q(lag_level="yellow")), red=Count("pk", filter=Q(lag_level="red")))
        )
        return [{"unit_id": row["responsible_unit_id"], "yellow": row["yellow"], "red": row["red"],
                 **figure_totals(row)} for row in rows]

    def in_year(self, year: int):
        """The projects of ``year``'s register: under way that year and not stopped, or carrying a
        plan or a counted month of the year (a preliminary project planning ahead of its
        construction years, a project stopped during the year). Every project whose figures are
        not zero for the year is in it, so totals over it equal totals over any wider listing."""
        from registers.projects.models import AnnualPlan, MonthlyProgress

        under_way = Q(start_year__lte=year, end_year__gte=year) & ~Q(stage="stopped")
        planned = Q(pk__in=AnnualPlan.objects.filter(year=year).values("project_id"))
        reported = Q(pk__in=MonthlyProgress.objects.counted().filter(year=year).values("project_id"))
        return self.filter(under_way | planned | reported)

    def public(self):
        return self.filter(is_public=True)

    def in_township(self, township):
        """The projects that lie in ``township`` (one of their townships)."""
        return self.filter(located_in(township))

    def published_register(self, year: int, month: int):
        """What the public sees: public projects with the period's figures."""
        return (
            self.public()
            .select_related("domain", "responsible_unit")
            .prefetch_related("townships")
            .with_figures(year, month)
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

    def matching(self, text: str):
        """The projects whose name, code, location or owner holds ``text`` (a Chinese substring):
        the one public search of the register (the project index, the API and the site search)."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(code__icontains=text) | Q(location__icontains=text)
                           | Q(owner_name__icontains=text))

    def in_investment_band(self, band: str):
        """The projects whose total investment lies in ``band`` (a key of ``INVESTMENT_BANDS``)."""
        _label, lower, upper = INVESTMENT_BANDS[band]
        queryset = self if lower is None else self.total_at_least(lower)
        return queryset if upper is None else queryset.filter(total_investment__lt=YI * upper)


def lag_level_of(pct, elapsed: float, thresholds: tuple[Decimal, Decimal] | None = None) -> str:
    """The Python twin of ``with_figures``' ``lag_level`` for a share already computed (a domain's
    % of target on a chart): red, yellow or green, "none" without a share."""
    if pct is None:
        return "none"
    yellow, red = thresholds or lag_thresholds()
    if pct <= elapsed - float(red):
        return "red"
    if pct <= elapsed - float(yellow):
        return "yellow"
    return "green"


def over_plan_expression(ytd: str) -> Case:
    """Completed above a positive plan: the database twin of ``rules.above_plan``."""
    return Case(
        When(Q(plan_amount__gt=0) & Q(**{f"{ytd}__gt": F("plan_amount")}), then=Value(True)),
        default=Value(False),
        output_field=models.BooleanField(),
    )


def figure_totals(row: dict) -> dict:
    """Summed figures (planned, completed, projects) with their % of plan (``money.percent``)."""
    from registers.core.money import ZERO, percent

    planned, completed = row.get("planned") or ZERO, row.get("completed") or ZERO
    return {"planned": planned, "completed": completed, "projects": row.get("projects") or 0,
            "pct": percent(completed, planned)}


def located_in(township) -> Q:
    """A Q over Project: lies in ``township`` (a unit or its id) — a subquery, not a join, so OR-ed
    with other terms (a township's scope) it never repeats a row."""
    from registers.projects.models import Project

    through = Project.townships.through
    return Q(pk__in=through.objects.filter(unit=township).values("project_id"))


class MonthlyProgressQuerySet(ScopedQuerySet):
    def scoped_to(self, user):
        from registers.projects.models import Project

        return self.filter(project__in=Project.objects.for_user(user).values("pk"))

    def latest_period(self, counted_only: bool = True) -> tuple[int, int]:
        """The latest month with counted reports (or, ``counted_only=False``, with any month, drafts
        included), up to the reporting period: a register imported for 2022 opens on 2022's last
        reported month, not on an empty calendar month."""
        year, month = reporting_period()
        rows = self.counted() if counted_only else self
        found = (rows.filter(Q(year__lt=year) | Q(year=year, month__lte=month))
                 .order_by("-year", "-month").values_list("year", "month").first())
        return tuple(found) if found else (year, month)

    def counted(self):
        """Months that count: submitted, or verified by the lead unit. Drafts never count."""
        return self.filter(status__in=COUNTED_STATUSES)

    def published_register(self):
        """Counted months of public projects, as the public pages and API show them."""
        from registers.projects.models import Project

        return self.counted().filter(project__in=Project.objects.public().values("pk"))

    def previous_counted(self, project, year, month):
        """The counted months of ``project`` in ``year`` before ``month``, latest first (values or
        ``OuterRef``s): the month a new cumulative is measured from, here and in the form."""
        return self.counted().filter(project=project, year=year, month__lt=month).order_by("-month")

    def with_month_completed(self):
        """Annotate month_completed: this month's year-to-date less the previous counted month's."""
        previous = self.model.objects.previous_counted(
            OuterRef("project"), OuterRef("year"), OuterRef("month")).values("completed_ytd")[:1]
        return self.annotate(
            month_completed=F("completed_ytd") - Coalesce(Subquery(previous, output_field=MONEY_OUTPUT), ZERO_VALUE)
        )

    def with_plan(self):
        from registers.projects.models import AnnualPlan

        plan = AnnualPlan.objects.filter(project=OuterRef("project"), year=OuterRef("year")).values(
            "planned_investment"
        )[:1]
        return self.annotate(plan_amount=Subquery(plan, output_field=MONEY_OUTPUT)).annotate(
            over_plan=over_plan_expression("completed_ytd")
        )


class PhotoQuerySet(ScopedQuerySet):
    def scoped_to(self, user):
        from registers.projects.models import MonthlyProgress

        return self.filter(progress__in=MonthlyProgress.objects.for_user(user))


def public_photos():
    """Progress photos the public may see: marked public, of a counted month of a public project."""
    from registers.projects.models import MonthlyProgress, ProgressPhoto

    return ProgressPhoto.objects.filter(is_public=True, progress__in=MonthlyProgress.objects.published_register())
