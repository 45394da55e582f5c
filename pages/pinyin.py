"""Chinese substring search with 拼音 initials, computed on the server: "zrzy" finds 县自然资源局, so
does "自然资源". Wagtail's database search backend splits no Chinese words, so the public directory
and the site search match the text itself."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=20000)
def initials(text: str) -> str:
    """The 拼音 initials of the Chinese characters of ``text``, lower case (县自然资源局 → xzrzyj);
    other characters are kept, lower-cased."""
    if not text:
        return ""
    return "".join(lazy_pinyin(text, style=Style.FIRST_LETTER)).lower().replace(" ", "")


def normalise_query(query: str | None) -> str:
    return " ".join((query or "").split())[:50]


def matches(query: str, *texts: str) -> bool:
    """Every word of ``query`` (split on spaces) is a substring of one of ``texts`` or of its
    拼音 initials (for a query in ASCII letters)."""
    words = normalise_query(query).lower().split()
    if not words:
        return True
    haystack = [(text or "").lower() for text in texts]
    for word in words:
        if any(word in text for text in haystack):
            continue
        if word.isascii() and word.isalpha() and any(word in initials(text) for text in haystack if text):
            continue
        return False
    return True
