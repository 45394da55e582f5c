"""The plan/progress year rule: construction years, and earlier years for preliminary projects."""

from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest

from registers.imports.pipeline import run_import
from registers.models import AnnualPlan, Project
from registers.projects.rules import year_error, ytd_errors
from tests.import_helpers import sample

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year,preliminary,ok", [
    (2022, False, True), (2023, False, True), (2021, False, False), (2024, False, False),
    (2020, True, True), (2024, True, False),
])
def test_year_error(year, preliminary, ok):
    assert (year_error(year, 2022, 2023, preliminary) == "") is ok


def test_ytd_rule_reads_the_preliminary_flag():
    common = {"year": 2022, "month": 5, "ytd": Decimal("10"), "start_year": 2023, "end_year": 2024,
              "previous_ytd": None, "next_ytd": None}
    assert "year" in ytd_errors(**common)
    assert ytd_errors(**common, preliminary=True) == {}


def test_preliminary_project_keeps_its_sheet_years_with_an_earlier_plan():
    result = run_import("projects", sample("projects_2022_full.xlsx"))
    assert result.ok
    early = Project.objects.filter(nature="preliminary", start_year__gt=2022, annual_plans__year=2022)
    assert early.exists()  # the sample's 前期 projects planned for 2022, built from 2023
    for project in early:
        plan = project.annual_plans.get(year=2022)
        plan.full_clean()
    built = Project.objects.filter(nature="new", start_year=2022).first()
    with pytest.raises(ValidationError):
        AnnualPlan(project=built, year=2021, planned_investment=Decimal("1")).full_clean()


def test_a_month_still_to_come_cannot_be_reported():
    import datetime

    common = {"ytd": Decimal("1"), "start_year": 2020, "end_year": 2030, "previous_ytd": None, "next_ytd": None}
    today = datetime.date(2026, 11, 25)
    assert ytd_errors(year=2026, month=11, today=today, **common) == {}
    assert "month" in ytd_errors(year=2026, month=12, today=today, **common)
    assert "month" in ytd_errors(year=2027, month=1, today=today, **common)


def test_year_to_date_above_total_investment_is_flagged_not_refused():
    from registers.projects.rules import above_total

    common = {"year": 2022, "month": 5, "start_year": 2020, "end_year": 2030, "previous_ytd": None, "next_ytd": None}
    assert ytd_errors(ytd=Decimal("99999"), **common) == {}
    assert above_total(Decimal("99999"), Decimal("7200")) and not above_total(Decimal("7200"), Decimal("7200"))
    assert not above_total(Decimal("1"), Decimal("0"))
