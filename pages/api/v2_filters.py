"""FilterSets of ``/api/v2/`` (django-filter through DRF's backend).

Projects: domain (by its code), stage, township, investment band, a name search, and ``year`` /
``month`` (the period the figures are computed for; ``year`` also keeps the projects of that year's
register). Commissioners: unit and ``q`` (a substring of the name, the unit or the matters handled).
News: the year of its date.
"""


import django_filters

from registers.models import Project, Stage
from registers.projects.filters import MONTH_CHOICES, year_choices
from registers.projects.queries import INVESTMENT_BANDS
from snippets.models import AcceptanceCommissioner, Unit


# 总投资 bands, in 亿元: [lower, upper) — the public project index offers the same.
class ProjectV2FilterSet(django_filters.FilterSet):
    domain = django_filters.CharFilter(label="领域代码", field_name="domain__code",
                                       help_text="industry、agriculture、services、infrastructure、"
                                                 "new_infrastructure、public_services")
    stage = django_filters.MultipleChoiceFilter(label="项目阶段", choices=Stage.choices)
    township = django_filters.ModelChoiceFilter(label="所在乡镇（单位 id）", queryset=Unit.objects.townships(),
                                                method="filter_township")
    investment_band = django_filters.ChoiceFilter(
        label="总投资规模", method="filter_band",
        choices=[(key, label) for key, (label, _lower, _upper) in INVESTMENT_BANDS.items()],
    )
    q = django_filters.CharFilter(label="名称、编码或地点", method="filter_q")
    year = django_filters.ChoiceFilter(label="年度", choices=year_choices, method="filter_year")
    month = django_filters.ChoiceFilter(label="截至月份", choices=MONTH_CHOICES, method="filter_month")

    class Meta:
        model = Project
        fields = []

    # The hints describe the query parameter in the OpenAPI document (a unit id, a year).
    def filter_township(self, queryset, name, value: int):
        return queryset.in_township(value) if value else queryset

    def filter_band(self, queryset, name, value):
        return queryset.in_investment_band(value) if value else queryset

    def filter_q(self, queryset, name, value):
        return queryset.matching(value)

    def filter_year(self, queryset, name, value: int):
        return queryset.in_year(int(value)) if value else queryset

    def filter_month(self, queryset, name, value: int):
        return queryset  # the month only chooses the period of the figures (read by the view)


class CommissionerFilterSet(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(label="单位 id", queryset=Unit.objects.all())
    q = django_filters.CharFilter(label="姓名、单位或受理事项", method="filter_q")

    class Meta:
        model = AcceptanceCommissioner
        fields = []

    def filter_q(self, queryset, name, value):
        """The directory's own search (unit, name, post, matter; Chinese substrings or 拼音 initials)."""
        from pages.models.directory import matching_commissioner_ids

        return queryset.filter(pk__in=matching_commissioner_ids(value)) if value.strip() else queryset


class NewsFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(label="年份", field_name="date__year")
