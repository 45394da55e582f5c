"""Chinese, every screen, every role: each role signs in and crawls every admin page it can reach
from the dashboard (listings, inspect, edit, history, reports, settings). No page may show an English
UI word, a raw ``True``/``False``/``None``, an internal field name, or an amount without thousands
separators (``registers.core.money.format_wan`` is the one screen form)."""

import datetime
import html
import json
import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from registers.core.roles import GRANTS, ensure_groups
from registers.core.scopes import GROUP_COMMISSIONER, GROUP_LEADER
from registers.models import Project
from snippets.models import Domain, Unit
from tests.factories import AcceptanceCommissionerFactory, GroundbreakingRoundFactory, ObservationMeetingFactory
from tests.registers_factories import (
    add_progress,
    agri_lead,
    hq_user,
    make_project,
    make_user,
    reporter,
    unit,
    viewset,
)

pytestmark = pytest.mark.django_db

MAX_PAGES = 250
PER_KIND = 3  # pages of one kind (the same path but for its numbers, the same query keys) visited

# English words of a UI that Wagtail's zh-hans catalogue (or ours) translates: seen whole and
# case-sensitive in the visible text, any of them means a screen left in English.
ENGLISH_WORDS = [
    "Editors", "Moderators", "Page types usage", "Lead unit", "Lead unit names", "User", "Users", "Edit",
    "Delete", "History", "Inspect", "Search", "Filter", "Filters", "Yes", "No", "None", "True", "False",
    "Add", "Save", "Cancel", "Actions", "Status", "Name", "Title", "Date", "Unit", "Domain", "Project",
    "Projects", "Updated", "Created", "Revisions", "Settings", "Reports", "Dashboard", "Snippets",
]
INTERNAL_NAMES = ["normalized_name", "normalized_names", "latest_revision", "规范化", "_id"]
RAW_CELLS = ("True", "False", "None")

SKIP = re.compile(
    r"^/admin/(logout|api|bulk|jsi18n|login|password_reset)/|/(export|sheet)/|[?&]export=|\.(csv|xlsx|xls)$"
    r"|^/admin/(documents|images)/.*/(serve|download|original)/|/preview/|/usage/.*\?|/revisions/\d+/view/"
    r"|/workflow/"
)
# An amount written without a thousands separator (732132.40): four or more digits before two decimals.
BARE_AMOUNT = re.compile(r"(?<![\d,.])\d{4,}\.\d{2}(?!\d)")


@pytest.fixture
def world():
    mine = make_project("东山镇茶叶基地", "agriculture", "东山镇", plan="732132.4", contact_leaders="陈领导",
                        total="1234567.89")
    add_progress(mine, 2024, 5, "100")
    add_progress(mine, 2024, 6, "25000.5", status="draft")
    GroundbreakingRoundFactory(title="第一批集中开工", date=datetime.date(2024, 3, 1), projects=[mine])
    ObservationMeetingFactory(title="现场观摩", date=datetime.date(2024, 6, 1))
    AcceptanceCommissionerFactory(unit=unit("县农业农村局"), name="农业专员", mobile="13800000000")
    return {
        "hq": hq_user(),
        "lead": agri_lead(),
        "reporter": reporter(),
        "leader": make_user("leader", GROUP_LEADER, leader_name="陈领导"),
        "commissioner": make_user("zy", GROUP_COMMISSIONER, "县农业农村局"),
        "superuser": make_user("root", superuser=True),
    }


class _Text(HTMLParser):
    """The text a user reads: no scripts, styles, templates, icons, hidden elements or attributes."""

    HIDDEN = {"script", "style", "template", "svg"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden, self.parts = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID and (self.hidden or tag in self.HIDDEN or "hidden" in dict(attrs)):
            self.hidden.append(tag)

    def handle_endtag(self, tag):
        if tag in self.hidden:
            while self.hidden.pop() != tag:
                pass

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def sidebar(page: str) -> list:
    """The sidebar's menu items (Wagtail renders the menu from JSON): every dict with a label."""
    found = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', page, re.S)
    items, stack = [], [json.loads(found.group(1))] if found else []
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "label" in node:
                items.append(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return items


def visible_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    labels = [item["label"] for item in sidebar(page)]
    return "\n".join([*parser.parts, *labels])


def cell_texts(page: str):
    for cell in re.findall(r"<(t[dh]|dd)\b[^>]*>(.*?)</\1>", page, flags=re.S | re.I):
        yield " ".join(visible_text(cell[1]).split())


def links(page: str):
    hrefs = [html.unescape(href) for href in re.findall(r'href="([^"]+)"', page)]
    for url in [*hrefs, *(item.get("url", "") for item in sidebar(page))]:
        url, _ = urldefrag(url)
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/admin/"):
            continue
        url = parts.path + (f"?{parts.query}" if parts.query else "")
        if not SKIP.search(url):
            yield url


def problems_on(page: str) -> list[str]:
    text = visible_text(page)
    found = []
    for word in ENGLISH_WORDS:
        if re.search(rf"(?<![A-Za-z_]){re.escape(word)}(?![A-Za-z_])", text):
            found.append(word)
    for name in INTERNAL_NAMES:
        if name in text:
            found.append(name)
    if re.search(r"(?<![A-Za-z])ID(?![A-Za-z])", text):
        found.append("ID")
    for cell in cell_texts(page):
        if cell in RAW_CELLS:
            found.append(f"cell {cell}")
    found += [f"amount {m}" for m in BARE_AMOUNT.findall(text)]
    return sorted(set(found))


def kind(url: str) -> str:
    path, _, query = url.partition("?")
    return re.sub(r"\d+", "N", path) + "?" + "&".join(sorted(re.findall(r"([^&=]+)=", query)))


def crawl(client, start="/admin/"):
    seen, queue, report, fetched, kinds = {start}, deque([start]), {}, 0, Counter()
    while queue and fetched < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        fetched += 1
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        if problems := problems_on(page):
            report[url] = problems
        for link in links(page):
            if link not in seen and kinds[kind(link)] < PER_KIND:
                seen.add(link)
                kinds[kind(link)] += 1
                queue.append(link)
    return fetched, report, kinds


@pytest.mark.parametrize("role", ["hq", "lead", "reporter", "leader", "commissioner", "superuser"])
def test_every_reachable_admin_page_is_chinese(client, world, role):
    client.force_login(world[role])
    fetched, report, kinds = crawl(client)
    assert fetched > 10, fetched
    if role != "commissioner":  # a 服务专员 reads projects and units, with no inspect view of its own
        assert any("/inspect/" in k for k in kinds), sorted(kinds)
    if role not in ("commissioner", "leader"):  # those who edit see the history too
        assert any("/history/" in k for k in kinds) and any("/edit/" in k for k in kinds), sorted(kinds)
    assert not report, "\n".join(f"{url}: {', '.join(words)}" for url, words in report.items())


def test_inspect_and_listings_show_values_as_the_admin_writes_them(client, world):
    client.force_login(world["hq"])
    project = Project.objects.get(name="东山镇茶叶基地")
    inspect = client.get(reverse(viewset(Project).get_url_name("inspect"), args=[project.pk])).content.decode()
    text = visible_text(inspect)
    assert "1,234,567.89" in text and "1234567.89" not in text
    assert "是" in text and "否" in text and "—" in text
    assert "规范化名称" not in text and "最新版本" not in text and not re.search(r"\bID\b", text)
    units = visible_text(client.get(reverse(viewset(Unit).get_url_name("list"))).content.decode())
    assert "是" in units and "True" not in units and "False" not in units
    domains = visible_text(client.get(reverse(viewset(Domain).get_url_name("list"))).content.decode())
    assert "牵头单位" in domains and "Lead unit" not in domains


def test_bootstrap_leaves_only_the_design_roles():
    Group.objects.get_or_create(name="Editors")
    Group.objects.get_or_create(name="Moderators")
    ensure_groups()
    assert set(Group.objects.values_list("name", flat=True)) == set(GRANTS)
    from wagtail.models import Task, Workflow

    assert not Workflow.objects.filter(name__contains="Moderators").exists()
    assert not Task.objects.filter(name__contains="Moderators").exists()
