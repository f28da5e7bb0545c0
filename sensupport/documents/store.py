"""An agreed plan version's documents are rendered once and stored (ADR 0010).

`obtain(plan, kind, fmt)` gives the document of an agreed version: the stored file when it says
what the document says today, else it renders it once, stores it and gives the bytes. What the
document says is built first (`content.py`, a few queries) and hashed with our layout code: the
stored copy is used only when the hash matches. An agreed version's plan, outcomes and support
never change (ADR 0009), but its status line, review date, the pupil's name and year group, the
school's name and the review record can, and each change renders the copy once more.

Rendering runs outside any transaction. Who renders is decided by a claim on the document's one
row (a short transaction, `select_for_update`, unique per plan, kind and format): the first to
claim renders; anyone else asking for the same content meanwhile waits for the file, polling
without a transaction, and renders on demand only if none appears in `WAIT_SECONDS` (the copy is
then stored by the claimant, not by them). A render that fails releases its claim; the request
fails as before, the task is retried per ADR 0008, and the next request renders on demand.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import time
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import IO

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from sensupport.plans.models import Plan

from . import render
from .content import Document
from .models import RenderedDocument

log = logging.getLogger(__name__)

# A claim older than this is judged abandoned (its renderer died) and may be taken over. A render
# takes about a second (the one-page profile up to four layouts).
CLAIM_SECONDS = 60
# How long a request waits for someone else's render of the same document before rendering it itself.
WAIT_SECONDS = 20
POLL_SECONDS = 0.2

LAYOUT_FILES = [
    render.HERE / "templates" / "documents" / "document.html",
    render.HERE / "templates" / "documents" / "block.html",
    render.STYLESHEET,
    render.HERE / "render.py",
    render.HERE / "content.py",
    render.HERE / "word.py",
]


def stored(plan: Plan) -> bool:
    """Whether this version's documents are kept: only an agreed one (a draft still changes)."""
    return plan.status != Plan.Status.DRAFT


@lru_cache(maxsize=1)
def layout_digest() -> str:
    """Our layout code: a deployment that changes how documents look renders them again."""
    digest = hashlib.sha256()
    for path in LAYOUT_FILES:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _plain(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"_": type(value).__name__} | {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def source_digest(document: Document, fmt: str) -> str:
    """What the file would be: everything the document says, its format and our layout code."""
    said = json.dumps({"format": fmt, "layout": layout_digest(), "document": _plain(document)}, sort_keys=True)
    return hashlib.sha256(said.encode("utf-8")).hexdigest()


@dataclass
class Delivery:
    """A document to send: the stored file (`handle`, to stream) or freshly rendered `data`."""

    filename: str
    data: bytes | None = None
    handle: IO[bytes] | None = None
    rendered: bool = False  # rendered in this call
    stored: bool = False  # rendered in this call and now stored


def build(plan: Plan, kind: str) -> Document:
    return render.BUILDERS[kind](plan)


def _open_stored(plan: Plan, kind: str, fmt: str, digest: str) -> Delivery | None:
    row = (
        RenderedDocument.objects.filter(plan=plan, kind=kind, format=fmt, source_digest=digest).exclude(file="").first()
    )
    if row is None:
        return None
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:  # lost from storage: render it again
        log.warning("Stored %s is missing from storage (%s); rendering it again", row, row.file.name)
        return None
    return Delivery(filename=row.filename, handle=handle)


CLAIMED, WAIT, READY = "claimed", "wait", "ready"


def _claim(plan: Plan, kind: str, fmt: str, digest: str, *, file_lost: bool = False) -> str:
    """One short transaction: take the render of this content, or learn that it is done or under way
    (`file_lost`: the row says it is done but its file could not be opened)."""
    now = timezone.now()
    with transaction.atomic():
        row, created = RenderedDocument.objects.select_for_update().get_or_create(
            plan=plan, kind=kind, format=fmt, defaults={"claimed_digest": digest, "claimed_at": now}
        )
        if created:
            return CLAIMED
        if row.source_digest == digest and row.file and not file_lost:
            return READY
        if row.claimed_digest == digest and row.claimed_at and row.claimed_at > now - timedelta(seconds=CLAIM_SECONDS):
            return WAIT
        row.claimed_digest, row.claimed_at = digest, now
        row.save(update_fields=["claimed_digest", "claimed_at"])
        return CLAIMED


def _release(plan: Plan, kind: str, fmt: str, digest: str) -> None:
    RenderedDocument.objects.filter(plan=plan, kind=kind, format=fmt, claimed_digest=digest).update(
        claimed_digest="", claimed_at=None
    )


def _wait_for(plan: Plan, kind: str, fmt: str, digest: str) -> Delivery | None:
    """Someone else renders this content: poll (no transaction, no lock) until their file is stored,
    their claim is dropped (their render failed), or WAIT_SECONDS pass."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        row = RenderedDocument.objects.filter(plan=plan, kind=kind, format=fmt).first()
        if row is None:
            return None
        if row.source_digest == digest and row.file:
            return _open_stored(plan, kind, fmt, digest)
        if row.claimed_digest != digest:
            return None
    return None


def _keep(plan: Plan, kind: str, fmt: str, digest: str, data: bytes, filename: str) -> None:
    """Save the file, then point the row at it in a short transaction; the file it replaces (an
    older content's) leaves storage once that commits."""
    row = RenderedDocument(plan=plan, kind=kind, format=fmt)
    name = row.file.storage.save(row.file.field.generate_filename(row, f"x.{fmt}"), ContentFile(data))
    storage = row.file.storage
    try:
        with transaction.atomic():
            row = RenderedDocument.objects.select_for_update().get(plan=plan, kind=kind, format=fmt)
            if row.source_digest == digest and row.file and storage.exists(row.file.name):
                # Someone who took over a stale claim stored it first: keep theirs.
                transaction.on_commit(lambda: storage.delete(name))
                return
            old = row.file.name
            row.file.name = name
            row.filename, row.source_digest = filename, digest
            row.checksum, row.size = hashlib.sha256(data).hexdigest(), len(data)
            row.rendered_at = timezone.now()
            if row.claimed_digest == digest:
                row.claimed_digest, row.claimed_at = "", None
            row.save()
            if old:
                transaction.on_commit(lambda: storage.delete(old))
    except Exception:
        storage.delete(name)
        raise


def obtain(plan: Plan, kind: str, fmt: str, *, background: bool = False) -> Delivery:
    """The document of an agreed version, from storage or rendered (and then stored) once.

    With `background` (the task), a render under way elsewhere is left to finish (the Delivery then
    has neither data nor a handle), and a failure to store raises, for the queue to retry."""
    document = build(plan, kind)
    filename = render.filename(document, fmt)
    digest = source_digest(document, fmt)
    delivery = _open_stored(plan, kind, fmt, digest)
    if delivery is not None:
        return delivery
    decision = _claim(plan, kind, fmt, digest)
    if decision == READY:
        delivery = _open_stored(plan, kind, fmt, digest)
        if delivery is not None:
            return delivery
        decision = _claim(plan, kind, fmt, digest, file_lost=True)
    if decision == WAIT:
        if background:
            return Delivery(filename=filename)
        delivery = _wait_for(plan, kind, fmt, digest)
        if delivery is not None:
            return delivery
        # Nothing appeared: render on demand; whoever holds the claim stores it.
        return Delivery(filename=filename, data=render.render_document(document, fmt), rendered=True)
    try:
        data = render.render_document(document, fmt)
    except Exception:
        _release(plan, kind, fmt, digest)
        raise
    try:
        _keep(plan, kind, fmt, digest, data, filename)
    except Exception:
        _release(plan, kind, fmt, digest)
        if background:
            raise
        # Storage or the database failed: the reader still gets the document, rendered on demand.
        log.exception("Could not store %s of plan %s as %s", kind, plan.pk, fmt)
        return Delivery(filename=filename, data=data, rendered=True)
    return Delivery(filename=filename, data=data, rendered=True, stored=True)


def deliver(plan: Plan, kind: str, fmt: str) -> Delivery:
    """What a download sends: a draft rendered on demand (it still changes), an agreed version
    through `obtain`."""
    if not stored(plan):
        data, filename = render.render(kind, plan, fmt)
        return Delivery(filename=filename, data=data, rendered=True)
    return obtain(plan, kind, fmt)
