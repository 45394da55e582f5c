"""A deleted report takes its PDF with it (after the deletion commits, so a rolled-back delete keeps it)."""

import contextlib

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from tasks.models import ReportRun


@receiver(post_delete, sender=ReportRun)
def remove_pdf(sender, instance, **kwargs):
    path = instance.path if instance.file else None
    if path is not None:
        def unlink():
            with contextlib.suppress(OSError):
                path.unlink()

        transaction.on_commit(unlink)
