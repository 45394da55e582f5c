import pytest

from pages.seed import load_pages
from registers.core.roles import ensure_groups
from snippets.seed import load_reference_data


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The source document's content, loaded once per session as bootstrap loads it."""
    with django_db_blocker.unblock():
        load_reference_data()
        ensure_groups()
        load_pages()
