import datetime
import os
import zoneinfo

import pytest
import time_machine

from pages.seed import load_pages
from registers.core.roles import ensure_groups
from snippets.seed import load_reference_data
from tests.browser_db import restore_session_data  # noqa: F401 - the browser tests' fixture

# The suite runs on a pinned clock, so it passes on any day. ``PB_TEST_TODAY=2027-12-01`` pins
# another day (CI may run it a year away to prove nothing depends on the calendar).
TODAY = datetime.date.fromisoformat(os.environ.get("PB_TEST_TODAY") or "2026-11-20")
PINNED = datetime.datetime.combine(TODAY, datetime.time(10, 0), tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def pytest_configure(config):
    """Travel before any test module is imported (module-level dates, choices) and keep ticking,
    so timestamps still advance within a test."""
    traveller = time_machine.travel(PINNED, tick=True)
    traveller.start()
    config._pb_clock = traveller


def pytest_unconfigure(config):
    traveller = getattr(config, "_pb_clock", None)
    if traveller is not None:
        traveller.stop()


@pytest.fixture(scope="session")
def admin_hooks_in_chinese():
    """Load the admin hooks as a server process does, in the site's language: otherwise the test
    database's ``migrate`` (which runs with translations off) loads them first, and the labels
    Wagtail fixes at import time (image permissions: "Add", "Edit", "Choose") stay English."""
    from django.conf import settings
    from django.utils import translation

    from wagtail import hooks

    with translation.override(settings.LANGUAGE_CODE):
        hooks.search_for_hooks()


@pytest.fixture(scope="session")
def django_db_setup(admin_hooks_in_chinese, django_db_setup, django_db_blocker):
    """The source document's content, loaded once per session as bootstrap loads it."""
    with django_db_blocker.unblock():
        load_reference_data()
        ensure_groups()
        load_pages()
