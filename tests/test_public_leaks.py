"""Only public data leaves the admin: after demo data, every internal text field (and every field of
a row that is not public: an unpublished commissioner, a project kept internal, a draft month, a
private photo) holds a marker string; a crawl of everything public — pages, feeds, the sitemap,
search, every API answer and the links in them — must never show it."""

import json
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.db import models

import pytest

from pages.public import is_public_field
from registers.models import MonthlyProgress, ProgressPhoto, Project
from registers.projects.demo import load_demo_data
from snippets.models import AcceptanceCommissioner, Unit

pytestmark = pytest.mark.django_db
MARKER = "泄露标记Ω"
# Fields the site needs to resolve rows (names it matches on, keys): never shown raw, left alone.
KEYS = {"normalized_name", "normalized_names", "token", "scope_key", "period", "kind", "file", "code",
        "number", "status", "worker", "error"}
SEEDS = ["/", "/api/projects/", "/api/progress/", "/api/v2/pages/", "/api/v2/projects/", "/api/v2/commissioners/",
         "/api/v2/headquarters/", "/api/v2/news/", "/api/v2/stats/domains/", "/api/v2/oc4ids/", "/api/v2/popolo/",
         "/api/v2/images/", "/api/v2/documents/", "/api/v2/schema/", "/sitemap.xml", "/search/?q=泄露",
         "/search/?q=标记", "/commissioners/?q=泄露"]
SKIP = ("/admin/", "/documents/", "/static/", "/calendar/")
MAX_PAGES = 600


def unique_together(model) -> set[str]:
    names = {name for group in model._meta.unique_together for name in group}
    for constraint in model._meta.constraints:
        names |= set(getattr(constraint, "fields", ()) or ())
    return names


def internal_text_fields(model):
    keyed = unique_together(model)
    for field in model._meta.concrete_fields:
        if (isinstance(field, (models.CharField, models.TextField)) and not field.choices and not field.unique
                and field.name not in KEYS | keyed and (field.max_length or 100) >= len(MARKER)
                and not is_public_field(model, field.name)):
            yield field.name


def mark_everything_internal() -> int:
    """Put the marker in every internal text field of the registers, and in every field of the rows
    the public must not see; the number of columns marked."""
    marked = 0
    for label in ("registers", "snippets", "tasks"):
        for model in apps.get_app_config(label).get_models():
            names = list(internal_text_fields(model))
            if names and model._default_manager.exists():
                model._default_manager.update(**dict.fromkeys(names, MARKER))
                marked += len(names)
    AcceptanceCommissioner.objects.create(unit=Unit.objects.order_by("pk").first(), name=MARKER, post=MARKER,
                                          matters=MARKER, office_phone="0797-0000009", is_published=False)
    hidden = Project.objects.order_by("pk").first()
    Project.objects.filter(pk=hidden.pk).update(is_public=False, name=MARKER, location=MARKER, scale_content=MARKER)
    MonthlyProgress.objects.filter(status="draft").update(image_progress=MARKER)
    drafts = MonthlyProgress.objects.filter(project__is_public=True).order_by("pk")[:3]
    MonthlyProgress.objects.filter(pk__in=list(drafts.values_list("pk", flat=True))).update(
        status="draft", image_progress=MARKER)
    ProgressPhoto.objects.filter(is_public=False).update(caption=MARKER)
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    # an upload no page links to (a leader's activity attachment lands in the same library)
    get_document_model().objects.create(title=MARKER, file="documents/internal-log.pdf",
                                        collection=Collection.get_first_root_node())
    return marked


def links_of(body: str, content_type: str, base: str) -> list[str]:
    if "json" in content_type:
        found = re.findall(r'"(https?://testserver[^"]*|/[^"\s]*)"', body)
    else:
        found = re.findall(r'(?:href|src)="([^"#]+)"', body)
    urls = []
    for link in found:
        url = urljoin(base, link.replace("&amp;", "&"))
        parts = urlsplit(url)
        if parts.netloc in ("", "testserver") and not parts.path.startswith(SKIP):
            urls.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return urls


def crawl(client) -> tuple[dict[str, str], int]:
    """url → body of every public answer reached (200s), and how many were fetched."""
    seen, queue, bodies, fetched = set(SEEDS), deque(SEEDS), {}, 0
    while queue and fetched < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url, follow=False)
        fetched += 1
        if response.status_code != 200 or getattr(response, "streaming", False):
            continue
        content_type = response.get("Content-Type", "")
        if not any(kind in content_type for kind in ("html", "json", "xml", "text")):
            continue  # images and PDFs: their captions were checked where they are listed
        body = response.content.decode("utf-8", "replace")
        if "json" in content_type:
            body = json.dumps(json.loads(body), ensure_ascii=False)
        bodies[url] = body
        for link in links_of(body, content_type, url):
            if link not in seen and sum(link.startswith(u.split("?")[0]) for u in seen) < 60:
                seen.add(link)
                queue.append(link)
    return bodies, fetched


@pytest.mark.parametrize("route_memo", [0, 60], ids=["routed", "memo"])
def test_no_public_page_feed_search_or_api_answer_shows_an_internal_field(client, settings, route_memo):
    from cms import memo

    settings.PUBLIC_ROUTE_MEMO_SECONDS = route_memo
    memo.forget_all()
    load_demo_data(projects=40, seed=3, password="x")
    assert mark_everything_internal() > 20
    from tests.report_helpers import run_report

    assert run_report("monthly_bulletin", f"{Project.objects.first().start_year}-06").status == "done"
    public_project = Project.objects.public().order_by("pk").last()
    bodies, fetched = crawl(client)
    if route_memo:  # a second crawl: every page now routed from the memo
        again, _ = crawl(client)
        bodies.update({f"{url} (memo)": body for url, body in again.items()})
        memo.forget_all()
    assert fetched > 50, fetched
    assert any(public_project.name in body for body in bodies.values())  # the crawl does reach the register
    leaks = sorted(url for url, body in bodies.items() if MARKER in body)
    assert not leaks, f"{MARKER} shown at: " + ", ".join(leaks[:20])
