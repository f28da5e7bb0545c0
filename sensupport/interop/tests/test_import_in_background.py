"""A large upload is confirmed into a task that imports it in chunks, shows its progress on the
batch's page (refreshing itself, no JavaScript) and emails the uploader when done (issue 14)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sensupport.audit.models import AuditEvent
from sensupport.core.factories import PupilFactory, make_upn
from sensupport.interop import tasks
from sensupport.interop.models import ImportBatch
from sensupport.interop.register_import import background
from sensupport.interop.tasks import apply_import_batch as APPLY
from sensupport.interop.tasks import send_import_finished
from sensupport.pupils.models import Pupil

from .ctf_builder import CtfPupil, ctf_bytes

pytestmark = pytest.mark.django_db
UPNS = [make_upn("202", "2002", "19", n) for n in range(1, 6)]


@pytest.fixture(autouse=True)
def small_thresholds(settings, monkeypatch):
    settings.IMPORT_BACKGROUND_OVER = 3  # five pupils is a large file here
    monkeypatch.setattr(background, "CHUNK", 2)


def uploaded(client) -> ImportBatch:
    pupils = [CtfPupil(upn=u, surname=f"Tiggy{n}", forename="Winkle") for n, u in enumerate(UPNS)]
    client.post("/import/", {"file": SimpleUploadedFile("big.xml", ctf_bytes(pupils))})
    batch = ImportBatch.objects.get()
    assert "Confirm and import" in client.get(reverse("interop:import_preview", args=[batch.pk])).content.decode()
    return batch


@pytest.fixture
def queued(monkeypatch):
    """The queue, held: tasks are recorded, not run, so a test can look at the batch mid-import."""
    calls = []
    monkeypatch.setattr(tasks, "apply_import_batch", SimpleNamespace(enqueue=lambda *args: calls.append(args)))
    return calls


def test_a_large_file_is_imported_in_chunks_and_the_uploader_is_emailed(
    senco, login, mailoutbox, django_capture_on_commit_callbacks
):
    client = login(senco)
    batch = uploaded(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("interop:import_confirm", args=[batch.pk]), follow=True)
    assert "being imported in the background" in response.content.decode()
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total, batch.created, batch.changed) == ("applied", 5, 5, 5, 0)
    assert (bytes(batch.content), batch.parsed) == (b"", "")
    assert sorted(Pupil.objects.values_list("upn", flat=True)) == sorted(UPNS)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT, via=AuditEvent.Via.IMPORT).count() == 5
    [mail] = mailoutbox
    assert mail.to == [senco.email] and "5 new pupils" in mail.body and "big.xml" in mail.subject
    assert not any(u in mail.body or u in mail.subject for u in UPNS) and "Tiggy" not in mail.body


def test_the_page_shows_progress_while_importing_and_the_result_after(
    senco, login, queued, django_capture_on_commit_callbacks
):
    client = login(senco)
    batch = uploaded(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("interop:import_confirm", args=[batch.pk]))
    assert queued == [(batch.pk, senco.pk, "import")]
    background.import_batch_chunk(batch_id=batch.pk, actor=senco, via="import")
    html = client.get(reverse("interop:import_preview", args=[batch.pk])).content.decode()
    assert 'http-equiv="refresh"' not in html  # no timed refresh: the reader checks when they choose
    assert "Check how far it has got" in html
    assert '<progress id="import-progress" class="sen-progress" max="5" value="2">' in html
    assert "2 of 5 pupils imported" in html and "Confirm and import" not in html
    assert background.import_batch_chunk(batch_id=batch.pk, actor=senco, via="import") is True
    assert background.import_batch_chunk(batch_id=batch.pk, actor=senco, via="import") is False
    html = client.get(reverse("interop:import_preview", args=[batch.pk])).content.decode()
    assert "<progress" not in html and "Check how far it has got" not in html
    assert "5 of 5 pupils imported: 5 new, 0 changed" in html


def test_the_task_is_safe_to_run_twice_and_resumes_where_a_lost_run_stopped(senco, login, queued):
    client = login(senco)
    batch = uploaded(client)
    client.post(reverse("interop:import_confirm", args=[batch.pk]))
    background.import_batch_chunk(batch_id=batch.pk, actor=senco, via="import")  # then the worker died
    assert send_import_finished.call(batch.pk) is False  # not finished: nothing to tell
    assert APPLY.call(batch.pk, senco.pk, "import") == 1  # pupils 3-4, then 5 finishes it
    assert APPLY.call(batch.pk, senco.pk, "import") == 0  # a second run finds it done
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.created) == ("applied", 5, 5)
    assert Pupil.objects.count() == 5
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).count() == 5


def test_a_small_file_is_still_imported_in_the_request(senco, login, settings, queued):
    settings.IMPORT_BACKGROUND_OVER = 5
    client = login(senco)
    batch = uploaded(client)
    client.post(reverse("interop:import_confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert queued == [] and batch.status == "applied" and Pupil.objects.count() == 5


def test_a_large_file_the_register_now_refuses_is_refused_not_queued(senco, login, queued, other_school):
    client = login(senco)
    batch = uploaded(client)
    PupilFactory(school=other_school, upn=UPNS[0])  # arrived elsewhere since the preview
    html = client.post(reverse("interop:import_confirm", args=[batch.pk])).content.decode()
    batch.refresh_from_db()
    assert queued == [] and batch.status == "rejected" and "already belongs to a pupil at another school" in html
    assert Pupil.objects.count() == 1


def test_a_run_reads_the_stored_file_once_not_once_per_chunk(senco, login, queued, monkeypatch):
    """Reading a 30,000-pupil file's stored form took seconds: a run of the task reads it once."""
    from sensupport.interop.register_import import batches, stored

    client = login(senco)
    batch = uploaded(client)
    client.post(reverse("interop:import_confirm", args=[batch.pk]))
    reads = []
    real = stored.parsed_from_text
    monkeypatch.setattr(batches.stored, "parsed_from_text", lambda *a, **k: reads.append(1) or real(*a, **k))
    assert APPLY.call(batch.pk, senco.pk, "import") == 2  # three chunks of two: two more after the first
    assert len(reads) == 1
    assert Pupil.objects.count() == 5
