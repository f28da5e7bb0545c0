"""Free text on the family and staff pages has a length limit and refuses hidden NUL characters,
with a message that says what to do; nothing is saved and nothing is a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.family import services
from sensupport.family.models import MeetingPrep, Message, MessageThread, PlanResponse

pytestmark = pytest.mark.django_db

TOO_LONG = "x" * 5001
NUL = "He finds lunch\x00 hard"


def _family_forms(plan):
    pupil = plan.pupil
    return [
        (reverse("family:prepare", args=[pupil.pk]), {"barriers_at_home": "{}"}, "Your answer", MeetingPrep),
        (reverse("family:prepare", args=[pupil.pk]), {"what_helps_at_home": "{}"}, "Your answer", MeetingPrep),
        (
            reverse("family:respond", args=[pupil.pk, plan.pk]),
            {"response": "disagree", "parts": "other", "reason": "{}"},
            "Your reason",
            PlanResponse,
        ),
        (
            reverse("family:messages", args=[pupil.pk]),
            {"subject": "Lunch", "body": "{}"},
            "Your message",
            MessageThread,
        ),
    ]


@pytest.mark.parametrize(
    "text, message",
    [
        (TOO_LONG, "must be 5,000 characters or less (it has 5001)"),
        (NUL, "must not contain a null character. Type it again instead of pasting it"),
    ],
)
def test_the_family_is_told_what_is_wrong_and_nothing_is_saved(agreed, parent, login, text, message):
    client = login(parent)
    for url, data, what, model in _family_forms(agreed):
        response = client.post(url, {k: (text if v == "{}" else v) for k, v in data.items()})
        assert response.status_code == 200, url
        assert f"{what} {message}" in response.content.decode(), url
        assert not model.objects.exists(), url


def test_a_subject_over_200_characters_is_refused_in_plain_words(pupil, parent, login):
    response = login(parent).post(reverse("family:messages", args=[pupil.pk]), {"subject": "s" * 201, "body": "Hello"})
    assert "The subject must be 200 characters or less (it has 201)" in response.content.decode()
    assert not MessageThread.objects.exists()


def test_own_questions_are_limited_too(pupil, parent, login):
    response = login(parent).post(reverse("family:prepare", args=[pupil.pk]), {"other_questions": "q" * 2001})
    assert "Your questions must be 2,000 characters or less (it has 2001)" in response.content.decode()


@pytest.mark.parametrize("text", [TOO_LONG, NUL])
def test_replies_from_either_side_are_checked(pupil, parent, senco, login, text):
    thread = services.message_thread_start(pupil=pupil, author=parent, subject="Lunch", body="Hello")
    for user, name in ((parent, "family:thread"), (senco, "family:staff_thread")):
        response = login(user).post(reverse(name, args=[pupil.pk, thread.pk]), {"body": text})
        assert response.status_code == 200 and "Your reply " in response.content.decode()
    assert Message.objects.count() == 1


def test_the_resolution_is_checked(agreed, parent, senco, login):
    record = services.plan_response_record(
        plan=agreed, parent=parent, response="disagree", parts=["other"], reason="Not enough"
    )
    response = login(senco).post(reverse("family:response", args=[agreed.pupil_id, record.pk]), {"resolution": NUL})
    assert (
        response.status_code == 200
        and "What was agreed or decided must not contain a null character" in response.content.decode()
    )
    record.refresh_from_db()
    assert record.status == PlanResponse.Status.OPEN
