"""FilterSets of the public API, applied by django-filter's DRF backend.

The project filters are the admin listing's (``ProjectFilterMixin``) plus the domain by its code and
a text search; ``year`` and ``month`` also choose the period the figures are computed for.
"""

from django.db.models import Q

import django_filters

from registers.models import MonthlyProgress, Project
from registers.projects.filters import ProjectFilterMixin
from snippets.models import Domain


class ProjectApiFilterSet(ProjectFilterMixin):
    """The public API's project filters: the admin's, plus the domain by its code and a search."""

    domain_code = django_filters.CharFilter(label="领域代码", field_name="domain__code")
    search = django_filters.CharFilter(label="名称", method="filter_search")

    class Meta:
        model = Project
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value) | Q(location__icontains=value))


class ProgressApiFilterSet(django_filters.FilterSet):
    """The public API's month filters: project, domain (by id or code), year and month."""

    project = django_filters.NumberFilter(field_name="project_id")
    domain = django_filters.ModelChoiceFilter(field_name="project__domain", queryset=Domain.objects.all())
    domain_code = django_filters.CharFilter(field_name="project__domain__code")
    year = django_filters.NumberFilter()
    month = django_filters.NumberFilter()

    class Meta:
        model = MonthlyProgress
        fields = []
