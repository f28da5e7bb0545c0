"""Side effects are queued by the service, never the page: a family raising a concern tells the
SENCO through the task queue after commit, whichever way the concern came in."""

from __future__ import annotations

import pytest
from django.core import mail

from sensupport.audit.models import AuditEvent
from sensupport.pupils import services

pytestmark = pytest.mark.django_db


def test_a_concern_a_family_raises_tells_the_senco_after_commit(
    pupil, parent, senco, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.concern_raise(pupil=pupil, actor=parent, noticed="He cries before school", via=AuditEvent.Via.PORTAL)
    assert mail.outbox == []  # nothing before the commit
    for callback in queued:
        callback()
    to_senco = [m for m in mail.outbox if m.subject.startswith("A family has raised a concern")]
    assert [m.to for m in to_senco] == [[senco.email]]


def test_a_concern_staff_raise_does_not_tell_the_senco_a_family_raised_it(
    pupil, teacher, senco, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.concern_raise(pupil=pupil, actor=teacher, noticed="Struggles to start writing")
    assert not [m for m in mail.outbox if m.subject.startswith("A family has raised a concern")]
