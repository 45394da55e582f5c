"""The home page and ``/api/v2/stats/domains/?year=`` show the same figures: one call builds both."""

from decimal import Decimal

import pytest

from registers.core.money import api_amount
from tests.registers_factories import add_progress, make_project

pytestmark = pytest.mark.django_db


def test_the_home_page_and_the_stats_endpoint_agree(client):
    add_progress(make_project("东山镇油茶基地", "agriculture", year=2024, plan=1000), 2024, 5, 300)
    add_progress(make_project("工业园标准厂房", "industry", "县工信局", year=2024, plan=4000), 2024, 6, 2500)
    add_progress(make_project("内部项目", "industry", "县工信局", year=2024, plan=9000, is_public=False), 2024, 6, 9000)
    home = client.get("/", {"year": 2024}).context
    stats = client.get("/api/v2/stats/domains/", {"year": 2024}).json()
    assert stats["month"] == home["month"] == 6
    page = {row["domain"].code: row for row in home["domain_rows"]}
    for row in stats["domains"]:
        shown = page[row["code"]]
        assert row["completed"] == api_amount(shown["completed"]) and row["annual_plan"] == api_amount(shown["planned"])
        assert row["projects"] == shown["projects"]
    assert Decimal(stats["county"]["completed"]) == home["county"]["completed"] == Decimal("2800")  # public only
