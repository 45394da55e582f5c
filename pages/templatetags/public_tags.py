"""Small tags of the public pages: tap-to-call links, the site menu."""

import re

from django import template

from wagtail.models import Site

from cms import memo

register = template.Library()


@register.filter
def tel(number: str) -> str:
    """A phone number as a ``tel:`` URI takes it: digits only (0797-1234567 → 07971234567)."""
    number = number or ""
    prefix = "+" if number.strip().startswith("+") else ""
    return prefix + re.sub(r"\D", "", number)


@register.simple_tag(takes_context=True)
def site_menu(context) -> list[tuple[str, str]]:
    """(URL, title) of the site root's live, public children shown in menus; remembered per
    process under the public generation (``cms.memo``), as every page shows it."""
    request = context.get("request")
    site = Site.find_for_request(request)
    if site is None:
        return []
    key = memo.key_for(request, "menu", site.pk) if memo.enabled() else None
    items = memo.recall(key) if key else None
    if items is None:
        children = site.root_page.get_children().live().public().in_menu()
        items = [(page.get_url(request), page.title) for page in children]
        if key:
            memo.remember(key, items)
    return items
