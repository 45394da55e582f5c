"""The dashboard and listing judge a period from the URL, by default the latest reported month; the
未报 panel leads a reporter to their draft, and 添加月度进展 for an existing month opens it."""

from django.urls import reverse

import pytest

from registers.models import MonthlyProgress
from tests.registers_factories import add_progress, hq_user, make_project, reporter, viewset

pytestmark = pytest.mark.django_db
HOME = "wagtailadmin_home"


@pytest.fixture
def year_2022():
    """A register imported for 2022 (the clock is in 2026): May reported, one project only drafted."""
    done = make_project("东山镇二〇二二年项目", "agriculture", "东山镇", year=2022, plan="1000")
    drafted = make_project("东山镇草稿项目", "agriculture", "东山镇", year=2022, plan="500")
    add_progress(done, 2022, 5, "400")
    draft = add_progress(drafted, 2022, 5, "100", status="draft")
    return {"done": done, "drafted": drafted, "draft": draft}


def test_the_dashboard_opens_on_the_latest_reported_month(client, year_2022):
    client.force_login(hq_user())
    page = client.get(reverse(HOME)).content.decode()
    assert "截至2022年5月" in page
    assert '<option value="2022" selected>2022年</option>' in page
    assert "5月未报进度项目" in page
    page = client.get(reverse(HOME), {"year": 2022, "month": 4}).content.decode()
    assert "截至2022年4月" in page
    assert "year=2022&amp;month=4" in page  # the panels' links carry the period


def test_a_reporter_follows_the_missing_report_to_the_draft(client, year_2022):
    client.force_login(reporter())
    page = client.get(reverse(HOME)).content.decode()
    edit = reverse(viewset(MonthlyProgress).get_url_name("edit"), args=[year_2022["draft"].pk])
    assert f'href="{edit}">草稿（继续填报）' in page


def test_adding_an_existing_month_opens_it(client, year_2022):
    client.force_login(reporter())
    add = reverse(viewset(MonthlyProgress).get_url_name("add"))
    edit = reverse(viewset(MonthlyProgress).get_url_name("edit"), args=[year_2022["draft"].pk])
    response = client.get(add, {"project": year_2022["drafted"].pk, "year": 2022, "month": 5})
    assert response.status_code == 302
    assert response["Location"] == edit
    response = client.get(add, {"project": year_2022["done"].pk, "year": 2022, "month": 6})
    assert response.status_code == 200
    form = response.context["form"]
    assert (form.initial["project"], form.initial["year"], form.initial["month"]) == (year_2022["done"].pk, 2022, 6)


def test_the_listing_defaults_to_the_latest_reported_month(client, year_2022):
    client.force_login(hq_user())
    listing = reverse(viewset(year_2022["done"].__class__).get_url_name("list"))
    page = client.get(listing).content.decode()
    assert "2022年1-5月" in page


def test_the_form_reads_the_plan_and_the_previous_reported_month(client, year_2022):
    client.force_login(reporter())
    add = reverse(viewset(MonthlyProgress).get_url_name("add"))
    page = client.get(add).content.decode()
    assert "registers/progress_form.js" in page
    assert 'data-progress-context-url="/admin/registers/progress-context/"' in page
    context = reverse("registers_progress_context")
    found = client.get(context, {"project": year_2022["done"].pk, "year": 2022, "month": 6}).json()
    assert (found["plan_label"], found["previous_month"], found["previous_label"]) == ("1,000.00", 5, "400.00")
    drafted = client.get(context, {"project": year_2022["drafted"].pk, "year": 2022, "month": 6}).json()
    assert drafted["previous_month"] is None  # a draft never counts
    other = make_project("陡水镇项目", "agriculture", "陡水镇", year=2022, plan="100")
    assert client.get(context, {"project": other.pk, "year": 2022, "month": 6}).json() == {"known": False}


def test_the_progress_listing_opens_on_the_latest_reported_month(client, year_2022):
    add_progress(year_2022["done"], 2022, 4, "300")
    client.force_login(hq_user())
    listing = reverse(viewset(MonthlyProgress).get_url_name("list"))
    latest = client.get(listing)
    assert {(p.year, p.month) for p in latest.context["object_list"]} == {(2022, 5)}
    every = client.get(listing, {"year": "", "month": ""})
    assert {(p.year, p.month) for p in every.context["object_list"]} == {(2022, 4), (2022, 5)}
