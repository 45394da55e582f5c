"""The public project list's filters (django-filter): domain, stage, township, and a name search."""

from django.db.models import Q

import django_filters

from registers.models import Project, Stage
from snippets.models import Domain, Unit


class PublicProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="项目名称", method="search")
    domain = django_filters.ModelChoiceFilter(label="领域", queryset=Domain.objects.all(), empty_label="全部领域")
    stage = django_filters.ChoiceFilter(label="项目阶段", choices=Stage.choices, empty_label="全部阶段")
    township = django_filters.ModelChoiceFilter(label="所在乡镇", queryset=Unit.objects.townships(),
                                                empty_label="全部乡镇", method="filter_township")

    class Meta:
        model = Project
        fields = ["q", "domain", "stage", "township"]

    def filter_township(self, queryset, name, value):
        return queryset.in_township(value) if value else queryset

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(location__icontains=value))
