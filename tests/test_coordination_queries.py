"""The ledger listing, the proposed agenda and the coordination exports take the same number of
queries at 10 and at 2,000 ledger items."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from registers.models import LedgerItem, Meeting, MeetingState
from tests.coordination_helpers import decide, make_meeting
from tests.registers_factories import hq_user, make_project, unit, viewset

pytestmark = pytest.mark.django_db
D = datetime.date


def add_items(minutes, project, n: int, start: int) -> None:
    items = LedgerItem.objects.bulk_create([
        LedgerItem(minutes=minutes, sort_order=start + i, text=f"议定事项{start + i}", project=project,
                   deadline=D(2022, 7, 1)) for i in range(n)])
    through = LedgerItem.responsible_units.through
    units = [unit("县自然资源局").pk, unit("县住建局").pk]
    through.objects.bulk_create([through(ledgeritem_id=item.pk, unit_id=u) for item in items for u in units])


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_ledger_listing_agenda_and_exports_are_constant(client):
    client.force_login(hq_user())
    project = make_project("东山镇道路")
    first = make_meeting(D(2022, 6, 5))
    minutes, _items = decide(first, ["首项"], project=project)
    make_meeting(D(2022, 7, 5), title="7月部门联席会")
    planned = make_meeting(D(2022, 8, 5), state=MeetingState.PLANNED, title="8月部门联席会")
    add_items(minutes, project, 9, 1)
    ledger = reverse(viewset(LedgerItem).get_url_name("list"))
    sheet = reverse(viewset(LedgerItem).get_url_name("sheet_export"))
    agenda = reverse(viewset(Meeting).get_url_name("agenda"), args=[planned.pk])
    urls = [(ledger, {}), (ledger, {"escalation": "explain"}), (ledger, {"export": "csv"}),
            (sheet, {"format": "xlsx"}), (agenda, {})]
    for url, params in urls:
        queries(client, url, params)  # warm caches
    small = [queries(client, url, params) for url, params in urls]
    add_items(minutes, project, 1990, 10)
    assert LedgerItem.objects.count() == 2000
    large = [queries(client, url, params) for url, params in urls]
    assert large == small
    page = client.get(ledger, {"escalation": "explain"})
    assert page.context["paginator"].count == 2000  # every item reviewed once by the July meeting
