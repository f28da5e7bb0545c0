"""Web uploads: the bytes wait in an ImportBatch between the preview and the confirmation, which
applies them (upload, plan, confirm, or close as refused or cancelled)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.core.errors import ServiceError
from sensupport.organisations.models import School

from ..models import ImportBatch
from ..records import ImportProblem
from . import stored
from .apply import ImportResult, register_import_apply
from .files import PreparedImport, import_kind, import_prepare
from .plan import ImportPlan, register_import_plan


def import_batch_create(*, school: School, actor, filename: str, content: bytes) -> ImportBatch:
    return ImportBatch.objects.create(
        school=school,
        uploaded_by=actor,
        filename=filename[:255],
        kind=import_kind(content, filename),
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def batch_lock_pending(batch: ImportBatch) -> ImportBatch:
    """The batch locked for this transaction, with its school; BatchClosed unless it is still
    waiting for confirmation (someone else confirmed or cancelled it meanwhile)."""
    locked = ImportBatch.objects.select_for_update().select_related("school").get(pk=batch.pk)
    if not locked.is_pending:
        raise BatchClosed(f"This upload has already been dealt with: {locked.get_status_display().lower()}.")
    return locked


def _batch_prepare(batch: ImportBatch) -> PreparedImport:
    """The batch's file as read: from its stored form when it has been read before (one parse per
    upload), else read from its bytes now and stored. Either way the bytes must still be the ones
    uploaded (their sha256), and the stored form must be of those bytes."""
    content = bytes(batch.content)
    if hashlib.sha256(content).hexdigest() != batch.sha256:
        prepared = import_prepare(content, batch.filename, school=batch.school)
        prepared.problems.insert(
            0, ImportProblem("the upload", "the stored file does not match the one uploaded: upload it again")
        )
        return prepared
    if (read := stored.parsed_from_text(batch.parsed, sha256=batch.sha256)) is not None:
        return PreparedImport(parsed=read[0], school=batch.school, problems=read[1])
    prepared = import_prepare(content, batch.filename, school=batch.school)
    batch.parsed = stored.parsed_to_text(prepared.parsed, prepared.problems, sha256=batch.sha256)
    ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PENDING).update(parsed=batch.parsed)
    return prepared


def import_batch_plan(batch: ImportBatch) -> ImportPlan:
    """Plan the batch from its stored bytes. A CTF must be addressed to the batch's school."""
    prepared = _batch_prepare(batch)
    return register_import_plan(
        school=batch.school,
        records=prepared.parsed.records,
        file_problems=prepared.problems,
        file_notes=prepared.parsed.notes,
        actor=batch.uploaded_by,  # a CTF's contacts are added as the person who uploaded it
    )


class BatchClosed(ServiceError):
    """The upload was already imported, refused or cancelled."""


class ImportConflict(ServiceError):
    """The register changed under the import (another import or an edit added the same pupil at
    the same moment): nothing was written and the upload waits to be checked again."""


def import_batch_confirm(*, batch: ImportBatch, actor, via: str = AuditEvent.Via.IMPORT) -> ImportResult:
    """Apply the upload as it was read for its preview (stored on the batch, of the bytes uploaded;
    never from what a page showed), planned again against the register as it is now. All or
    nothing: raises ImportRejected if the file has problems, BatchClosed if it is not pending,
    ImportConflict if another change added one of its pupils while it was being written."""
    try:
        with transaction.atomic():
            locked = batch_lock_pending(batch)
            prepared = _batch_prepare(locked)
            result = register_import_apply(
                school=locked.school,
                records=prepared.parsed.records,
                actor=actor,
                source=prepared.source,
                via=via,
                file_problems=prepared.problems,
                file_notes=prepared.parsed.notes,
            )
            _batch_close(locked, ImportBatch.Status.APPLIED)
    except IntegrityError as error:  # a new pupil's UPN taken between our check and our insert
        raise ImportConflict(
            "The register changed while this file was being imported (a pupil in it was added by someone else at the "
            "same moment), so nothing was imported. Check what the import will change and confirm again."
        ) from error
    return result


def import_batch_close(*, batch: ImportBatch, status: str, problems: Sequence[ImportProblem] = ()) -> None:
    """Mark a pending upload refused (with the problems that refused it) or cancelled, and
    forget its bytes."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.is_pending:
            _batch_close(locked, status, problems)


def _batch_close(batch: ImportBatch, status: str, problems: Sequence[ImportProblem] = ()) -> None:
    batch.status = status
    batch.content = b""
    batch.parsed = ""
    batch.problems = [
        {"where": p.where, "message": p.message, "element": p.element, "element_kind": p.element_kind} for p in problems
    ]
    if status == ImportBatch.Status.APPLIED:
        batch.applied_at = timezone.now()
    batch.save(update_fields=["status", "content", "parsed", "applied_at", "problems"])
