"""A large upload is imported in the background (issue 14): confirming it queues a task that
applies it in chunks, one transaction each, recording on the batch how many of its pupils are
done; the batch's page shows the progress and the uploader is emailed when it is finished.

Every chunk is an import of its own pupils through `register_import_apply` (planned again under
lock, so a chunk already written changes nothing the second time), which makes the task safe to
run twice (ADR 0008): it checks the batch's status and progress under select_for_update, and a
run that finds the batch no longer importing does nothing. Unlike a small file, a large one is
not all or nothing: if the register changes under it so that a later chunk is refused, the
pupils of the chunks before stay imported, and the batch says so."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from sensupport.audit.models import AuditEvent

from ..models import ImportBatch
from ..records import ImportProblem
from .apply import analyze_register_tables, register_import_apply
from .batches import _batch_close, _batch_prepare, batch_lock_pending
from .plan import ImportRejected, register_import_plan

CHUNK = 1000  # pupils per transaction


def background_threshold() -> int:
    return settings.IMPORT_BACKGROUND_OVER


def import_batch_is_large(batch: ImportBatch) -> bool:
    """More pupils than a request should import: confirmed into a task."""
    return len(_batch_prepare(batch).parsed.records) > background_threshold()


def import_batch_start(*, batch: ImportBatch, actor, via: str = AuditEvent.Via.IMPORT) -> None:
    """Confirm a large upload: checked now (ImportRejected if it has problems, BatchClosed if it is
    not pending), marked importing, and its task queued once this commits."""
    from ..tasks import apply_import_batch

    with transaction.atomic():
        locked = batch_lock_pending(batch)
        prepared = _batch_prepare(locked)
        plan = register_import_plan(
            school=locked.school,
            records=prepared.parsed.records,
            file_problems=prepared.problems,
            actor=locked.uploaded_by,
        )
        if plan.problems:
            raise ImportRejected(plan.problems)
        locked.status = ImportBatch.Status.RUNNING
        locked.done, locked.total, locked.created, locked.changed = 0, len(prepared.parsed.records), 0, 0
        locked.save(update_fields=["status", "done", "total", "created", "changed"])
        actor_id = actor.pk if actor is not None and actor.is_authenticated else None
        transaction.on_commit(lambda: apply_import_batch.enqueue(locked.pk, actor_id, via))


def import_batch_chunk(*, batch_id: int, actor, via: str, read: dict | None = None) -> bool:
    """Import the batch's next chunk of pupils, in one transaction. True when there is more to do.
    Does nothing (False) unless the batch is importing, so a second run of the task is harmless.

    `read`, kept by the caller across its chunks, holds the file as read: a 30,000-pupil file is
    then read from its stored form once per run, not once per chunk (30 times 7 MB of JSON made
    the import take minutes). Its bytes cannot change while the batch is importing."""
    from ..tasks import send_import_finished

    with transaction.atomic():
        locked = (
            ImportBatch.objects.select_for_update()
            .select_related("school")
            .defer("content", "parsed")  # loaded by _batch_prepare only when not already read
            .filter(pk=batch_id)
            .first()
        )
        if locked is None or not locked.is_running:
            return False
        prepared = read.get(batch_id) if read is not None else None
        if prepared is None:
            prepared = _batch_prepare(locked)
            if read is not None:
                read[batch_id] = prepared
        chunk = prepared.parsed.records[locked.done : locked.done + CHUNK]
        try:
            with transaction.atomic():
                result = register_import_apply(
                    school=locked.school,
                    records=chunk,
                    actor=actor,
                    source=prepared.source,
                    via=via,
                    file_problems=prepared.problems,
                    analyze=False,
                )
        except ImportRejected as rejected:
            kept = ImportProblem(
                "the upload",
                f"the register changed while this file was being imported: its first {locked.done:,} pupils were "
                "imported, the rest were not. Upload the file again to import the rest",
            )
            _batch_close(locked, ImportBatch.Status.REJECTED, [kept, *rejected.problems])
            transaction.on_commit(lambda: send_import_finished.enqueue(locked.pk))
            return False
        locked.done += len(chunk)
        locked.created += result.created
        locked.changed += result.updated
        locked.save(update_fields=["done", "created", "changed"])
        if locked.done < locked.total:
            return True
        _batch_close(locked, ImportBatch.Status.APPLIED)
        transaction.on_commit(analyze_register_tables)
        transaction.on_commit(lambda: send_import_finished.enqueue(locked.pk))
        return False
