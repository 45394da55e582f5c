"""The site's first pages, built from the source document's text (pages/seed/source.txt)."""

import datetime
import re
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from pages.models import (
    CommissionerDirectoryPage,
    HeadquartersPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    PolicyPage,
    ProjectIndexPage,
)

SOURCE = Path(__file__).resolve().parent / "seed" / "source.txt"

HEADING = re.compile(r"^[一二三四五六七八九十]+、")
ARTICLE = re.compile(r"^(第[一二三四五六七八九十]+条)\s*(.*)$")


def _split_document(text: str) -> dict[str, list[str]]:
    """Cut the document into the plan and its attachments by the standalone 附件N lines."""
    parts: dict[str, list[str]] = {"plan": []}
    current = "plan"
    started = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if re.fullmatch(r"附件[1-4]", line):
            current = line
            parts[current] = []
            continue
        if current == "plan":
            if line.startswith("为深入贯彻"):
                started = True
            if not started or line.startswith("附件：") or re.match(r"^\d\.县|^\d\.重大", line):
                continue
        parts[current].append(line)
    return parts


def _paragraph(text: str) -> dict:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return {"type": "paragraph", "value": f"<p>{escaped}</p>", "id": str(uuid.uuid4())}


def lines_to_blocks(lines: list[str]) -> list[dict]:
    blocks = []
    for line in lines:
        article = ARTICLE.match(line)
        if HEADING.match(line) and len(line) <= 30:
            blocks.append({"type": "heading", "value": line, "id": str(uuid.uuid4())})
        elif article:
            text = article.group(2).replace("&", "&amp;").replace("<", "&lt;")
            blocks.append({"type": "article", "id": str(uuid.uuid4()),
                           "value": {"number": article.group(1), "text": f"<p>{text}</p>"}})
        else:
            blocks.append(_paragraph(line))
    return blocks


def _attachment_body(lines: list[str]) -> tuple[str, list[str]]:
    """An attachment starts with its title line; the rest is its body."""
    return lines[0], lines[1:]


ISSUED = datetime.date(2021, 5, 5)
DOC_NO = "上府办发〔2021〕18号"
ISSUER = "上犹县人民政府办公室"


def _root() -> Page:
    """The page tree's root: Wagtail's migration makes it; a flushed database (a transactional test)
    has none, so it is made again here, in the site's content language."""
    root = Page.get_first_root_node()
    if root is None:
        language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        locale, _ = Locale.objects.get_or_create(language_code=language)
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    return root


def _home_and_site() -> tuple[HomePage, int]:
    """The home page (created once, replacing Wagtail's placeholder) as the default site's root."""
    created = 0
    home = HomePage.objects.first()
    if home is None:
        root = _root()
        # Wagtail's initial migration leaves a placeholder "Welcome" page at the site root.
        for placeholder in root.get_children().exact_type(Page):
            placeholder.delete()
        home = HomePage(
            title="上犹县“项目大会战”重大项目指挥调度平台",
            slug="home",
            intro=(
                "<p>坚持“项目为王”理念，扎实开展工业、农业、服务业、重大基础设施、新基建、公共服务六大领域"
                "“项目大会战”，以大项目引领大投资，以大投资带动大发展。2021-2023年，“项目大会战”每年力争完成投资"
                "100亿元以上，全县固定资产投资年均增速达到9.5%左右。</p>"
            ),
        )
        root.add_child(instance=home)
        created += 1
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                            site_name="上犹县“项目大会战”")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "上犹县“项目大会战”"
        site.save()
    return home, created


def _policy_pages(home: HomePage) -> int:
    """The plan under the home page and 附件2–4 under the plan, from the source document."""
    created = 0
    parts = _split_document(SOURCE.read_text(encoding="utf-8"))
    plan = PolicyPage.objects.filter(slug="plan").first()
    if plan is None:
        plan = PolicyPage(
            title="上犹县“项目大会战”（2021-2023年）实施方案", slug="plan", show_in_menus=True,
            document_number=DOC_NO, issuer=ISSUER, issued_on=ISSUED,
            summary="上犹县“项目大会战”（2021-2023年）实施方案：总体要求、重点任务、工作机制、保障措施。",
            body=lines_to_blocks(parts["plan"]),
        )
        home.add_child(instance=plan)
        created += 1
    for key, slug in (
        ("附件2", "coordination-meetings"),
        ("附件3", "leader-contact"),
        ("附件4", "service-commissioners"),
    ):
        if PolicyPage.objects.filter(slug=slug).exists():
            continue
        title, body = _attachment_body(parts[key])
        page = PolicyPage(
            title=title, slug=slug, document_number=f"{DOC_NO} {key}", issuer=ISSUER, issued_on=ISSUED,
            summary=f"{key}：{title}", body=lines_to_blocks(body),
        )
        plan.add_child(instance=page)
        created += 1
    return created


# The register pages under the home page: (page model, its fields), each created once.
REGISTER_PAGES = [
    (HeadquartersPage, {
        "title": "县“项目大会战”指挥部成员名单", "slug": "headquarters", "show_in_menus": True,
        "intro": "<p>附件1：县“项目大会战”指挥部成员名单。由县长任总指挥，县政府常务副县长任常务副总指挥，"
                 "县政府分管副县长任副总指挥。</p>",
    }),
    (CommissionerDirectoryPage, {
        "title": "重大项目服务受理专员名录", "slug": "commissioners", "show_in_menus": True,
        "intro": "<p>各行政审批、涉企涉项工作部门（单位）明确的重大项目服务受理专员，实行“首问负责制”，"
                 "指导、协调、帮助项目单位做好相关事项的申报、办理工作。</p>",
    }),
    (ProjectIndexPage, {
        "title": "重大项目建设进展", "slug": "projects", "show_in_menus": True,
        "intro": "<p>全县“项目大会战”重大项目名单及年度计划投资、完成投资情况，按月更新。"
                 "数据由各责任单位每月5日前报送上月进展，报送后公开。</p>",
    }),
]


FIRST_NEWS = {
    "title": "《上犹县“项目大会战”（2021-2023年）实施方案》印发", "slug": "plan-issued", "date": ISSUED,
    "intro": "县政府办公室印发实施方案，2021-2023年在六大领域开展“项目大会战”，每年力争完成投资100亿元以上。",
    "body": "<p>为深入贯彻“项目为王”理念，县政府办公室印发《上犹县“项目大会战”（2021-2023年）实施方案》"
            "（上府办发〔2021〕18号），在工业、农业、服务业、重大基础设施、新基建、公共服务六大领域开展“项目大会战”，"
            "成立县“项目大会战”指挥部，建立调度会商、挂点联系和服务受理专员等工作机制。</p>",
}


def _news(home: HomePage) -> int:
    """工作动态 under the home page, with the plan's issue as its first item (both created once)."""
    if NewsIndexPage.objects.exists():
        return 0
    index = NewsIndexPage(title="工作动态", slug="news", show_in_menus=True,
                          intro="<p>“项目大会战”集中开（竣）工、现场观摩和重大项目建设的新闻与通知。</p>")
    home.add_child(instance=index)
    index.add_child(instance=NewsPage(**FIRST_NEWS))
    return 2


@transaction.atomic
def load_pages() -> int:
    """Create the home page and the document's pages when missing. Returns pages created."""
    home, created = _home_and_site()
    created += _policy_pages(home)
    for page_model, fields in REGISTER_PAGES:
        if not page_model.objects.exists():
            home.add_child(instance=page_model(**fields))
            created += 1
    created += _news(home)
    return created
