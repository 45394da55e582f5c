"""The public pages in a real browser (Chromium via Playwright) on a phone and a desktop viewport:
no horizontal overflow of the page, tables scrolling inside their own container, screenshots in
/tmp/shots/ for a human to look at."""

import os
from pathlib import Path

import pytest

from pages.seed import load_pages
from registers.core.roles import ensure_groups
from registers.projects.demo import load_demo_data
from snippets.seed import load_reference_data

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path("/tmp/shots")
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
PAGES = {"home": "/", "plan": "/plan/", "headquarters": "/headquarters/", "projects": "/projects/"}

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM}")


@pytest.fixture
def demo_site(transactional_db):
    """The seed and some demo projects, loaded before the browser starts (Playwright's sync API runs
    an event loop, in which Django refuses database calls). Returns a public project with photos."""
    from registers.projects.queries import public_photos

    load_reference_data()
    ensure_groups()
    load_pages()
    load_demo_data(projects=40, seed=1, password="x")
    photo = public_photos().select_related("progress__project").first()
    assert photo is not None, "the demo data has no photo the public may see"
    return photo.progress.project


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


OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
TABLES_CONTAINED = """() => [...document.querySelectorAll('main table')].every(t => {
    const box = t.closest('.table-scroll');
    return box && box.clientWidth <= document.documentElement.clientWidth;
})"""


def test_public_pages_fit_phone_and_desktop(restore_session_data, transactional_db, live_server, demo_site,
                                             browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    detail = demo_site
    pages = {**PAGES, "project": f"/projects/{detail.pk}/"}
    for viewport_name, viewport in VIEWPORTS.items():
        # bypass_csp: Playwright's wait_for_function evaluates a string, which script-src 'self' refuses.
        context = browser.new_context(viewport=viewport, device_scale_factor=1, bypass_csp=True)
        page = context.new_page()
        for name, url in pages.items():
            response = page.goto(live_server.url + url)
            assert response.status == 200, url
            page.wait_for_load_state("load")
            assert page.locator("h1").first.is_visible()
            assert page.locator('.site-nav a[href="/projects/"]').is_visible()
            assert page.evaluate(OVERFLOW) <= 0, f"{url} overflows horizontally on {viewport_name}"
            assert page.evaluate(TABLES_CONTAINED), f"{url}: a table is not inside a scrolling container"
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy photos load
            # every image shown has loaded (the enlarged photos of the gallery load only when opened)
            page.wait_for_function(
                "[...document.images].filter(img => !img.closest('.lightbox')).every(img => img.complete)",
                timeout=5000)
            page.screenshot(path=str(SHOTS / f"{name}-{viewport_name}.png"), full_page=True)
        # the list's figures and its filter, in the browser
        page.goto(live_server.url + "/projects/")
        assert page.locator("table.projects tbody tr").count() > 0
        assert page.locator(".bar-text").first.inner_text().endswith("%")
        page.select_option("select[name=domain]", label="农业")
        page.click("form.filters button[type=submit]")
        page.wait_for_load_state("load")
        domains = page.locator("table.projects tbody tr td:nth-child(2)").all_inner_texts()
        assert domains and set(domains) == {"农业"}
        # a photo marked public is shown on the project page and actually loads
        page.goto(live_server.url + pages["project"])
        image = page.locator(".photos img").first
        image.scroll_into_view_if_needed()  # the photos load lazily
        assert image.is_visible()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle(),
                               timeout=5000)
        context.close()
