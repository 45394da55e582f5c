"""Uploaded files, served only to whom they belong.

Progress photos are private until marked public (形象进度照片), so /media/ is not a public folder:
image originals and renditions go through ``registers.projects.scopes.image_visible_to``; documents are served by
Wagtail's own document view (collection privacy), never from here.
"""

from django.conf import settings
from django.http import Http404
from django.views.static import serve

from wagtail.images import get_image_model

from registers.projects.scopes import image_visible_to


def image_id_for(path: str) -> int | None:
    Image = get_image_model()
    image_id = Image.objects.filter(file=path).values_list("pk", flat=True).first()
    if image_id is None:
        image_id = (
            Image.get_rendition_model().objects.filter(file=path).values_list("image_id", flat=True).first()
        )
    return image_id


def protected_media(request, path: str):
    image_id = image_id_for(path)
    if image_id is None or not image_visible_to(request.user, image_id):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "private, max-age=3600"
    return response
