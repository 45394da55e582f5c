"""The site search (/search/?q=): live public pages and the public registers, by Chinese substring
(``自然资源`` finds 县自然资源局 — Wagtail's database backend splits no Chinese words) and, for the
directory and the units, by 拼音 initials. Every row comes from ``pages.public.public_rows``."""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import render
from django.utils.html import strip_tags

from wagtail.models import Page

from pages.pinyin import matches, normalise_query
from pages.public import public_rows

LIMIT = 20


def excerpt(text: str, query: str, width: int = 40) -> str:
    """The words around the first match of ``query`` in ``text`` (or its start)."""
    text = " ".join((text or "").split())
    at = text.lower().find(query.lower()) if query else -1
    if at < 0:
        return text[: width * 2] + ("…" if len(text) > width * 2 else "")
    start = max(0, at - width)
    return ("…" if start else "") + text[start: at + len(query) + width] + "…"


def search_pages(query: str) -> list[dict]:
    """Live public pages whose title, description or text has ``query``: the plan's pages by their
    words (a handful, read here), news in the database, other pages by title."""
    from pages.models import NewsPage, PolicyPage

    pages = Page.objects.live().public()
    found: dict[int, dict] = {}
    for page in PolicyPage.objects.live().public():
        text = page.text()
        if matches(query, text):
            found[page.pk] = {"page": page, "excerpt": excerpt(text.replace(page.title, "", 1), query)}
    news = NewsPage.objects.live().public().filter(
        Q(title__icontains=query) | Q(intro__icontains=query) | Q(body__icontains=query))
    for page in news[:LIMIT]:
        found.setdefault(page.pk, {"page": page, "excerpt": excerpt(page.intro or strip_tags(page.body), query)})
    titled = pages.filter(Q(title__icontains=query) | Q(search_description__icontains=query)).exclude(
        pk__in=list(found))
    for page in titled[:LIMIT]:
        found[page.pk] = {"page": page, "excerpt": page.search_description}
    return sorted(found.values(), key=lambda row: row["page"].path)[:LIMIT]


def search_projects(query: str):
    rows = public_rows("registers.Project").matching(query)
    return rows.select_related("domain").order_by("domain__sort_order", "pk")


def search_units(query: str, directory_units: set[int]) -> list[dict]:
    units = [unit for unit in public_rows("snippets.Unit") if matches(query, unit.name, unit.short_name)]
    return [{"unit": unit, "in_directory": unit.pk in directory_units} for unit in units[:LIMIT]]


def site_search(query: str) -> dict:
    from pages.models import CommissionerDirectoryPage, ProjectIndexPage
    from pages.models.directory import search_directory

    groups = search_directory(query)
    people = [person for group in groups for person in group["people"]]
    projects = search_projects(query)
    return {
        "pages": search_pages(query),
        "projects": list(projects[:LIMIT]), "project_count": projects.count(),
        "people": people[:LIMIT], "people_count": len(people),
        "units": search_units(query, set(public_rows("snippets.AcceptanceCommissioner").values_list("unit_id",
                                                                                                  flat=True))),
        "directory": CommissionerDirectoryPage.objects.live().public().first(),
        "project_index": ProjectIndexPage.objects.live().public().first(),
    }


def search_view(request):
    query = normalise_query(request.GET.get("q"))
    context = {"query": query, "site_query": query, "searched": bool(query)}
    if query:
        context.update(site_search(query))
        context["total"] = (len(context["pages"]) + context["project_count"] + context["people_count"]
                            + len(context["units"]))
    return render(request, "pages/search.html", context)
