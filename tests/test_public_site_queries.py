"""The public pages render with a constant number of queries: the same at 10 rows as at a few
hundred (commissioners, projects, photos)."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from registers.core.periods import reporting_period
from snippets.models import AcceptanceCommissioner, Unit
from tests.factories import MonthlyProgressFactory, ProgressPhotoFactory, ProjectFactory
from tests.registers_factories import bulk_projects

pytestmark = pytest.mark.django_db


def queries(client, url, params=None) -> int:
    client.get(url, params)  # warm: renditions, site root paths
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def add_commissioners(n: int, start: int = 0) -> None:
    units = list(Unit.objects.order_by("pk"))
    AcceptanceCommissioner.objects.bulk_create([
        AcceptanceCommissioner(unit=units[i % len(units)], name=f"专员{i}", mobile=f"100{i:08d}", matters="用地报批")
        for i in range(start, start + n)
    ])


@pytest.mark.parametrize("params", [None, {"q": "zrzy"}, {"kind": "township"}, {"print": "1"}])
def test_directory_queries_are_constant(client, django_assert_num_queries, params):
    add_commissioners(10)
    count = queries(client, "/commissioners/", params)
    add_commissioners(300, start=10)
    with django_assert_num_queries(count):
        client.get("/commissioners/", params)


@pytest.mark.parametrize("url", ["/", "/projects/", "/projects/?band=1to5&domain=1", "/search/?q=批量",
                                 "/sitemap.xml"])
def test_home_index_search_and_sitemap_queries_are_constant(client, django_assert_num_queries, url):
    bulk_projects(10, status="submitted")
    count = queries(client, url)
    bulk_projects(300, start=10, status="submitted")
    with django_assert_num_queries(count):
        client.get(url)


def test_detail_queries_are_constant(client, django_assert_num_queries):
    year, month = reporting_period()
    project = ProjectFactory(name="照片很多的项目", code=None, year=year, plan="1000")
    progress = MonthlyProgressFactory(project=project, year=year, month=month, completed_ytd=Decimal("100"))
    for _ in range(2):
        ProgressPhotoFactory(progress=progress, is_public=True)
    count = queries(client, f"/projects/{project.pk}/")
    for _ in range(20):
        ProgressPhotoFactory(progress=progress, is_public=True)
    bulk_projects(100, status="submitted")
    client.get(f"/projects/{project.pk}/")  # the new photos' renditions are made once
    with django_assert_num_queries(count):
        client.get(f"/projects/{project.pk}/")
