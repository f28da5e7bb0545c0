"""The web upload of a GIAS file: kept as a GiasUpload between preview and confirmation. The
import itself is organisations.services.schools_import_gias (the command calls it too)."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.core.errors import ServiceError
from sensupport.organisations.services import (
    SchoolsImportPlan,
    SchoolsImportRejected,
    schools_import_gias,
    schools_import_plan,
)

from .models import GiasUpload


class UploadClosed(ServiceError):
    """The upload was already imported, refused or cancelled."""


def gias_upload_create(*, actor, filename: str, content: bytes) -> GiasUpload:
    return GiasUpload.objects.create(
        uploaded_by=actor, filename=filename[:255], content=content, sha256=hashlib.sha256(content).hexdigest()
    )


def gias_upload_plan(upload: GiasUpload) -> SchoolsImportPlan:
    return schools_import_plan(content=bytes(upload.content))


def gias_upload_confirm(*, upload: GiasUpload, actor, via: str = AuditEvent.Via.IMPORT) -> SchoolsImportPlan:
    """Apply the stored bytes, all or nothing. Raises UploadClosed if it is not pending, and
    SchoolsImportRejected (the upload is then marked refused) if the file has problems."""
    try:
        with transaction.atomic():
            locked = GiasUpload.objects.select_for_update().get(pk=upload.pk)
            if not locked.is_pending:
                raise UploadClosed(f"This upload has already been dealt with: {locked.get_status_display().lower()}.")
            plan = schools_import_gias(content=bytes(locked.content), actor=actor, via=via, filename=locked.filename)
            _close(locked, GiasUpload.Status.APPLIED)
    except SchoolsImportRejected:
        gias_upload_close(upload=upload, status=GiasUpload.Status.REJECTED)
        raise
    return plan


def gias_upload_close(*, upload: GiasUpload, status: str) -> None:
    with transaction.atomic():
        locked = GiasUpload.objects.select_for_update().get(pk=upload.pk)
        if locked.is_pending:
            _close(locked, status)


def _close(upload: GiasUpload, status: str) -> None:
    upload.status = status
    upload.content = b""
    if status == GiasUpload.Status.APPLIED:
        upload.applied_at = timezone.now()
    upload.save(update_fields=["status", "content", "applied_at"])
