"""Wagtail API v2 router (``/api/v2/pages/``, ``images/``, ``documents/``): public content only.

* pages: Wagtail's own listing — live pages without a view restriction;
* images: those of public progress photos (``pages.public.public_rows("registers.ProgressPhoto")``)
  and those a live public page refers to (Wagtail's reference index), never one of a photo that is
  not public;
* documents: those a live public page links to, outside a restricted collection (on itself or an ancestor).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, IntegerField, Q
from django.db.models.functions import Cast

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Collection, CollectionViewRestriction, Page, ReferenceIndex


def page_referenced_ids(model):
    """Ids of the ``model`` rows (images, documents) live public pages refer to, as a subquery (the
    reference index keeps ids as text)."""
    pages = Page.objects.live().public().annotate(key=Cast("pk", CharField())).values("key")
    return ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=pages,
        to_content_type=ContentType.objects.get_for_model(model),
    ).annotate(target_pk=Cast("to_object_id", IntegerField())).values("target_pk")


def page_image_ids():
    return page_referenced_ids(get_image_model())


def public_images(queryset):
    """Of ``queryset`` (images): public progress photos and images of live public pages, less any
    image of a progress photo that is not public."""
    from pages.public import public_rows
    from registers.models import ProgressPhoto

    photo_images = public_rows("registers.ProgressPhoto").values("image_id")
    private = ProgressPhoto.objects.exclude(pk__in=public_rows("registers.ProgressPhoto").values("pk"))
    on_pages = Q(pk__in=page_image_ids())
    return queryset.filter(Q(pk__in=photo_images) | on_pages).exclude(pk__in=private.values("image_id"))


def restricted_collections():
    """Collections with a view restriction on themselves or an ancestor (whoever asks)."""
    paths = CollectionViewRestriction.objects.values_list("collection__path", flat=True)
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return Collection.objects.filter(condition)


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    def get_queryset(self):
        return public_images(super().get_queryset())


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    """Only documents a live public page links to: an upload is not published by being uploaded (a
    leader's activity attachment lives in the same library)."""

    def get_queryset(self):
        queryset = super().get_queryset()
        return (queryset.filter(pk__in=page_referenced_ids(queryset.model))
                .exclude(collection__in=restricted_collections()))


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
