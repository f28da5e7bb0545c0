"""What a pupil says has a length limit and hidden NUL characters are refused, with a plain
message; nothing is saved and what was there before is kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.voice.models import AboutMe, Walkthrough

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["good_at", "likes", "hard", "helps"])
@pytest.mark.parametrize(
    "text, message",
    [
        ("x" * 2001, "Your answer must be 2,000 characters or less (it has 2001)"),
        ("Lego\x00", "Your answer must not contain a null character. Type it again instead of pasting it"),
    ],
)
def test_about_me_answers_are_checked(login, parent, pupil, field, text, message):
    response = login(parent).post(reverse("voice:about_me", args=[pupil.pk]), {field: text, "with_whom": "Mum"})
    assert response.status_code == 200 and message in response.content.decode()
    assert not AboutMe.objects.exists()


def test_who_helped_is_checked(login, parent, pupil):
    response = login(parent).post(
        reverse("voice:about_me", args=[pupil.pk]), {"good_at": "Lego", "with_whom": "M" * 121}
    )
    assert "Who helped must be 120 characters or less (it has 121)" in response.content.decode()


@pytest.mark.parametrize("text", ["Maths\n" * 400, "Maths\x00"])
def test_the_lessons_are_checked(login, parent, pupil, text):
    response = login(parent).post(
        reverse("voice:walkthrough", args=[pupil.pk]), {"lessons_before_break": text, "with_whom": "Mum"}
    )
    assert response.status_code == 200 and "The list of lessons " in response.content.decode()
    assert not Walkthrough.objects.exists()


@pytest.mark.parametrize("field", ["hard", "easier"])
@pytest.mark.parametrize("text", ["x" * 2001, "Noisy\x00"])
def test_a_part_of_the_day_is_checked_and_the_answer_before_is_kept(login, parent, pupil, walk, lunch, field, text):
    url = reverse("voice:walkthrough_part", args=[pupil.pk, walk.pk, lunch.order])
    response = login(parent).post(url, {"action": "save", "feeling": 5, field: text})
    assert response.status_code == 200 and "Your answer " in response.content.decode()
    lunch.refresh_from_db()
    assert lunch.feeling == 1 and lunch.what_makes_it_hard == "It is too noisy and I can't eat"
