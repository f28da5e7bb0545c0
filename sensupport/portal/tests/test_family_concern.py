"""A parent tells the school about a worry: it becomes a concern the SENCO triages, and the SENCO
is told (without the content) that there is one to look at."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from sensupport.pupils.models import Concern


@pytest.mark.django_db
def test_parent_raises_a_worry_that_becomes_a_concern(login, parent, senco, pupil, django_capture_on_commit_callbacks):
    senco.email = "senco@school.example"
    senco.save()
    client = login(parent)
    assert client.get(reverse("portal:raise_concern", args=[pupil.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:raise_concern", args=[pupil.pk]),
            {"noticed": "He says his tummy hurts every Monday morning."},
        )
    assert response.status_code == 302
    concern = Concern.objects.get(pupil=pupil)
    assert concern.raised_by == parent and concern.is_open
    pupil.refresh_from_db()
    assert pupil.sen_status == "M"
    assert [m.to for m in mail.outbox] == [["senco@school.example"]]
    assert "tummy" not in mail.outbox[0].body and pupil.surname not in mail.outbox[0].body
    # The SENCO triages it like any other concern.
    page = login(senco).get(reverse("pupils:concern", args=[pupil.pk, concern.pk])).content.decode()
    assert "tummy hurts" in page and parent.display_name in page


@pytest.mark.django_db
def test_worry_needs_words_and_stays_in_scope(login, parent, other_parent, pupil, senco):
    response = login(parent).post(reverse("portal:raise_concern", args=[pupil.pk]), {"noticed": ""})
    assert response.status_code == 200 and "Tell us what you have noticed" in response.content.decode()
    assert (
        login(other_parent).post(reverse("portal:raise_concern", args=[pupil.pk]), {"noticed": "x"}).status_code == 404
    )
    assert login(senco).get(reverse("portal:raise_concern", args=[pupil.pk])).status_code == 403
    assert not Concern.objects.exists()


@pytest.mark.django_db
def test_asking_for_consent_tells_the_family_without_the_details(
    parent, senco, pupil, django_capture_on_commit_callbacks
):
    from sensupport.family.consent import consent_request

    parent.email = "mum@home.example"
    parent.save()
    with django_capture_on_commit_callbacks(execute=True):
        consent_request(pupil=pupil, actor=senco, kind="referral", purpose="Referral to speech and language therapy")
    assert [m.to for m in mail.outbox] == [["mum@home.example"]]
    assert "speech" not in mail.outbox[0].body and "/consents/" in mail.outbox[0].body
