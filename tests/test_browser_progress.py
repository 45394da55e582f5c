"""A township reporter on a phone enters a month of progress with a site photo, in a real browser.

Runs against pytest-django's live server, so the database is transactional and flushed after the
test: the module snapshot below puts the session's seed (and Wagtail's migration data) back so
the tests that follow, in any order, still find it.
"""

from decimal import Decimal
from pathlib import Path

from django.urls import reverse

import pytest
from PIL import Image as PILImage

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path("/tmp/shots")
PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="浏览器测试需要 /usr/bin/chromium（本机未安装）")


@pytest.fixture
def browser_page(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                      locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(15000)
        try:
            yield page
        finally:
            context.close()
            browser.close()


def site_photo(path: Path) -> Path:
    PILImage.new("RGB", (640, 480), (90, 140, 60)).save(path, "JPEG")
    return path


def upload_photo_in_chooser(page, tmp_path) -> None:
    """Add a photo row and upload a new site photo through the image chooser's upload tab."""
    page.click("#id_photos-ADD")
    page.locator("#id_photos-0-image-chooser .chooser__choose-button").click()
    modal = page.locator(".modal-content")
    modal.wait_for()
    page.screenshot(path=str(SHOTS / "03a-image-chooser.png"))
    modal.locator("#tab-label-upload").click()
    modal.locator("#tab-upload input[type=file]").set_input_files(str(site_photo(tmp_path / "污水管网.jpg")))
    modal.locator("#tab-upload input[type=text]").first.fill("东山镇污水管网")
    modal.locator("#tab-upload button[type=submit]").click()
    try:
        page.wait_for_selector(".modal-content", state="detached")
    finally:
        page.screenshot(path=str(SHOTS / "03b-after-upload.png"))


def test_reporter_adds_month_with_photo_on_a_phone(restore_session_data, live_server, transactional_db,
                                                   browser_page, tmp_path):
    from wagtail.models import Collection

    from registers.core.roles import ensure_groups
    from registers.core.scopes import GROUP_REPORTER
    from registers.models import MonthlyProgress, Project
    from snippets.seed import load_reference_data
    from tests.factories import PASSWORD
    from tests.registers_factories import make_project, make_user, viewset

    load_reference_data()
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    ensure_groups()
    make_user("dongshan_phone", GROUP_REPORTER, "东山镇")
    project = make_project("东山镇农村污水治理工程", "public_services", "东山镇", code="DS-2024-01", year=2024,
                           start_year=2024, end_year=2025, total=Decimal("3000"), plan="1200")
    page = browser_page
    base = live_server.url
    progress_admin, project_admin = viewset(MonthlyProgress), viewset(Project)

    page.goto(base + reverse("wagtailadmin_login"))
    page.fill("#id_username", "dongshan_phone")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + reverse("wagtailadmin_home"))
    page.screenshot(path=str(SHOTS / "01-home.png"), full_page=True)

    page.goto(base + reverse(progress_admin.get_url_name("add")))
    page.locator("#id_project-chooser .chooser__choose-button").click()
    page.locator(".modal-content").get_by_role("link", name="东山镇农村污水治理工程").click()
    page.wait_for_selector(".modal-content", state="detached")
    page.fill("#id_year", "2024")
    page.fill("#id_month", "6")
    page.fill("#id_completed_ytd", "560.50")
    page.fill("#id_image_progress", "管网铺设完成60%，一体化污水处理设备已进场。")
    page.screenshot(path=str(SHOTS / "02-form.png"), full_page=True)

    upload_photo_in_chooser(page, tmp_path)
    page.fill("#id_photos-0-caption", "管网开挖现场")
    page.select_option("#id_status", "submitted")
    page.screenshot(path=str(SHOTS / "03-with-photo.png"), full_page=True)

    page.locator("button.action-save").first.click()
    page.wait_for_url(base + reverse(progress_admin.get_url_name("list")))
    page.screenshot(path=str(SHOTS / "04-saved-list.png"), full_page=True)

    progress = MonthlyProgress.objects.get(project=project, year=2024, month=6)
    assert progress.completed_ytd == Decimal("560.50")
    assert progress.status == "submitted"
    assert progress.reporter.username == "dongshan_phone"
    photo = progress.photos.get()
    assert photo.caption == "管网开挖现场"
    assert progress.revisions.count() == 1

    page.goto(base + reverse(progress_admin.get_url_name("edit"), args=[progress.pk]))
    thumbnail = page.locator("#id_photos-0-image-chooser img")
    assert thumbnail.count() == 1
    assert thumbnail.is_visible()
    assert page.evaluate("(img) => img.naturalWidth", thumbnail.element_handle()) > 0  # the file really loads
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1  # no sideways scrolling
    thumbnail.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "05-edit-photo.png"), full_page=True)

    page.goto(base + reverse(project_admin.get_url_name("list")))
    assert page.get_by_text("东山镇农村污水治理工程").first.is_visible()
    page.screenshot(path=str(SHOTS / "06-projects.png"), full_page=True)
    # name, 完成率 and 滞后 fit a phone; the other columns wait on the inspect view
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    assert page.get_by_role("columnheader", name="完成率").is_visible()
    assert not page.get_by_role("columnheader", name="责任单位").is_visible()
