"""Name normalisation shared by every lookup of a name typed by a person or read from a sheet."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalize_name(value: object) -> str:
    """Fold full-width forms (NFKC), drop all whitespace incl. U+3000, and unify brackets."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    text = _SPACES.sub("", text)
    return text.replace("(", "（").replace(")", "）")
