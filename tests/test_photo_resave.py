"""A month's existing photos stay valid on re-save whoever uploaded them; a user still cannot
attach an image outside their scope."""

from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

import pytest

from registers.models import MonthlyProgress, ProgressPhoto
from tests.registers_factories import add_progress, hq_user, make_project, progress_post, reporter, viewset

pytestmark = pytest.mark.django_db
M = viewset(MonthlyProgress)


def _image(title, user):
    return get_image_model().objects.create(title=title, file=get_test_image_file(), uploaded_by_user=user)


def _edit(client, progress, image, **extra):
    data = progress_post(progress.project, year=progress.year, month=progress.month, status="submitted", **{
        "photos-TOTAL_FORMS": 1, "photos-INITIAL_FORMS": 1, "photos-0-id": progress.photos.get().pk,
        "photos-0-image": image.pk, "photos-0-caption": "现场", "photos-0-ORDER": 1, **extra})
    return client.post(reverse(M.get_url_name("edit"), args=[progress.pk]), data)


def test_a_reporter_resaves_a_month_carrying_a_photo_someone_else_uploaded(client):
    project = make_project("东山镇照片项目", "public_services", "东山镇", plan="1000")
    owner, office = reporter(), hq_user()
    progress = add_progress(project, 2024, 6, "300", status="draft", reporter=owner)
    theirs = _image("指挥部上传", office)
    ProgressPhoto.objects.create(progress=progress, image=theirs, caption="现场", sort_order=0)
    client.force_login(owner)
    response = _edit(client, progress, theirs)
    assert response.status_code == 302, response.context["form"].formsets["photos"].errors
    progress.refresh_from_db()
    assert progress.status == "submitted"
    assert progress.photos.get().image == theirs


def test_a_reporter_cannot_swap_in_an_image_outside_their_scope(client):
    project = make_project("东山镇照片项目二", "public_services", "东山镇", plan="1000")
    owner, office = reporter(), hq_user()
    progress = add_progress(project, 2024, 6, "300", status="draft", reporter=owner)
    ProgressPhoto.objects.create(progress=progress, image=_image("本月照片", office), sort_order=0)
    elsewhere = _image("他处照片", office)
    client.force_login(owner)
    response = _edit(client, progress, elsewhere)
    assert response.status_code == 200
    errors = response.context["form"].formsets["photos"].errors
    assert "image" in errors[0]
    assert progress.photos.get().image.title == "本月照片"
