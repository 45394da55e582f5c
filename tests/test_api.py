"""The public DRF API: limit/offset pagination, filters through the backend, JSON 404s, drafts and
private rows never served, UTF-8 Chinese, no browsable API, and flat query counts."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from tests.factories import AnnualPlanFactory, ProgressPhotoFactory
from tests.registers_factories import add_progress, make_project
from tests.registers_factories import bulk_projects as bulk_projects_of


def bulk_projects(n: int, start: int = 0) -> None:
    """Public projects with two submitted months (``registers_factories.bulk_projects``)."""
    bulk_projects_of(n, start, prefix="接口批量", code_prefix="A", status="submitted")

pytestmark = pytest.mark.django_db

PERIOD = {"year": 2024, "month": 6}
PROJECTS, PROGRESS = "public_api:project-list", "public_api:progress-list"
UNKNOWN = "/api/nothing/"  # no URL name: any path the API's routes do not match


def detail_url(project) -> str:
    return reverse("public_api:project-detail", args=[project.pk])


def add_photos(progress, n: int, is_public: bool = True) -> None:
    for i in range(n):
        name = f"api-{progress.pk}-{i}-{'public' if is_public else 'private'}.png"
        ProgressPhotoFactory(progress=progress, image__title=f"接口照片{i}", image__file__filename=name,
                             caption=f"现场{i}", is_public=is_public)


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def test_project_list_pages_by_limit_and_offset(client):
    bulk_projects(5)
    data = client.get(reverse(PROJECTS), {**PERIOD, "search": "接口批量", "limit": 2, "offset": 3}).json()
    assert list(data) == ["year", "month", "count", "limit", "offset", "results"]
    assert (data["year"], data["month"], data["count"], data["limit"], data["offset"]) == (2024, 6, 5, 2, 3)
    assert len(data["results"]) == 2
    assert data["results"][0]["completed_ytd"] == "600.00" and data["results"][0]["pct_of_plan"] == 60.0

    data = client.get(reverse(PROJECTS), {**PERIOD, "search": "接口批量"}).json()
    assert data["limit"] == 100 and data["offset"] == 0 and len(data["results"]) == 5
    assert client.get(reverse(PROJECTS), {"limit": 100000}).json()["limit"] == 500  # clamped to the maximum


def test_progress_list_pages_and_filters_by_domain_code(client):
    bulk_projects(4)
    data = client.get(reverse(PROGRESS), {"limit": 3, "offset": 1, "domain_code": "industry"}).json()
    assert list(data) == ["count", "limit", "offset", "results"]
    assert (data["count"], data["limit"], data["offset"], len(data["results"])) == (4, 3, 1, 3)
    assert {row["project_name"] for row in data["results"]} <= {"接口批量1", "接口批量3"}
    assert client.get(reverse(PROGRESS), {"limit": 501}).json()["limit"] == 500


def test_project_filter_by_domain_code(client):
    bulk_projects(4)
    rows = client.get(reverse(PROJECTS), {**PERIOD, "domain_code": "agriculture", "search": "接口批量"}).json()
    assert [r["name"] for r in rows["results"]] == ["接口批量0", "接口批量2"]
    assert {r["domain_code"] for r in rows["results"]} == {"agriculture"}
    assert client.get(reverse(PROJECTS), {"domain_code": "nowhere"}).json()["count"] == 0


def test_private_project_detail_is_a_json_404(client):
    private = make_project("接口未公开项目", is_public=False, plan="100")
    add_progress(private, 2024, 6, "10")
    response = client.get(detail_url(private), PERIOD)
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "项目不存在或未公开。"}
    assert "接口未公开项目" not in client.get(reverse(PROJECTS), PERIOD).content.decode()
    assert client.get(reverse(PROGRESS), {"project": private.pk}).json()["count"] == 0


def test_draft_month_never_appears_in_progress(client):
    project = make_project("接口草稿项目", plan="100")
    add_progress(project, 2024, 5, "10")
    add_progress(project, 2024, 6, "30", status="draft")
    rows = client.get(reverse(PROGRESS), {"project": project.pk}).json()["results"]
    assert [(r["year"], r["month"], r["status"]) for r in rows] == [(2024, 5, "已报送")]
    assert client.get(reverse(PROGRESS), {"project": project.pk, "month": 6}).json()["count"] == 0
    detail = client.get(detail_url(project), PERIOD).json()
    assert [m["month"] for m in detail["progress"]] == [5] and detail["completed_ytd"] == "10.00"


def test_json_is_utf8_chinese_not_escaped(client):
    make_project("接口中文项目", plan="100")
    response = client.get(reverse(PROJECTS), {**PERIOD, "search": "接口中文"})
    assert response["Content-Type"].startswith("application/json")
    assert "接口中文项目".encode() in response.content and b"\\u" not in response.content
    missing = client.get(UNKNOWN)
    assert missing.status_code == 404 and "接口不存在".encode() in missing.content and b"\\u" not in missing.content


@pytest.mark.parametrize("params", [{}, {"format": "api"}])
def test_no_browsable_api_for_html_clients(client, params):
    response = client.get(reverse(PROJECTS), params, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert b"<html" not in response.content.lower() and "results" in response.json()
    missing = client.get(UNKNOWN, HTTP_ACCEPT="text/html")
    assert missing.status_code == 404 and missing["Content-Type"].startswith("application/json")


def test_list_queries_do_not_grow_with_rows(client):
    client.get(reverse(PROJECTS), PERIOD)  # warm caches (settings, content types)
    bulk_projects(5)
    small = (count_queries(client, reverse(PROJECTS), PERIOD), count_queries(client, reverse(PROGRESS)))
    bulk_projects(200, start=5)
    large = (count_queries(client, reverse(PROJECTS), PERIOD), count_queries(client, reverse(PROGRESS)))
    assert large == small and max(large) <= 6


def test_detail_queries_do_not_grow_with_months_and_photos(client):
    project = make_project("接口照片项目", plan="100")
    first = add_progress(project, 2024, 5, "10")
    add_photos(first, 1)
    url = detail_url(project)
    client.get(url, PERIOD)  # warm caches
    small = count_queries(client, url, PERIOD)
    add_photos(add_progress(project, 2024, 6, "30"), 3)
    add_photos(first, 2)
    add_photos(first, 2, is_public=False)
    AnnualPlanFactory(project=project, year=2025, planned_investment=Decimal("50"))
    assert count_queries(client, url, PERIOD) == small <= 8
    detail = client.get(url, PERIOD).json()
    assert [len(m["photos"]) for m in detail["progress"]] == [3, 3]
    assert not any("private" in p["url"] for m in detail["progress"] for p in m["photos"])
    assert [p["year"] for p in detail["annual_plans"]] == [2024, 2025]
