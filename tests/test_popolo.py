"""``/api/v2/popolo/``: the headquarters, leading groups, units and published commissioners as Popolo
persons, organizations, memberships and posts; each item valid against the Popolo schemas shipped in
the repo (pages/api/schemas/popolo, Draft 3); never an unpublished commissioner; a flat query count."""

import json
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from pages.api import popolo
from snippets.models import AcceptanceCommissioner, HeadquartersPost, LeadingGroup
from tests.factories import AcceptanceCommissionerFactory
from tests.registers_factories import unit

pytestmark = pytest.mark.django_db

URL = "/api/v2/popolo/"
SCHEMAS = Path(popolo.__file__).resolve().parent / "schemas" / "popolo"
KINDS = {"persons": "person", "organizations": "organization", "memberships": "membership", "posts": "post"}


def validators() -> dict:
    schemas = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in SCHEMAS.glob("*.json")}
    registry = Registry().with_resources(
        (schema["id"], Resource.from_contents(schema, default_specification=DRAFT3)) for schema in schemas.values()
    )
    return {key: jsonschema.Draft3Validator(schemas[name], registry=registry) for key, name in KINDS.items()}


def fetch(client) -> dict:
    response = client.get(URL)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    data = response.json()
    checks = validators()
    for key, items in data.items():
        for item in items:
            errors = list(checks[key].iter_errors(item))
            assert not errors, (key, item, [e.message for e in errors])
    return data


@pytest.fixture
def commissioners():
    shown = AcceptanceCommissionerFactory(name="波波专员", unit=unit("县自然资源局"), post="副局长",
                                          office_phone="0797-8541234", mobile="13800000001", matters="用地预审")
    AcceptanceCommissionerFactory(name="未公布专员", unit=unit("县财政局"), mobile="13900000000", is_published=False)
    return shown


def test_popolo_lists_people_bodies_memberships_and_posts(client, commissioners):
    data = fetch(client)
    assert set(data) == {"persons", "organizations", "memberships", "posts"}
    persons = {p["id"]: p for p in data["persons"]}
    organizations = {o["id"]: o for o in data["organizations"]}
    commander = HeadquartersPost.objects.order_by("sort_order").first()
    assert persons[f"person-hq-{commander.pk}"]["name"] == commander.person_name
    assert organizations["headquarters"]["name"] == popolo.HEADQUARTERS_NAME
    group = LeadingGroup.objects.select_related("domain").get(domain__code="agriculture")
    assert organizations[f"leading-group-{group.pk}"]["parent_id"] == "headquarters"
    assert {p["label"] for p in data["posts"]} >= {"总指挥", "常务副总指挥", "副总指挥"}

    person = persons[f"person-commissioner-{commissioners.pk}"]
    assert person["contact_details"] == [
        {"type": "voice", "label": "办公电话", "value": "0797-8541234"},
        {"type": "cell", "label": "手机", "value": "13800000001"},
    ]
    membership = next(m for m in data["memberships"] if m.get("person_id") == person["id"])
    assert membership["role"] == "服务受理专员" and membership["label"] == "副局长"
    assert organizations[membership["organization_id"]]["name"] == "上犹县自然资源局"
    hq_holding = next(m for m in data["memberships"] if m.get("person_id") == f"person-hq-{commander.pk}")
    assert hq_holding["organization_id"] == "headquarters" and hq_holding["post_id"] == f"post-{commander.pk}"
    member_units = [m for m in data["memberships"] if m["role"] == "指挥部成员单位"]
    assert f"unit-{unit('县自然资源局').pk}" in {m["member"]["id"] for m in member_units}

    ids = set(persons) | set(organizations) | {p["id"] for p in data["posts"]}
    for m in data["memberships"]:  # every reference resolves
        refs = {m.get("person_id"), m["organization_id"], m.get("post_id"), m.get("member", {}).get("id")}
        assert refs - {None} <= ids


def test_no_unpublished_commissioner(client, commissioners):
    text = client.get(URL).content.decode()
    assert "未公布专员" not in text and "13900000000" not in text


def test_popolo_queries_do_not_grow_with_rows(client):
    units = [unit("县自然资源局"), unit("县财政局")]

    def bulk(start, n):
        AcceptanceCommissioner.objects.bulk_create([
            AcceptanceCommissioner(unit=units[i % 2], name=f"波波批量{i}", mobile="13800000000")
            for i in range(start, start + n)])

    bulk(0, 10)
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    bulk(10, 1990)
    with CaptureQueriesContext(connection) as large:
        data = client.get(URL).json()
    assert len(large.captured_queries) == len(small.captured_queries) <= 6
    assert sum(p["id"].startswith("person-commissioner-") for p in data["persons"]) == 2000
