"""FilterSets of the coordination listings (django-filter through Wagtail's WagtailFilterSet)."""


from django import forms

from wagtail.admin.filters import WagtailFilterSet

import django_filters

from registers.coordination.models import (
    CoordinationIssue,
    Escalation,
    IssueStatus,
    LedgerItem,
    LedgerStatus,
    Meeting,
    MeetingState,
    MeetingTier,
)
from registers.projects.filters import MONTH_CHOICES, year_choices
from snippets.models import Domain, Unit


class IssueFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(label="状态", choices=IssueStatus.choices,
                                                 widget=forms.CheckboxSelectMultiple)
    proposed_tier = django_filters.ChoiceFilter(label="建议协调层级", choices=MeetingTier.choices, empty_label="全部")
    year = django_filters.ChoiceFilter(label="批次年度", choices=year_choices, method="filter_year",
                                       empty_label="全部年度")
    month = django_filters.ChoiceFilter(label="批次月份", choices=MONTH_CHOICES, method="filter_month",
                                        empty_label="全部月份")
    round_date = django_filters.DateFilter(label="收集批次（日期）", widget=forms.DateInput(attrs={"type": "date"}))
    domain = django_filters.ModelChoiceFilter(label="领域", field_name="project__domain", queryset=Domain.objects.all(),
                                              empty_label="全部领域")
    raised_by = django_filters.ModelChoiceFilter(label="提报单位", queryset=Unit.objects.all(), empty_label="全部单位")

    class Meta:
        model = CoordinationIssue
        fields = ["status", "proposed_tier", "year", "month", "round_date", "domain", "raised_by"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(round_date__year=int(value)) if value else queryset

    def filter_month(self, queryset, name, value):
        return queryset.filter(round_date__month=int(value)) if value else queryset


class MeetingFilterSet(WagtailFilterSet):
    tier = django_filters.ChoiceFilter(label="会议层级", choices=MeetingTier.choices, empty_label="全部")
    domain = django_filters.ModelChoiceFilter(label="领域", queryset=Domain.objects.all(), empty_label="全部领域")
    state = django_filters.ChoiceFilter(label="状态", choices=MeetingState.choices, empty_label="全部")
    year = django_filters.ChoiceFilter(label="年度", choices=year_choices, field_name="starts_at__year",
                                       empty_label="全部年度")

    class Meta:
        model = Meeting
        fields = ["tier", "domain", "state", "year"]


class LedgerFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=LedgerStatus.choices, empty_label="全部")
    escalation = django_filters.ChoiceFilter(
        label="督办等级", choices=[(c.value or "none", c.label) for c in Escalation], method="filter_escalation",
        empty_label="全部")
    overdue = django_filters.BooleanFilter(label="已逾期", widget=forms.NullBooleanSelect)
    tier = django_filters.ChoiceFilter(label="来源会议层级", field_name="minutes__meeting__tier",
                                       choices=MeetingTier.choices, empty_label="全部")
    domain = django_filters.ModelChoiceFilter(label="领域", field_name="project__domain", queryset=Domain.objects.all(),
                                              empty_label="全部领域")
    responsible_units = django_filters.ModelChoiceFilter(label="责任单位", queryset=Unit.objects.all(),
                                                         empty_label="全部单位")

    class Meta:
        model = LedgerItem
        fields = ["status", "escalation", "overdue", "tier", "domain", "responsible_units"]

    def filter_escalation(self, queryset, name, value):
        return queryset.filter(escalation="" if value == "none" else value)


