"""The project listing with its derived figures renders in a constant number of queries,
whatever the number of projects (10 or 1,000), for the HQ office and for a scoped lead unit."""


from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from registers.models import Project
from tests.registers_factories import agri_lead, bulk_projects, domain, hq_user, viewset

pytestmark = pytest.mark.django_db

MAX_QUERIES = 30


def listing_url() -> str:
    return reverse(viewset(Project).get_url_name("list"))


def count_listing_queries(client, params) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(listing_url(), params)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.context["object_list"])


@pytest.mark.parametrize("who", ["hq", "lead"])
def test_listing_queries_do_not_grow_with_projects(client, django_assert_max_num_queries, who):
    client.force_login(hq_user() if who == "hq" else agri_lead())
    params = {"year": 2024, "month": 6, "per_page": 100}
    client.get(listing_url(), params)  # warm caches (content types, settings)

    bulk_projects(10)
    with django_assert_max_num_queries(MAX_QUERIES):
        small, shown_small = count_listing_queries(client, params)
    bulk_projects(990, start=10)
    with django_assert_max_num_queries(MAX_QUERIES):
        large, shown_large = count_listing_queries(client, params)
    assert shown_small == (10 if who == "hq" else 5)
    assert shown_large == 50  # one full page (list_per_page)
    assert large == small  # the same number of queries at 10 and at 1,000 projects


def test_filtered_and_exported_listing_is_constant_too(client, django_assert_max_num_queries):
    client.force_login(hq_user())
    url = listing_url()
    bulk_projects(1000)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url, {"year": 2024, "month": 6, "lag": "lagging", "domain": domain("industry").pk})
    assert response.status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        body = b"".join(client.get(url, {"year": 2024, "month": 6, "export": "csv"}).streaming_content)
    assert body.decode("utf-8-sig").count("批量项目") == 1000
