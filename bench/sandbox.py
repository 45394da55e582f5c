"""A throwaway site for a bench: a temporary folder with its own SQLite database, migrated and
bootstrapped (reference data, groups, pages), removed afterwards."""

import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def sandbox(bootstrap: bool = True):
    """Yield the temporary folder of a freshly set up Django site (settings ``cms.settings.dev``)."""
    var_dir = tempfile.mkdtemp(prefix="pb-bench-")
    os.environ["VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    os.environ["DEBUG"] = "0"
    os.environ["HUEY_IMMEDIATE"] = "0"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    try:
        call_command("migrate", interactive=False, verbosity=0)
        if bootstrap:
            with open(os.devnull, "w") as quiet:
                call_command("bootstrap", "--no-migrate", stdout=quiet)
        yield var_dir
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
