from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.routing import UnrestrictedRouteMixin
from pages.pinyin import matches, normalise_query
from pages.public import public_rows
from snippets.models.unit import UnitKind


def unit_matches(unit, query: str) -> bool:
    return matches(query, unit.name, unit.short_name)


def person_matches(person, query: str) -> bool:
    return matches(query, person.name, person.matters, person.post, person.unit.name, person.unit.short_name)


def group_by_unit(people) -> list[dict]:
    """Consecutive commissioners of one unit (the rows come ordered by unit) as one group each."""
    groups: list[dict] = []
    for person in people:
        if not groups or groups[-1]["unit"].pk != person.unit_id:
            groups.append({"unit": person.unit, "people": []})
        groups[-1]["people"].append(person)
    return groups


def search_directory(query: str, kind: str = "") -> list[dict]:
    """The published commissioners, grouped by unit (one query), of the units of ``kind`` (a
    UnitKind value, or all), matching ``query`` — by unit, name or matter handled, as Chinese
    substrings or 拼音 initials. A unit whose name matches keeps all its people."""
    rows = public_rows("snippets.AcceptanceCommissioner").select_related("unit")
    if kind:
        rows = rows.filter(unit__kind=kind)
    groups = group_by_unit(rows)
    if not query:
        return groups
    found = []
    for group in groups:
        people = group["people"] if unit_matches(group["unit"], query) else [
            person for person in group["people"] if person_matches(person, query)]
        if people:
            found.append({"unit": group["unit"], "people": people})
    return found


def matching_commissioner_ids(query: str) -> list[int]:
    """Ids of the published commissioners the directory's search finds for ``query`` (the API's ``q``)."""
    query = normalise_query(query)
    return [person.pk for group in search_directory(query) for person in group["people"]]


def unit_outline(kind: str, opened: int) -> list[dict]:
    """Every unit with published commissioners (one aggregate query, one of units) and the people
    of the opened one only (one more): the directory as a phone first shows it — 2,000
    commissioners are not one page."""
    from django.db.models import Count

    from snippets.models import Unit

    rows = public_rows("snippets.AcceptanceCommissioner")
    if kind:
        rows = rows.filter(unit__kind=kind)
    counts = dict(rows.order_by().values_list("unit_id").annotate(n=Count("pk")))
    units = Unit.objects.filter(pk__in=rows.values("unit_id")).order_by("sort_order", "name")
    if opened not in counts:  # a single unit (a filter leaving one) opens by itself
        opened = next(iter(counts)) if len(counts) == 1 else 0
    people = list(rows.filter(unit_id=opened)) if opened else []
    return [{"pk": pk, "name": name, "kind": unit_kind, "count": counts[pk], "open": pk == opened,
             "people": people if pk == opened else []}
            for pk, name, unit_kind in units.values_list("pk", "name", "kind")]


def directory_context(params) -> dict:
    query = normalise_query(params.get("q"))
    kind = params.get("kind") if params.get("kind") in UnitKind.values else ""
    printing = params.get("print") == "1"
    try:
        opened = int(params.get("unit") or 0)
    except ValueError:
        opened = 0
    outline = not (query or printing)
    if outline:
        groups = unit_outline(kind, opened)
    else:
        groups = search_directory(query, kind)
        for group in groups:
            unit = group["unit"]
            group.update(pk=unit.pk, name=unit.name, kind=unit.kind, open=True, count=len(group["people"]))
    kind_param = f"&kind={kind}" if kind else ""
    for group in groups:
        group["matters"] = next((p.matters for p in group["people"] if p.matters), "")
        group["href"] = f"?unit={group['pk']}{kind_param}#unit-{group['pk']}"
    index = [{"label": label, "groups": [g for g in groups if g["kind"] == value]}
             for value, label in UnitKind.choices]
    return {
        "query": query, "kind": kind, "printing": printing, "groups": groups, "outline": outline,
        "opened": any(group["open"] for group in groups),
        "unit_index": [entry for entry in index if entry["groups"]], "kinds": UnitKind.choices,
        "people_count": sum(group["count"] for group in groups), "filtered": bool(query or kind),
    }


class CommissionerDirectoryPage(UnrestrictedRouteMixin, Page):
    """附件4 一(一): the published directory of acceptance commissioners, by unit, with a unit index
    (``#unit-<id>``), a search (``?q=``: unit, name, matter, 拼音 initials), a unit-kind filter
    (``?kind=``) and a printable view (``?print=1``)."""

    intro = RichTextField("说明", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "服务受理专员名录页"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(directory_context(request.GET))
        return context
