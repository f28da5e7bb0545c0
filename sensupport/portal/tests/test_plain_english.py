"""The pages families read are in plain English: Flesch reading ease of 60 or more (the level most
13 to 15 year olds read easily), measured on the visible text of each page's main content."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.core.readability import flesch_reading_ease, main_text

PLAIN_ENGLISH = 60


def _family_pages(pupil, plan):
    return {
        "my children": reverse("portal:home"),
        "child": reverse("portal:child", args=[pupil.pk]),
        "plan": reverse("portal:plan", args=[pupil.pk, plan.pk]),
        "consents": reverse("portal:consents", args=[pupil.pk]),
        "prepare": reverse("family:prepare", args=[pupil.pk]),
        "respond": reverse("family:respond", args=[pupil.pk, plan.pk]),
        "messages": reverse("family:messages", args=[pupil.pk]),
        "early review": reverse("reviews:early_review", args=[pupil.pk]),
        "about me": reverse("voice:about_me", args=[pupil.pk]),
        "my day": reverse("voice:walkthrough", args=[pupil.pk]),
        "tell the school about a worry": reverse("portal:raise_concern", args=[pupil.pk]),
        "code sign-in": reverse("accounts:code_request"),
    }


@pytest.mark.django_db
def test_family_pages_read_as_plain_english(login, parent, agreed):
    client = login(parent)
    scores = {}
    for name, url in _family_pages(agreed.pupil, agreed).items():
        response = client.get(url)
        assert response.status_code == 200, name
        scores[name] = round(flesch_reading_ease(main_text(response.content.decode())), 1)
    print("Flesch reading ease by page:", scores)
    hard = {name: score for name, score in scores.items() if score < PLAIN_ENGLISH}
    assert not hard, f"Pages below plain English ({PLAIN_ENGLISH}): {hard}"
