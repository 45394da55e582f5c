"""The one way a browser test (transactional: its database is flushed afterwards) leaves the
session's database as it found it: snapshot before, restore after the flush — the seed, Wagtail's
root page, root collection and locale included, so the tests that follow find them."""

import json

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

import pytest


@pytest.fixture(scope="module")
def restore_session_data(django_db_blocker):
    with django_db_blocker.unblock():
        snapshot = connection.creation.serialize_db_to_string()
    yield
    rows = json.loads(snapshot)
    content_types = [row for row in rows if row["model"] == "contenttypes.contenttype"]
    others = [row for row in rows if row["model"] != "contenttypes.contenttype"]
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        ContentType.objects.clear_cache()
        # Content types first: saving other rows may look them up (and would create them anew).
        connection.creation.deserialize_db_from_string(json.dumps(content_types))
        connection.creation.deserialize_db_from_string(json.dumps(others))
        ContentType.objects.clear_cache()
        # Rows came back with their ids: move PostgreSQL's sequences past them, or the next insert
        # would reuse an id (SQLite needs nothing).
        statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
