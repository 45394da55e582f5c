"""The secret key kept under ``var/`` when ``SECRET_KEY`` is not in the environment.

Generated once, on first use, readable by its owner only (mode 600), and read again by every later
process: the web workers, the Huey consumer and the commands all sign with the same key, and
sessions survive a restart. Several processes may start at once on a fresh machine, so the key is
written to a private temporary file and linked into place: whoever links first wins and every
process reads the winner's key.
"""

import contextlib
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

KEY_FILE_NAME = "secret_key"


def load_or_create_secret_key(path: Path) -> str:
    """The key stored at ``path``, created there first if missing."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_urlsafe(64) + "\n")
            with contextlib.suppress(FileExistsError):  # another process stored its key first: use it
                os.link(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    key = path.read_text().strip()
    if len(key) < 50:
        raise ImproperlyConfigured(f"{path} holds no usable secret key; delete it to have a new one generated.")
    return key
