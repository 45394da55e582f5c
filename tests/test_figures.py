"""The derived figures, computed once in the query layer and read the same by the listing,
the home panels and the API."""

import datetime
from decimal import Decimal

from django.urls import reverse

import pytest

from registers.core.periods import period_from
from registers.models import LaggingRule, Project
from tests.registers_factories import add_progress, hq_user, make_project, viewset

pytestmark = pytest.mark.django_db


def figures(project, year, month):
    return Project.objects.with_figures(year, month).get(pk=project.pk)


def test_with_figures_reads_the_latest_month_up_to_the_period():
    project = make_project(plan="1200", year=2024)
    add_progress(project, 2024, 2, "100")
    add_progress(project, 2024, 4, "500")
    add_progress(project, 2024, 9, "1300")
    april = figures(project, 2024, 4)
    assert (april.plan_amount, april.ytd_completed, april.reported) == (Decimal("1200"), Decimal("500"), True)
    assert round(april.pct_of_plan, 2) == 41.67 and round(april.time_elapsed, 2) == 33.33
    assert april.lag_level == "green" and april.over_plan is False
    june = figures(project, 2024, 6)  # no June row: figures stay at April's, and the month is missing
    assert june.ytd_completed == Decimal("500") and june.reported is False
    assert june.lag_level == "green"  # 41.67% at 50% elapsed: 8.3 points behind, under the 10-point gap
    august = figures(project, 2024, 8)  # 41.67% at 66.67% elapsed: 25 points behind
    assert august.lag_level == "red" and august.ytd_completed == Decimal("500")
    september = figures(project, 2024, 9)
    assert september.over_plan is True and september.lag_level == "green"
    no_plan = figures(project, 2023, 6)
    assert no_plan.lag_level == "none" and no_plan.pct_of_plan is None


def test_a_draft_month_never_counts_but_is_marked():
    project = make_project(plan="1200", year=2024)
    add_progress(project, 2024, 3, "300")
    add_progress(project, 2024, 4, "500", status="draft")
    april = figures(project, 2024, 4)
    assert april.reported is False
    assert april.draft_pending is True
    assert april.ytd_completed == Decimal("300")  # March, the latest counted month
    assert april.figures_month == 3


def test_missing_month_carries_the_latest_counted_month_and_is_not_reported():
    project = make_project(plan="1000", year=2024)
    add_progress(project, 2024, 2, "100")
    add_progress(project, 2024, 3, "250", status="verified")
    may = figures(project, 2024, 5)
    assert (may.ytd_completed, may.figures_month, may.reported, may.draft_pending) == (Decimal("250"), 3, False,
                                                                                      False)
    assert figures(project, 2024, 3).reported is True
    assert figures(project, 2024, 1).ytd_completed == Decimal("0")


def test_lagging_thresholds_are_editable():
    project = make_project(plan="1000", year=2024)
    add_progress(project, 2024, 6, "420")  # 42% at 50% elapsed: 8 points behind
    assert figures(project, 2024, 6).lag_level == "green"
    rule = LaggingRule.load()
    rule.yellow_gap, rule.red_gap = Decimal("5"), Decimal("8")
    rule.save()
    try:
        assert figures(project, 2024, 6).lag_level == "red"
        rule.red_gap = Decimal("9")
        rule.save()
        assert figures(project, 2024, 6).lag_level == "yellow"
    finally:
        rule.yellow_gap, rule.red_gap = Decimal("10"), Decimal("20")
        rule.save()


def test_domain_totals_sum_the_annotations():
    a = make_project(domain_code="industry", unit_name="县工信局", plan="1000", year=2024)
    b = make_project(domain_code="industry", unit_name="县工信局", plan="500", year=2024)
    c = make_project(domain_code="agriculture", plan="300", year=2024)
    add_progress(a, 2024, 6, "400")
    add_progress(b, 2024, 5, "100")
    add_progress(c, 2024, 6, "50")
    rows = {
        r["domain_id"]: r
        for r in Project.objects.filter(pk__in=[a.pk, b.pk, c.pk]).with_figures(2024, 6).domain_totals()
    }
    assert (rows[a.domain_id]["planned"], rows[a.domain_id]["completed"], rows[a.domain_id]["projects"]) == (
        Decimal("1500"), Decimal("500"), 2)
    assert rows[c.domain_id]["completed"] == Decimal("50")


@pytest.mark.parametrize("params,expected", [
    ({}, (2024, 6)),
    ({"year": "2024", "month": "3"}, (2024, 3)),
    ({"year": "2022"}, (2022, 12)),
    ({"year": "2026"}, (2026, 1)),
    ({"year": "abc", "month": "99"}, (2024, 6)),
])
def test_period_from_filters(params, expected):
    assert period_from(params, today=datetime.date(2024, 7, 10)) == expected


def test_listing_and_api_agree(client):
    project = make_project("一致性项目", plan="800", year=2024)
    add_progress(project, 2024, 6, "200", status="submitted")
    client.force_login(hq_user())
    listing = reverse(viewset(Project).get_url_name("list"))
    row = client.get(listing, {"year": 2024, "month": 6}).context["object_list"][0]
    api = client.get(reverse("public_api:project-list"), {"year": 2024, "month": 6, "search": "一致性"}).json()[
        "results"][0]
    assert api["annual_plan"] == f"{row.plan_amount:.2f}" == "800.00"
    assert api["completed_ytd"] == f"{row.ytd_completed:.2f}" == "200.00"
    assert api["lag_level"] == row.lag_level == "red" and api["lag_label"] == "严重滞后"
    assert api["pct_of_plan"] == 25.0
    detail_url = reverse("public_api:project-detail", args=[project.pk])
    detail = client.get(detail_url, {"year": 2024, "month": 6}).json()
    assert detail["annual_plans"][0]["planned_investment"] == "800.00"
    assert detail["progress"][0]["month_completed"] == "200.00"
    project.progress.update(status="draft")  # a draft is not public: neither the month nor its figures
    detail = client.get(detail_url, {"year": 2024, "month": 6}).json()
    assert detail["progress"] == []
    assert detail["completed_ytd"] == "0.00"


def test_api_filters(client):
    a = make_project("API工业", "industry", "县工信局", plan="100", total=Decimal("60000"), year=2024)
    b = make_project("API农业", "agriculture", plan="100", total=Decimal("100"), year=2024)
    add_progress(a, 2024, 6, "10", status="submitted")
    add_progress(b, 2024, 5, "60", status="submitted")
    url = reverse("public_api:project-list")

    def names(**params):
        rows = client.get(url, {"year": 2024, "month": 6, "search": "API", **params}).json()["results"]
        return [r["name"] for r in rows]

    assert names(domain_code="industry") == ["API工业"]
    assert names(investment="5") == ["API工业"]
    assert names(lag="red") == ["API工业"]
    assert names(missing_report="true") == ["API农业"]
    assert client.get(url, {"lag": "purple"}).status_code == 400


@pytest.mark.parametrize(("ytd", "plan"), [("0", "800"), ("200", "800"), ("333.33", "1000"), ("1.01", "3"),
                                           ("990", "990"), ("1500.75", "700.10"), ("5", "0")])
def test_percent_in_sql_equals_its_python_twin(ytd, plan):
    from registers.core.money import percent

    project = make_project(plan=plan, year=2024)
    add_progress(project, 2024, 6, ytd)
    row = figures(project, 2024, 6)
    assert row.pct_of_plan == percent(Decimal(ytd), Decimal(plan))
