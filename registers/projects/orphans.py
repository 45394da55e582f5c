"""Photos uploaded in a progress form that was never saved: the image chooser stores an upload at
once, so a reporter who uploads and then leaves (or replaces the photo) leaves an image nothing
uses. Images older than a grace period that no month's photo, page or snippet refers to (Wagtail's
reference index) are deleted — by ``manage.py remove_orphan_images`` and the worker once a day."""

from __future__ import annotations

import datetime

from django.utils import timezone

GRACE = datetime.timedelta(hours=24)  # a form being filled in keeps its fresh upload


def orphan_images(now=None):
    """The images nothing refers to, uploaded before the grace period."""
    from wagtail.images import get_image_model
    from wagtail.models import ReferenceIndex

    from registers.projects.models import ProgressPhoto

    Image = get_image_model()
    now = now or timezone.now()
    referenced = ReferenceIndex.objects.filter(
        to_content_type=ReferenceIndex._get_base_content_type(Image)).values_list("to_object_id", flat=True)
    return (Image.objects.filter(created_at__lt=now - GRACE)
            .exclude(pk__in=ProgressPhoto.objects.values("image_id"))
            .exclude(pk__in=[int(pk) for pk in referenced if str(pk).isdigit()]))


def remove_orphan_images(now=None) -> int:
    """Delete the orphan images (their files and renditions go with them); how many."""
    count = 0
    for image in orphan_images(now):
        image.delete()
        count += 1
    return count
