"""The concern-to-SEN-Support flow: raise, gather evidence, talk to parents, decide."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.pupils import services
from sensupport.pupils.census import RankedNeed
from sensupport.pupils.models import Concern, SenStatusChange


@pytest.mark.django_db
def test_teacher_raises_a_concern_and_pupil_moves_to_monitoring(login, teacher, pupil):
    response = login(teacher).post(
        reverse("pupils:concern_raise", args=[pupil.pk]),
        {
            "noticed": "Puts her head down after two lines of writing",
            "where_when": "English, afternoons",
            "broad_area": "Cognition and learning",
        },
    )
    concern = Concern.objects.get(pupil=pupil)
    assert response.status_code == 302 and response["Location"].endswith(f"/concerns/{concern.pk}/")
    assert concern.raised_by == teacher and concern.is_open
    pupil.refresh_from_db()
    assert pupil.sen_status == "M"
    assert list(pupil.status_history.values_list("status", flat=True)) == ["M"]


@pytest.mark.django_db
def test_empty_concern_is_refused_with_a_message(login, teacher, pupil):
    response = login(teacher).post(reverse("pupils:concern_raise", args=[pupil.pk]), {"noticed": "  "})
    assert response.status_code == 200
    assert "Enter what you have noticed" in response.content.decode()
    assert not Concern.objects.exists()


@pytest.mark.django_db
def test_sen_support_refused_until_parents_have_been_spoken_to(login, senco, teacher, pupil):
    concern = services.concern_raise(pupil=pupil, actor=teacher, noticed="Anxious at transitions")
    client = login(senco)
    url = reverse("pupils:concern", args=[pupil.pk, concern.pk])
    decide = {
        "action": "decide",
        "decide-decision": "sen_support",
        "decide-notes": "Evidence over 6 weeks",
        "decide-primary_need": "SEMH",
    }
    response = client.post(url, decide)
    assert response.status_code == 200
    assert "conversation with the parents" in response.content.decode()
    pupil.refresh_from_db()
    assert pupil.sen_status == "M"

    client.post(url, {"action": "note", "note-kind": "evidence", "note-text": "Observed 3 lessons: avoids starting"})
    client.post(
        reverse("pupils:parent_conversation_new", args=[pupil.pk]),
        {
            "held_on": timezone.localdate().isoformat(),
            "method": "meeting",
            "purpose": "start_support",
            "parents_present": "Mum",
            "summary": "Agreed to start SEN Support",
            "parent_views": "Worried about mornings",
        },
    )
    response = client.post(url, decide)
    assert response.status_code == 302
    pupil.refresh_from_db()
    concern.refresh_from_db()
    assert pupil.sen_status == "K"
    assert concern.decision == "sen_support" and not concern.is_open
    assert [(n.need_type, n.rank) for n in pupil.needs.all()] == [("SEMH", 1)]
    assert list(pupil.status_history.values_list("status", flat=True)) == ["M", "K"]
    assert concern.notes.count() == 1 and concern.status == Concern.Status.CLOSED


@pytest.mark.django_db
def test_sen_support_needs_a_primary_need(senco, teacher, pupil):
    services.parent_conversation_record(
        pupil=pupil,
        actor=senco,
        held_on=timezone.localdate(),
        method="phone",
        purpose="start_support",
        parents_present="Dad",
        summary="ok",
    )
    concern = services.concern_raise(pupil=pupil, actor=teacher, noticed="x")
    with pytest.raises(services.RegisterError, match="primary need"):
        services.concern_decide(concern=concern, actor=senco, decision="sen_support", notes="because", needs=[])
    concern.refresh_from_db()
    assert concern.is_open


@pytest.mark.django_db
def test_no_further_action_returns_monitored_pupil_to_no_sen(senco, teacher, pupil):
    concern = services.concern_raise(pupil=pupil, actor=teacher, noticed="x")
    services.concern_decide(
        concern=concern, actor=senco, decision="no_further_action", notes="Settled after move of seat"
    )
    pupil.refresh_from_db()
    assert pupil.sen_status == "N"


@pytest.mark.django_db
def test_monitoring_continues_while_another_concern_is_open(senco, teacher, pupil):
    first = services.concern_raise(pupil=pupil, actor=teacher, noticed="x")
    services.concern_raise(pupil=pupil, actor=teacher, noticed="y")
    services.concern_decide(concern=first, actor=senco, decision="no_further_action", notes="n")
    pupil.refresh_from_db()
    assert pupil.sen_status == "M"


@pytest.mark.django_db
def test_removing_sen_support_needs_a_conversation_about_ending_it(senco, pupil):
    today = timezone.localdate()
    services.parent_conversation_record(
        pupil=pupil,
        actor=senco,
        held_on=today - dt.timedelta(days=10),
        method="phone",
        purpose="start_support",
        parents_present="Mum",
        summary="ok",
    )
    services.pupil_status_change(
        pupil=pupil, status="K", start_date=today - dt.timedelta(days=9), actor=senco, needs=[RankedNeed("SLCN", 1)]
    )
    pupil.refresh_from_db()
    with pytest.raises(services.RegisterError, match="ending SEN Support"):
        services.pupil_status_change(pupil=pupil, status="N", start_date=today, actor=senco)
    services.parent_conversation_record(
        pupil=pupil,
        actor=senco,
        held_on=today,
        method="meeting",
        purpose="end_support",
        parents_present="Mum",
        summary="Targets met",
    )
    services.pupil_status_change(pupil=pupil, status="N", start_date=today, actor=senco)
    pupil.refresh_from_db()
    assert pupil.sen_status == "N"
    # The need is ended, not deleted: its history stays.
    need = pupil.needs.get()
    assert need.end_date is None and need.rank is None  # kept as the school's own note, without census rank
    assert SenStatusChange.objects.filter(pupil=pupil).count() == 2


@pytest.mark.django_db
def test_stale_form_does_not_overwrite_a_colleagues_change(senco, head, pupil):
    """Two staff open the needs form; the second save is refused instead of silently winning."""
    services.parent_conversation_record(
        pupil=pupil,
        actor=senco,
        held_on=timezone.localdate(),
        method="phone",
        purpose="start_support",
        parents_present="Mum",
        summary="ok",
    )
    services.pupil_status_change(
        pupil=pupil, status="K", start_date=timezone.localdate(), actor=senco, needs=[RankedNeed("SLCN", 1)]
    )
    pupil.refresh_from_db()
    opened_version = pupil.version
    services.pupil_needs_set(
        pupil=pupil, needs=[RankedNeed("SLCN", 1), RankedNeed("ASD", 2)], actor=senco, expected_version=opened_version
    )
    with pytest.raises(services.StaleEdit, match="Someone else changed"):
        services.pupil_needs_set(
            pupil=pupil, needs=[RankedNeed("SPLD", 1)], actor=head, expected_version=opened_version
        )
    assert sorted(pupil.needs.filter(end_date__isnull=True).values_list("need_type", flat=True)) == ["ASD", "SLCN"]


@pytest.mark.django_db
def test_stale_needs_form_shows_the_conflict(login, senco, pupil):
    services.parent_conversation_record(
        pupil=pupil,
        actor=senco,
        held_on=timezone.localdate(),
        method="phone",
        purpose="start_support",
        parents_present="Mum",
        summary="ok",
    )
    services.pupil_status_change(
        pupil=pupil, status="K", start_date=timezone.localdate(), actor=senco, needs=[RankedNeed("SLCN", 1)]
    )
    pupil.refresh_from_db()
    response = login(senco).post(
        reverse("pupils:needs_edit", args=[pupil.pk]), {"primary_need": "ASD", "version": pupil.version - 1}
    )
    assert response.status_code == 200
    assert "Someone else changed" in response.content.decode()


@pytest.mark.django_db
def test_swapping_primary_and_secondary_need(senco, pupil):
    services.parent_conversation_record(
        pupil=pupil,
        actor=senco,
        held_on=timezone.localdate(),
        method="phone",
        purpose="start_support",
        parents_present="Mum",
        summary="ok",
    )
    services.pupil_status_change(
        pupil=pupil,
        status="K",
        start_date=timezone.localdate(),
        actor=senco,
        needs=[RankedNeed("SLCN", 1), RankedNeed("ASD", 2)],
    )
    services.pupil_needs_set(pupil=pupil, needs=[RankedNeed("ASD", 1), RankedNeed("SLCN", 2)], actor=senco)
    assert dict(pupil.needs.values_list("need_type", "rank")) == {"ASD": 1, "SLCN": 2}
    assert AuditEvent.objects.filter(pupil=pupil, target="needs").exists()
