"""Two people download the same agreed plan's PDF for the first time at once: it is rendered once,
outside any transaction, and both get the same file (ADR 0010).

Real HTTP against live_server; on PostgreSQL both requests look for a stored copy, find none, and
go on together (see `race`); SQLite runs them one after the other."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.core.live_http import signed_in
from sensupport.documents import render, store
from sensupport.documents.models import RenderedDocument
from sensupport.plans.tests.live import ON_POSTGRES, race

from .test_stored_documents import Renders

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_first_downloads_at_once_render_once_and_get_the_same_file(agreed, live_server, senco, head, monkeypatch):
    renders = Renders(render.render_document)
    monkeypatch.setattr(render, "render_document", renders)
    sessions = [signed_in(live_server, senco), signed_in(live_server, head)]
    path = reverse("documents:plan", kwargs={"pupil_id": agreed.pupil_id, "plan_id": agreed.pk, "fmt": "pdf"})
    assert not RenderedDocument.objects.exists()  # agreeing in-process stores nothing
    waited = []
    wait_for = store._wait_for
    monkeypatch.setattr(store, "_wait_for", lambda *args: waited.append(args) or wait_for(*args))

    replies = race(*(lambda s=s: s.get(path) for s in sessions), gate_after=(store, "_open_stored"))

    assert [r.status for r in replies] == [200, 200], [r.text[:300] for r in replies]
    assert replies[0].body == replies[1].body and replies[0].body.startswith(b"%PDF")
    assert renders.calls == [("plan", "pdf")]
    assert renders.in_transaction == [False]  # rendering holds no transaction, so locks nobody out
    # On PostgreSQL the two really overlapped: the one that lost the claim waited for the other's file.
    assert len(waited) == (1 if ON_POSTGRES else 0)
    row = RenderedDocument.objects.get()
    assert row.file and not row.claimed_digest
    with row.file.open("rb") as f:
        assert f.read() == replies[0].body
