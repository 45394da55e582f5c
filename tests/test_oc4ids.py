"""``/api/v2/oc4ids/``: an OC4IDS 0.9 project package that validates against the schema shipped in
the repo (pages/api/schemas/oc4ids-0.9.5, Draft 4 with format checks), with the county's prefix, the
mapped codelists, CNY budgets, parties, milestones — public projects only, a flat query count."""

import datetime
import json
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext

import jsonschema
import pytest
from referencing import Registry, Resource

from pages.api import oc4ids
from registers.models import Project
from tests.registers_factories import add_progress, bulk_projects, make_project, unit

pytestmark = pytest.mark.django_db

URL = "/api/v2/oc4ids/"
SCHEMAS = Path(oc4ids.__file__).resolve().parent / "schemas" / "oc4ids-0.9.5"
MARKER = "内部泄露标记"


def format_checker() -> jsonschema.FormatChecker:
    """Draft 4's formats, with date-time (RFC 3339: a time and an offset) and uri checked here:
    jsonschema checks them only with optional packages this project does not install."""
    checker = jsonschema.FormatChecker(["email", "ipv4", "ipv6", "regex"])

    @checker.checks("date-time", raises=ValueError)
    def date_time(value):
        if not isinstance(value, str):
            return True
        parsed = datetime.datetime.fromisoformat(value)
        return "T" in value and parsed.tzinfo is not None

    @checker.checks("uri")
    def uri(value):
        parts = urlsplit(value) if isinstance(value, str) else None
        return parts is None or bool(parts.scheme and parts.netloc)

    return checker


def validator():
    package = json.loads((SCHEMAS / "project-package-schema.json").read_text(encoding="utf-8"))
    project = json.loads((SCHEMAS / "project-schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource(project["id"], Resource.from_contents(project))
    assert package["$schema"] == "http://json-schema.org/draft-04/schema#"
    return jsonschema.Draft4Validator(package, registry=registry,
                                      format_checker=format_checker())


def assert_valid(data):
    errors = sorted(validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


@pytest.fixture
def projects():
    road = make_project("二版公路项目", domain_code="infrastructure", unit_name="县交通运输局", plan="300",
                        total=Decimal("12345.67"), stage="construction", township=[unit("梅水乡"), unit("东山镇")],
                        scale_content="新建二级公路10公里", location="梅水乡至东山镇",
                        owner_name="上犹县城市建设投资开发有限公司",
                        planned_start_date=datetime.date(2023, 3, 1), actual_start_date=datetime.date(2023, 4, 18),
                        planned_completion_date=datetime.date(2025, 12, 31), remarks=MARKER,
                        contact_leaders=MARKER, liaison_commissioner=MARKER)
    add_progress(road, 2024, 6, "100", problems=MARKER)
    net = make_project("二版5G项目", domain_code="new_infrastructure", unit_name="县工信局", stage="stopped",
                       is_countywide=True, owner_name="县工信局", code="")
    hidden = make_project(f"{MARKER}项目", is_public=False)
    return road, net, hidden


def entries(client) -> dict:
    response = client.get(URL)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    data = response.json()
    assert_valid(data)
    return data, {p["title"]: p for p in data["projects"]}


def test_the_validator_checks_dates_and_uris():
    errors = list(validator().iter_errors({"uri": "not a uri", "publisher": {"name": "x"}, "version": "0.9",
                                            "publishedDate": "2024-01-01", "projects": [{"id": "a"}]}))
    assert sorted(e.validator for e in errors) == ["format", "format"]


def test_package_validates_and_maps_our_fields(client, projects):
    road, net, _hidden = projects
    data, by_title = entries(client)
    assert data["version"] == "0.9" and data["uri"] == "http://testserver/api/v2/oc4ids/"
    assert data["publisher"]["name"] == oc4ids.PUBLISHER
    entry = by_title["二版公路项目"]
    assert entry["id"] == f"oc4ids-shangyou-{road.code}" and entry["status"] == "implementation"
    assert entry["sector"] == ["transport", "energy", "waterAndWaste"]
    assert entry["description"] == "新建二级公路10公里"
    assert entry["budget"] == {"amount": {"amount": 123456700, "currency": "CNY"}}
    assert entry["period"] == {"startDate": "2023-03-01T00:00:00+08:00", "endDate": "2025-12-31T00:00:00+08:00"}
    assert [loc["description"] for loc in entry["locations"]] == ["东山镇", "梅水乡", "梅水乡至东山镇"]
    assert entry["locations"][0]["address"] == {"locality": "东山镇", "region": oc4ids.REGION, "countryName": "中国"}
    parties = {p["name"]: p["roles"] for p in entry["parties"]}
    assert parties == {"上犹县交通运输局": ["publicAuthority"], "上犹县城市建设投资开发有限公司": ["buyer"]}
    assert entry["publicAuthority"]["name"] == "上犹县交通运输局"
    milestones = {m["code"]: m for m in entry["milestones"]}
    assert milestones["commencement"]["status"] == "met"
    assert milestones["commencement"]["dateMet"].startswith("2023-04-18")
    assert milestones["completion"] == {"id": "completion", "title": "竣工", "type": "delivery", "code": "completion",
                                        "status": "scheduled", "dueDate": "2025-12-31T00:00:00+08:00"}
    other = by_title["二版5G项目"]
    assert other["id"] == f"oc4ids-shangyou-id-{net.pk}" and other["status"] == "cancelled"
    assert other["sector"] == ["communications"] and other["locations"][0]["id"] == "countywide"
    assert [p["roles"] for p in other["parties"]] == [["publicAuthority", "buyer"]]


def test_no_private_project_or_internal_field(client, projects):
    response = client.get(URL)
    assert MARKER not in response.content.decode()
    assert len(response.json()["projects"]) == Project.objects.public().count()


@pytest.mark.parametrize(("stage", "status"), list(oc4ids.STAGE_STATUS.items()))
def test_every_stage_maps_to_a_project_status(stage, status):
    schema = json.loads((SCHEMAS / "project-schema.json").read_text(encoding="utf-8"))
    assert status in schema["properties"]["status"]["enum"]


def test_filters_apply_to_the_package(client, projects):
    data = client.get(URL, {"domain": "new_infrastructure"}).json()
    assert [p["title"] for p in data["projects"]] == ["二版5G项目"]


def test_package_queries_do_not_grow_with_rows(client):
    bulk_projects(10, prefix="包批量", code_prefix="P", status="submitted")
    client.get(URL)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL)
        assert response.status_code == 200
        return len(ctx.captured_queries), response.json()

    small, _data = count()
    bulk_projects(1990, start=10, prefix="包批量", code_prefix="P", status="submitted")
    large, data = count()
    assert large == small <= 4
    assert len(data["projects"]) >= 2000
    assert_valid(data)
