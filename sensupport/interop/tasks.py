"""Background work of the import: a large upload applied in chunks, and the email saying it is
finished (issue 14). Both are safe to run twice (ADR 0008)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django_tasks import task

from .models import ImportBatch
from .register_import.background import import_batch_chunk


@task()
def apply_import_batch(batch_id: int, actor_id: int | None, via: str) -> int:
    """Import a confirmed large upload, a chunk at a time, each in its own transaction, from
    wherever an earlier run stopped. A batch that is not importing is left alone. Returns how
    many chunks this run imported."""
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    chunks, read = 0, {}
    while import_batch_chunk(batch_id=batch_id, actor=actor, via=via, read=read):
        chunks += 1
    return chunks


@task()
def send_import_finished(batch_id: int) -> bool:
    """Tell the person who uploaded a large file that its import has finished. Counts and the
    file's name only: no pupil's details go by email."""
    batch = ImportBatch.objects.select_related("uploaded_by").filter(pk=batch_id).first()
    if batch is None or batch.uploaded_by is None or not batch.uploaded_by.email or batch.is_running:
        return False
    link = settings.SITE_URL + reverse("interop:import_preview", args=[batch.pk])
    if batch.status == ImportBatch.Status.APPLIED:
        subject = f"Import finished: {batch.filename}"
        body = (
            f"The import of {batch.filename} has finished: {batch.created:,} new "
            f"pupil{'s' if batch.created != 1 else ''}, {batch.changed:,} changed.\n\nSee the import: {link}\n"
        )
    else:
        subject = f"Import stopped: {batch.filename}"
        body = (
            f"The import of {batch.filename} stopped after {batch.done:,} of {batch.total:,} pupils "
            f"because the register changed while it ran.\n\nSee what happened: {link}\n"
        )
    EmailMultiAlternatives(subject=subject, body=body, to=[batch.uploaded_by.email]).send()
    return True
