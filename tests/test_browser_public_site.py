"""The public site in a real browser (Debian's Chromium via Playwright) at 390 px and 1366 px: find
the acceptance commissioner of 县自然资源局 by search and by the unit index and read the ``tel:``
link; filter projects and open one; enlarge a photo; no page scrolls sideways. Screenshots are
kept in var/screenshots/ for a human to look at."""

import os
import re
from pathlib import Path

import pytest

from pages.seed import load_pages
from registers.core.roles import ensure_groups
from registers.projects.demo import load_demo_data
from snippets.seed import load_reference_data

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
PAGES = {
    "home": "/", "plan": "/plan/", "annex4": "/plan/service-commissioners/", "headquarters": "/headquarters/",
    "directory": "/commissioners/", "directory-print": "/commissioners/?print=1", "projects": "/projects/",
    "news": "/news/", "news-item": "/news/plan-issued/", "search": "/search/?q=自然资源",
}
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
LAND = "县自然资源局"
# every image shown has loaded (the enlarged photos load only when opened)
IMAGES_LOADED = "[...document.images].filter(img => !img.closest('.lightbox')).every(img => img.complete)"

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM}")


@pytest.fixture
def demo_site(transactional_db):
    """The seed and demo data (projects, photos, the demo directory), loaded before the browser
    starts (Playwright's sync API runs an event loop in which Django refuses database calls)."""
    from registers.projects.queries import public_photos
    from snippets.models import Unit

    load_reference_data()
    ensure_groups()
    load_pages()
    load_demo_data(projects=40, seed=1, password="x")
    photo = public_photos().select_related("progress__project").first()
    assert photo is not None, "the demo data has no photo the public may see"
    return {"project": photo.progress.project, "land": Unit.objects.resolve(LAND)}


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


def shot(page, name: str, full_page: bool = True) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def open_page(page, url: str):
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("load")
    return response


def find_by_search(page, base: str, viewport: str) -> str:
    open_page(page, base + "/commissioners/")
    page.fill("form.directory-search input[name=q]", "zrzy")  # 拼音 initials of 县自然资源局
    page.click("form.directory-search button[type=submit]")
    page.wait_for_load_state("load")
    units = page.locator("details.directory-unit")
    assert units.count() == 1 and LAND in units.first.locator("summary").inner_text()
    phone = units.first.locator("a.tel").first
    assert phone.is_visible()
    href = phone.get_attribute("href")
    assert re.fullmatch(r"tel:\d{7,12}", href), href
    shot(page, f"directory-search-{viewport}")
    return href


def find_by_index(page, base: str, land, viewport: str) -> str:
    open_page(page, base + "/commissioners/")
    page.locator(".unit-index a", has_text=LAND).click()
    page.wait_for_url(f"**/commissioners/?unit={land.pk}#unit-{land.pk}")
    unit = page.locator(f"#unit-{land.pk}")
    assert unit.evaluate("el => el.open"), "the linked unit opens"
    phone = unit.locator("a.tel").first
    assert phone.is_visible()
    shot(page, f"directory-index-{viewport}", full_page=False)
    # the unit's anchor is a shareable address: opened fresh, it shows the unit open
    open_page(page, base + "/")
    open_page(page, base + f"/commissioners/?unit={land.pk}#unit-{land.pk}")
    assert page.locator(f"#unit-{land.pk}").evaluate("el => el.open")
    # an anchor alone (an older link) lands on the unit's index entry, which opens the unit
    open_page(page, base + "/")
    page.goto(base + f"/commissioners/#unit-{land.pk}")
    page.wait_for_url(f"**/commissioners/?unit={land.pk}#unit-{land.pk}")
    page.wait_for_load_state("load")
    assert page.locator(f"details#unit-{land.pk}").evaluate("el => el.open")
    return phone.get_attribute("href")


def filter_and_open_project(page, base: str, viewport: str) -> None:
    open_page(page, base + "/projects/")
    page.select_option("select[name=domain]", label="农业")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state("load")
    domains = page.locator("table.projects tbody tr td:nth-child(2)").all_inner_texts()
    assert domains and set(domains) == {"农业"}
    shot(page, f"projects-filtered-{viewport}")
    link = page.locator("table.projects td.name a").first
    name = link.inner_text()
    link.click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == name
    assert page.locator(".chart-svg svg").is_visible()


def enlarge_photo(page, base: str, project, viewport: str) -> None:
    open_page(page, base + f"/projects/{project.pk}/")
    thumb = page.locator(".photo-thumb").first
    thumb.scroll_into_view_if_needed()
    thumb.click()
    lightbox = page.locator(".lightbox:target")
    lightbox.wait_for(state="visible")
    image = lightbox.locator("img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle(), timeout=5000)
    box = image.bounding_box()
    assert box["width"] > 200 and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"] + 1
    shot(page, f"photo-enlarged-{viewport}", full_page=False)
    lightbox.locator(".lightbox-close").click()
    assert page.locator(".lightbox:target").count() == 0
    thumb.click()  # and again, closed with Escape
    page.locator(".lightbox:target").wait_for(state="visible")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('.lightbox:target')", timeout=5000)


def test_public_site_on_phone_and_desktop(restore_session_data, live_server, transactional_db, demo_site, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    pages = {**PAGES, "project": f"/projects/{demo_site['project'].pk}/"}
    for viewport_name, viewport in VIEWPORTS.items():
        # bypass_csp: Playwright's wait_for_function evaluates a string, which script-src 'self' refuses.
        context = browser.new_context(viewport=viewport, device_scale_factor=1, bypass_csp=True)
        page = context.new_page()
        for name, url in pages.items():
            open_page(page, base + url)
            assert page.locator("h1").first.is_visible()
            assert page.evaluate(OVERFLOW) <= 0, f"{url} scrolls sideways at {viewport['width']} px"
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy photos load
            page.wait_for_function(IMAGES_LOADED, timeout=5000)
            shot(page, f"{name}-{viewport_name}")
        by_search = find_by_search(page, base, viewport_name)
        by_index = find_by_index(page, base, demo_site["land"], viewport_name)
        assert by_search == by_index
        filter_and_open_project(page, base, viewport_name)
        enlarge_photo(page, base, demo_site["project"], viewport_name)
        assert open_page(page, base + "/favicon.ico").headers["content-type"] == "image/x-icon"
        context.close()
