"""Free text in the portal (a family's worry, the school's consent request) has a length limit and
refuses hidden NUL characters, with a plain message; nothing is saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.family.models import Consent
from sensupport.pupils.models import Concern

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "data, message",
    [
        ({"noticed": "x" * 3001}, "What you have noticed must be 3,000 characters or less (it has 3001)"),
        (
            {"noticed": "Tummy\x00 aches"},
            "What you have noticed must not contain a null character. Type it again instead of pasting it",
        ),
        (
            {"noticed": "Tummy aches", "where_when": "w" * 1501},
            "Your answer must be 1,500 characters or less (it has 1501)",
        ),
    ],
)
def test_a_worry_that_is_too_long_or_has_a_hidden_character_is_refused(pupil, parent, login, data, message):
    response = login(parent).post(reverse("portal:raise_concern", args=[pupil.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Concern.objects.exists()


def test_a_consent_request_purpose_over_300_characters_is_refused_in_plain_words(pupil, senco, login):
    response = login(senco).post(
        reverse("portal:staff_consents", args=[pupil.pk]), {"kind": "referral", "purpose": "p" * 301}
    )
    assert response.status_code == 200
    assert "What it is for must be 300 characters or less (it has 301)" in response.content.decode()
    assert not Consent.objects.exists()
