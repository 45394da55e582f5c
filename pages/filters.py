"""The public project list's filters (django-filter): domain, stage, township, investment band and a
name search (a Chinese substring of the name or the location)."""


import django_filters

from registers.models import Project, Stage
from registers.projects.queries import INVESTMENT_BANDS
from snippets.models import Domain, Unit

# total investment bands (万元 in the register): <1亿, 1–5亿, 5–10亿, ≥10亿


class PublicProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="项目名称或地点", method="search")
    domain = django_filters.ModelChoiceFilter(label="领域", queryset=Domain.objects.all(),
                                              empty_label="全部领域")
    stage = django_filters.ChoiceFilter(label="项目阶段", choices=Stage.choices, empty_label="全部阶段")
    township = django_filters.ModelChoiceFilter(label="所在乡镇", queryset=Unit.objects.townships(),
                                                empty_label="全部乡镇", method="filter_township")
    band = django_filters.ChoiceFilter(label="总投资", empty_label="不限", method="filter_band",
                                       choices=[(key, band[0]) for key, band in INVESTMENT_BANDS.items()])

    class Meta:
        model = Project
        fields = ["q", "domain", "stage", "township", "band"]

    def filter_township(self, queryset, name, value):
        return queryset.in_township(value) if value else queryset

    def filter_band(self, queryset, name, value):
        return queryset.in_investment_band(value)

    def search(self, queryset, name, value):
        return queryset.matching(value)
