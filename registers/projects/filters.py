"""FilterSets of the register listings (django-filter, through Wagtail's WagtailFilterSet).

The project listing is annotated by ``Project.objects.with_figures`` before it is filtered, so the
lagging and missing-report filters read the annotations; ``year`` and ``month`` also choose the
period the figures are computed for (``registers.core.periods.period_from``). The public API's
FilterSets (``pages.api.filters``) reuse ``ProjectFilterMixin``.
"""

from django import forms
from django.utils import timezone

from wagtail.admin.filters import WagtailFilterSet

import django_filters

from registers.models import MonthlyProgress, Nature, ProgressStatus, Project, Stage
from registers.projects.models.choices import LagLevel
from registers.projects.models.project import PLAN_LEVEL_FIELDS
from snippets.models import Domain, Unit

MAJOR = "major"


def year_choices():
    this_year = timezone.localdate().year
    return [(y, f"{y}年") for y in range(this_year + 2, 2019, -1)]


MONTH_CHOICES = [(m, f"{m}月") for m in range(1, 13)]


def plan_level_choices():
    return [(MAJOR, "任一层级（重大项目）")] + [
        (name, Project._meta.get_field(name).verbose_name) for name in PLAN_LEVEL_FIELDS
    ]


class DomainUnitFilterMixin(django_filters.FilterSet):
    """The filters a listing of project rows shares: domain and responsible unit."""

    domain = django_filters.ModelChoiceFilter(
        label="领域", field_name="domain", queryset=Domain.objects.order_by("sort_order"), empty_label="全部领域"
    )
    responsible_unit = django_filters.ModelChoiceFilter(
        label="责任单位", field_name="responsible_unit", queryset=Unit.objects.all(), empty_label="全部单位"
    )


class ProjectFilterMixin(DomainUnitFilterMixin):
    """Every project filter, for the admin listing and the public API alike."""

    stage = django_filters.MultipleChoiceFilter(
        label="项目阶段", choices=Stage.choices, widget=forms.CheckboxSelectMultiple
    )
    nature = django_filters.ChoiceFilter(label="建设性质", choices=Nature.choices, empty_label="全部")
    township = django_filters.ModelChoiceFilter(
        label="所在乡镇", queryset=Unit.objects.townships(), empty_label="全部乡镇", method="filter_township",
    )
    is_countywide = django_filters.BooleanFilter(label="全县性项目", widget=forms.NullBooleanSelect)
    plan_level = django_filters.ChoiceFilter(
        label="项目层级", choices=plan_level_choices, method="filter_plan_level", empty_label="不限"
    )
    is_5020 = django_filters.BooleanFilter(label="“5020”招商项目", widget=forms.NullBooleanSelect)
    investment = django_filters.ChoiceFilter(
        label="总投资规模", choices=[("1", "1亿元及以上"), ("5", "5亿元及以上")],
        method="filter_investment", empty_label="不限",
    )
    year = django_filters.ChoiceFilter(
        label="年度", choices=year_choices, method="filter_year", empty_label="报告期年度（不限在建年份）",
    )
    month = django_filters.ChoiceFilter(
        label="截至月份", choices=MONTH_CHOICES, method="filter_month", empty_label="报告期月份",
    )
    lag = django_filters.ChoiceFilter(
        label="滞后情况",
        choices=[("lagging", "滞后（含严重滞后）"), *((level.value, level.label) for level in LagLevel)],
        method="filter_lag", empty_label="不限",
    )
    missing_report = django_filters.BooleanFilter(
        label="本月未报进度", method="filter_missing_report",
        widget=forms.Select(choices=[("", "不限"), ("true", "本月未报"), ("false", "本月已报")]),
    )

    def filter_township(self, queryset, name, value):
        return queryset.in_township(value) if value else queryset

    def filter_plan_level(self, queryset, name, value):
        if value == MAJOR:
            return queryset.major()
        if value in PLAN_LEVEL_FIELDS:
            return queryset.filter(**{value: True})
        return queryset

    def filter_investment(self, queryset, name, value):
        return queryset.total_at_least(int(value)) if value else queryset

    def filter_year(self, queryset, name, value):
        # The period's year is read by the view; here the list keeps projects under way that year.
        return queryset.in_year(int(value)) if value else queryset

    def filter_month(self, queryset, name, value):
        return queryset  # the period's month only changes the figures (read by the view)

    def filter_lag(self, queryset, name, value):
        if value == "lagging":
            return queryset.lagging()
        return queryset.filter(lag_level=value) if value else queryset

    def filter_missing_report(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.missing_report() if value else queryset.filter(reported=True)


class ProjectFilterSet(ProjectFilterMixin, WagtailFilterSet):
    # The admin only: the projects an import wrote (the link after its confirm); within the scope.
    imported = django_filters.CharFilter(label="导入批次", method="filter_imported", widget=forms.HiddenInput)

    class Meta:
        model = Project
        fields = []

    def filter_imported(self, queryset, name, value):
        from registers.imports.jobs import ImportJob

        try:
            result = ImportJob(value).state().get("result") or {}
        except (ValueError, FileNotFoundError):
            return queryset.none()
        return queryset.filter(pk__in=result.get("project_ids") or [])


class MonthlyProgressFilterSet(WagtailFilterSet):
    domain = django_filters.ModelChoiceFilter(
        label="领域", field_name="project__domain", queryset=Domain.objects.order_by("sort_order"),
        empty_label="全部领域",
    )
    responsible_unit = django_filters.ModelChoiceFilter(
        label="责任单位", field_name="project__responsible_unit", queryset=Unit.objects.all(), empty_label="全部单位"
    )
    year = django_filters.ChoiceFilter(label="年度", choices=year_choices, empty_label="全部年度")
    month = django_filters.ChoiceFilter(label="月份", choices=MONTH_CHOICES, empty_label="全部月份")
    status = django_filters.ChoiceFilter(label="状态", choices=ProgressStatus.choices, empty_label="全部")
    over_plan = django_filters.BooleanFilter(label="超年度计划", widget=forms.NullBooleanSelect)

    class Meta:
        model = MonthlyProgress
        fields = []
