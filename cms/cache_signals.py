"""What makes the public cache stale (``cms.cache.invalidate_public``): a page published, unpublished,
saved (not a draft), moved or deleted; a site or a view restriction changed (``cms.routing``
remembers routes under the same generation); any row of a model the public site shows saved,
deleted or relinked
(``pages.public.PUBLIC_FIELDS``, images, documents, the lagging rule). Bulk writes send no signal:
the import pipeline and the demo data call ``invalidate_public`` after their commit."""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from wagtail.models import get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.cache import invalidate_public

EXTRA_MODELS = ("wagtailimages.Image", "wagtaildocs.Document", "wagtailcore.Site",
                "wagtailcore.PageViewRestriction", "registers.LaggingRule")


# A page saved with only these fields changed (a draft revision, a lock) shows visitors nothing new.
DRAFT_FIELDS = frozenset({"latest_revision", "latest_revision_created_at", "has_unpublished_changes",
                          "draft_title", "locked", "locked_at", "locked_by"})


def _after_commit(**kwargs) -> None:
    transaction.on_commit(invalidate_public)


def _page_saved(update_fields=None, **kwargs) -> None:
    """Any page saved (an alias created, a field set in code), but not a draft's bookkeeping:
    Django sends ``post_save`` for the saved class only, so each page model is connected."""
    if update_fields is None or not set(update_fields) <= DRAFT_FIELDS:
        _after_commit()


def connect() -> None:
    from pages.public import PUBLIC_FIELDS

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_after_commit, dispatch_uid=f"pb-cache-{signal!r}")
    for label in (*PUBLIC_FIELDS, *EXTRA_MODELS):
        model = apps.get_model(label)
        post_save.connect(_after_commit, sender=model, dispatch_uid=f"pb-cache-save-{label}")
        post_delete.connect(_after_commit, sender=model, dispatch_uid=f"pb-cache-delete-{label}")
        for field in model._meta.many_to_many:
            through = getattr(model, field.name).through
            m2m_changed.connect(_after_commit, sender=through, dispatch_uid=f"pb-cache-m2m-{label}-{field.name}")
    for model in get_page_models():
        label = model._meta.label
        post_save.connect(_page_saved, sender=model, dispatch_uid=f"pb-cache-page-save-{label}")
        post_delete.connect(_after_commit, sender=model, dispatch_uid=f"pb-cache-page-delete-{label}")
