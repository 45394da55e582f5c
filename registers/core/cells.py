"""Spreadsheet cells: the one rule for text a spreadsheet would run as a formula.

Every export escapes it with a leading apostrophe; the importer undoes exactly that escape, so an
exported sheet imports back unchanged.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (kept literal)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unescape_formula(text: str) -> str:
    """The inverse of ``escape_formula`` for text read back from a sheet."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
        return text[1:]
    return text
