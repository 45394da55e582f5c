"""Uploads nobody saved are removed after a day; photos of a month and fresh uploads stay."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

import pytest

from registers.models import ProgressPhoto
from tests.registers_factories import add_progress, make_project, reporter

pytestmark = pytest.mark.django_db


def _image(title, age_hours, user):
    image = get_image_model().objects.create(title=title, file=get_test_image_file(), uploaded_by_user=user)
    get_image_model().objects.filter(pk=image.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=age_hours))
    return image


def test_orphan_uploads_go_and_used_photos_stay(capsys):
    progress = add_progress(make_project("照片清理项目", "agriculture", "东山镇", plan="100"), 2024, 5, "10")
    user = reporter()
    used = _image("已用", 48, user)
    ProgressPhoto.objects.create(progress=progress, image=used, sort_order=0)
    orphan = _image("未保存", 48, user)
    fresh = _image("刚上传", 1, user)
    call_command("remove_orphan_images")
    assert "已删除1张" in capsys.readouterr().out
    remaining = set(get_image_model().objects.values_list("title", flat=True))
    assert remaining == {"已用", "刚上传"}
    assert not get_image_model().objects.filter(pk=orphan.pk).exists()
    assert used.pk and fresh.pk
