"""Uploaded photos are served only to whom they belong: /media/ is not a public folder."""

from django.core.cache import cache
from django.urls import reverse

import pytest

from registers.core.scopes import GROUP_LEAD
from tests.factories import ProgressPhotoFactory
from tests.registers_factories import add_progress, hq_user, make_project, make_user, reporter

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo():
    cache.clear()  # Wagtail caches renditions by image id, and ids repeat across rolled-back tests
    project = make_project("照片权限项目", "agriculture", "东山镇", plan="100")
    progress = add_progress(project, 2024, 5, "10")
    uploader = reporter("uploader", "东山镇")
    row = ProgressPhotoFactory(progress=progress, image__title="现场", image__file__filename="site.png",
                               image__uploaded_by_user=uploader, is_public=False)
    image = row.image
    return {"row": row, "image": image, "uploader": uploader,
            "urls": [image.file.url, image.get_rendition("fill-100x100").url]}


def statuses(client, urls):
    return [client.get(url).status_code for url in urls]


def test_private_photo_is_not_public(client, photo):
    assert statuses(client, photo["urls"]) == [404, 404]


def test_private_photo_for_its_units_hq_and_uploader(client, photo):
    client.force_login(photo["uploader"])
    assert statuses(client, photo["urls"]) == [200, 200]
    client.force_login(reporter("dongshan2", "东山镇"))
    assert statuses(client, photo["urls"]) == [200, 200]
    client.force_login(hq_user())
    assert statuses(client, photo["urls"]) == [200, 200]
    client.force_login(reporter("doushui", "陡水镇"))
    assert statuses(client, photo["urls"]) == [404, 404]


def test_public_photo_of_a_submitted_month_is_public(client, photo):
    photo["row"].is_public = True
    photo["row"].save()
    assert statuses(client, photo["urls"]) == [200, 200]
    photo["row"].progress.status = "draft"
    photo["row"].progress.save()
    assert statuses(client, photo["urls"]) == [404, 404]


def test_unknown_and_document_paths_are_not_served(client):
    assert client.get("/media/documents/secret.pdf").status_code == 404
    assert client.get("/media/../cms/settings/base.py").status_code == 404



def test_image_chosen_view_keeps_the_photo_rule(client, photo):
    chosen = reverse("wagtailimages_chooser:chosen", args=[photo["image"].pk])
    client.force_login(make_user("yq_lead", GROUP_LEAD, "县工信局"))  # may choose images, not this one
    assert client.get(chosen).status_code == 404
    client.force_login(hq_user())
    assert client.get(chosen).status_code == 200


def test_admin_image_api_keeps_the_photo_rule(client, photo):
    listing = reverse("wagtailadmin_api:images:listing")
    detail = reverse("wagtailadmin_api:images:detail", args=[photo["image"].pk])
    client.force_login(make_user("yq_lead2", GROUP_LEAD, "县工信局"))
    assert client.get(listing).json()["meta"]["total_count"] == 0
    assert client.get(detail).status_code == 404
    client.force_login(photo["uploader"])
    items = client.get(listing).json()["items"]
    assert [item["title"] for item in items] == ["现场"]
    client.force_login(hq_user())
    assert client.get(listing).json()["meta"]["total_count"] == 1
    assert client.get(detail).json()["title"] == "现场"
    client.logout()
    assert client.get(listing).status_code == 302  # to the admin login
