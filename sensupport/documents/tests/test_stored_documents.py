"""An agreed version's documents are rendered once and stored; later downloads stream the stored
file, with the same access checks and audit row; a draft renders on every download (ADR 0010).

`renders` counts calls to the real renderer (it still renders), so a test can say "served without
rendering" about what a user actually runs."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sensupport.audit.models import AuditEvent
from sensupport.documents import render, store, tasks
from sensupport.documents.models import RenderedDocument
from sensupport.jobs.testing import run_worker_once
from sensupport.plans import services as plans
from sensupport.plans.models import Plan
from sensupport.pupils.models import Pupil

from .helpers import pdf_text


def url(name: str, plan, fmt: str = "pdf") -> str:
    return reverse(f"documents:{name}", kwargs={"pupil_id": plan.pupil_id, "plan_id": plan.pk, "fmt": fmt})


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


class Renders:
    """Wraps the renderer: every call is counted (with whether a transaction was open) and passed on."""

    def __init__(self, real):
        self.real, self.calls, self.in_transaction = real, [], []
        self.lock = threading.Lock()

    def __call__(self, document, fmt):
        with self.lock:
            self.calls.append((document.kind, fmt))
            self.in_transaction.append(connection.in_atomic_block)
        return self.real(document, fmt)

    @property
    def count(self) -> int:
        return len(self.calls)


@pytest.fixture
def renders(monkeypatch):
    counter = Renders(render.render_document)
    monkeypatch.setattr(render, "render_document", counter)
    return counter


@pytest.mark.django_db
def test_the_task_stores_the_plan_and_profile_of_an_agreed_version(agreed, renders):
    assert tasks.render_agreed_plan_documents.call(agreed.pk) == 4
    rows = RenderedDocument.objects.filter(plan=agreed)
    assert sorted((r.kind, r.format) for r in rows) == sorted(tasks.ON_AGREEMENT)
    for row in rows:
        with row.file.open("rb") as f:
            data = f.read()
        assert row.size == len(data) and row.checksum == store.hashlib.sha256(data).hexdigest()
        assert row.rendered_at and not row.claimed_digest
        # Stored under a random name, by pupil id, never the child's name; not servable: no MEDIA_URL route.
        assert re.fullmatch(rf"rendered-documents/{agreed.pupil_id}/[0-9a-f]{{32}}\.{row.format}", row.file.name)
    assert "Peter" in pdf_text(rows.get(kind="plan", format="pdf").file.read())
    # Safe to run again (ADR 0008): nothing is rendered twice.
    assert tasks.render_agreed_plan_documents.call(agreed.pk) == 0
    assert renders.count == 4


@pytest.mark.django_db
def test_the_task_leaves_a_draft_alone(draft, renders):
    assert tasks.render_agreed_plan_documents.call(draft.pk) == 0
    assert renders.count == 0 and not RenderedDocument.objects.exists()


@pytest.mark.django_db
def test_agreeing_queues_the_task_once_committed_on_the_database_queue(
    draft, senco, settings, django_capture_on_commit_callbacks, renders
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        plans.plan_agree(plan=draft, actor=senco, agreed_on=timezone.localdate(), how="meeting", agreed_with="Mum")
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "sensupport.documents.tasks.render_agreed_plan_documents"
    assert queued.args_kwargs["args"] == [draft.pk]
    assert renders.count == 0  # on the worker, not in the request


@pytest.mark.django_db
def test_agreeing_renders_nothing_in_process(draft, senco, django_capture_on_commit_callbacks, renders):
    """With the in-process backend the documents are stored on first request, not in the agreeing one."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        plans.plan_agree(plan=draft, actor=senco, agreed_on=timezone.localdate(), how="meeting", agreed_with="Mum")
    assert len(callbacks) == 1  # the queueing call ran
    assert renders.count == 0 and not RenderedDocument.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_first_download_stores_and_the_second_streams_it_without_rendering(agreed, senco, login, renders, fmt):
    client = login(senco)
    first = client.get(url("plan", agreed, fmt))
    assert first.status_code == 200 and renders.count == 1
    second = client.get(url("plan", agreed, fmt))
    assert second.status_code == 200 and second.streaming
    assert renders.count == 1
    assert body(second) == first.content
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert second["Content-Type"] == first["Content-Type"] and "no-store" in second["Cache-Control"]
    assert AuditEvent.objects.filter(action="export", actor=senco, target_id=str(agreed.pk)).count() == 2


@pytest.mark.django_db
def test_a_stored_copy_goes_to_the_parent_and_staff_in_scope_and_to_nobody_else(
    agreed, parent, senco, teacher, other_parent, other_school_senco, professional, login, renders
):
    tasks.render_agreed_plan_documents.call(agreed.pk)
    stored = RenderedDocument.objects.get(plan=agreed, kind="plan", format="pdf").file.read()
    renders.calls.clear()
    for user in (parent, senco, teacher):
        response = login(user).get(url("plan", agreed))
        assert response.status_code == 200 and response.streaming and body(response) == stored
        assert AuditEvent.objects.filter(action="export", actor=user, pupil=agreed.pupil).count() == 1
    assert login(parent).get(url("profile", agreed, "docx")).status_code == 200
    for user in (other_parent, other_school_senco, professional):
        assert login(user).get(url("plan", agreed)).status_code == 404
        assert login(user).get(url("profile", agreed, "docx")).status_code == 404
        assert not AuditEvent.objects.filter(action="export", actor=user).exists()
    assert renders.count == 0


@pytest.mark.django_db
def test_a_draft_renders_on_every_download_and_is_never_stored(draft, senco, login, renders):
    client = login(senco)
    assert client.get(url("plan", draft)).status_code == 200
    assert client.get(url("plan", draft)).status_code == 200
    assert renders.count == 2 and not RenderedDocument.objects.exists()


@pytest.mark.django_db
def test_a_changed_document_is_rendered_again_and_the_old_file_replaced(agreed, senco, login, renders):
    client = login(senco)
    client.get(url("plan", agreed))
    old = RenderedDocument.objects.get(plan=agreed).file.name
    # The pupil's name is read live (ADR 0009 freezes the plan, not the pupil): the copy must follow.
    Pupil.objects.filter(pk=agreed.pupil_id).update(preferred_forename="Pete")
    response = client.get(url("plan", agreed))
    assert renders.count == 2 and "Pete" in pdf_text(response.content)
    row = RenderedDocument.objects.get(plan=agreed)
    assert row.file.name != old
    # And the status line: once a later version is agreed, this one says "Superseded".
    client.get(url("plan", agreed))
    assert renders.count == 2
    Plan.objects.filter(pk=agreed.pk).update(status=Plan.Status.SUPERSEDED)
    assert "Superseded" in pdf_text(client.get(url("plan", agreed)).content)
    assert renders.count == 3


@pytest.mark.django_db
def test_a_stored_file_lost_from_storage_is_rendered_again(agreed, senco, login, renders):
    tasks.render_agreed_plan_documents.call(agreed.pk)
    row = RenderedDocument.objects.get(plan=agreed, kind="plan", format="pdf")
    default_storage.delete(row.file.name)
    response = login(senco).get(url("plan", agreed))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    row.refresh_from_db()
    assert default_storage.exists(row.file.name) and renders.count == 5


@pytest.mark.django_db
def test_a_failed_render_releases_its_claim_and_the_next_download_renders(agreed, senco, login, monkeypatch, renders):
    def broken(document, fmt):
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setattr(render, "render_document", broken)
    client = login(senco)
    with pytest.raises(RuntimeError):
        client.get(url("plan", agreed))
    assert RenderedDocument.objects.get(plan=agreed).claimed_digest == ""  # nobody waits for it
    assert not AuditEvent.objects.filter(action="export").exists()
    monkeypatch.setattr(render, "render_document", renders)
    assert client.get(url("plan", agreed)).status_code == 200
    assert renders.count == 1 and RenderedDocument.objects.get(plan=agreed).file


@pytest.mark.django_db
def test_when_storage_fails_the_download_is_rendered_on_demand_and_the_task_raises(
    agreed, senco, login, monkeypatch, renders
):
    def full(self, name, content):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", full)
    response = login(senco).get(url("plan", agreed))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert not RenderedDocument.objects.get(plan=agreed).file
    # The task raises the OSError, which the queue retries with back-off (ADR 0008).
    with pytest.raises(OSError):
        tasks.render_agreed_plan_documents.call(agreed.pk)
    assert RenderedDocument.objects.exclude(claimed_digest="").count() == 0


@pytest.mark.django_db
def test_a_render_under_way_elsewhere_is_waited_for_not_repeated(agreed, senco, login, monkeypatch, renders):
    """Someone else holds the claim: this request waits and streams their file once it is stored."""
    document = store.build(agreed, "plan")
    digest = store.source_digest(document, "pdf")
    assert store._claim(agreed, "plan", "pdf", digest) == store.CLAIMED
    data = render.render_document.real(document, "pdf")
    polls = []

    def sleep(seconds):
        polls.append(seconds)
        if len(polls) == 2:  # the other renderer finishes while we wait
            store._keep(agreed, "plan", "pdf", digest, data, render.filename(document, "pdf"))

    monkeypatch.setattr(store.time, "sleep", sleep)
    response = login(senco).get(url("plan", agreed))
    assert response.status_code == 200 and response.streaming and body(response) == data
    assert renders.count == 0 and len(polls) == 2


# --- on the database queue, with a real worker (ADR 0008) -----------------------------------------

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _agree(draft, senco):
    return plans.plan_agree(plan=draft, actor=senco, agreed_on=timezone.localdate(), how="meeting", agreed_with="Mum")


@pytest.mark.django_db(transaction=True)
def test_a_worker_stores_the_documents_of_a_plan_just_agreed(draft, senco, settings, renders):
    settings.TASKS = DB_QUEUE
    _agree(draft, senco)
    assert renders.count == 0 and DBTaskResult.objects.get().status == "READY"

    run_worker_once()

    assert DBTaskResult.objects.get().status == "SUCCESSFUL" and DBTaskResult.objects.get().return_value == 4
    assert RenderedDocument.objects.filter(plan=draft).exclude(file="").count() == 4
    assert renders.in_transaction == [False] * 4


@pytest.mark.django_db(transaction=True)
def test_a_worker_that_cannot_store_queues_the_task_again(draft, senco, settings, monkeypatch, renders):
    def full(self, name, content):
        raise OSError(28, "No space left on device")

    settings.TASKS = DB_QUEUE
    settings.TASKS_RETRY_DELAY_SECONDS = 30
    monkeypatch.setattr(FileSystemStorage, "_save", full)
    _agree(draft, senco)
    started = timezone.now()

    run_worker_once()

    row = DBTaskResult.objects.get()
    assert row.status == "READY" and row.exception_class_path == "builtins.OSError"
    assert row.run_after >= started + dt.timedelta(seconds=30)
    assert not RenderedDocument.objects.exclude(file="").exists()
    assert not RenderedDocument.objects.exclude(claimed_digest="").exists()  # nobody waits for it
