"""Separated parents and pupil voice (docs/adr/0006): what the pupil said with one parent is never
overwritten, or read, by the other; each records their own; the school hears every one, labelled.

The mother and the father are two real sessions against a running server, each signed in with
their own emailed code."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.core.live_http import plain, signed_in
from sensupport.voice import services
from sensupport.voice.models import AboutMe, Walkthrough

pytestmark = pytest.mark.django_db(transaction=True)

MUMS_LUNCH = "Too loud, I can't eat"


def _start(visitor, pupil, with_whom):
    page = visitor.post(
        reverse("voice:walkthrough", args=[pupil.pk]),
        {"lessons_before_break": "Maths", "lessons_after_break": "", "lessons_after_lunch": "", "with_whom": with_whom},
    )
    assert page.status == 302, plain(page)[:500]
    return Walkthrough.objects.order_by("-pk").first()


def test_the_other_parent_cannot_read_or_overwrite_a_walkthrough_and_records_their_own(
    live_server, pupil, mother, father, senco
):
    mum, dad, school = signed_in(live_server, mother), signed_in(live_server, father), signed_in(live_server, senco)
    mums = _start(mum, pupil, "Mum")
    lunch = mums.parts.get(key="lunch")
    lunch_url = reverse("voice:walkthrough_part", args=[pupil.pk, mums.pk, lunch.order])
    assert mum.post(lunch_url, {"action": "save", "feeling": 1, "hard": MUMS_LUNCH, "easier": ""}).status == 302

    my_day = reverse("voice:walkthrough", args=[pupil.pk])
    assert reverse("voice:day_map", args=[pupil.pk, mums.pk]) not in dad.get(my_day).text
    assert dad.get(reverse("voice:day_map", args=[pupil.pk, mums.pk])).status == 404
    assert dad.get(lunch_url).status == 404
    overwrite = dad.post(lunch_url, {"action": "save", "feeling": 5, "hard": "It is fine", "easier": ""})
    assert overwrite.status == 404
    lunch.refresh_from_db()
    assert (lunch.feeling, lunch.what_makes_it_hard) == (1, MUMS_LUNCH)

    dads = _start(dad, pupil, "Dad")
    dads_lunch = reverse("voice:walkthrough_part", args=[pupil.pk, dads.pk, dads.parts.get(key="lunch").order])
    assert (
        dad.post(dads_lunch, {"action": "save", "feeling": 4, "hard": "", "easier": "Sitting with my friend"}).status
        == 302
    )
    lunch.refresh_from_db()
    assert (lunch.feeling, lunch.what_makes_it_hard) == (1, MUMS_LUNCH)
    assert dads.recorded_by == father and mums.recorded_by == mother

    staff_page = plain(school.get(reverse("voice:staff_voice", args=[pupil.pk])))
    assert "Recorded by Pam Parent, with Mum" in staff_page and "Recorded by Mark Father, with Dad" in staff_page
    assert MUMS_LUNCH in staff_page and "Sitting with my friend" in staff_page


def test_staff_can_read_a_parents_walkthrough_but_not_change_its_answers(live_server, pupil, mother, senco):
    mums = _start(signed_in(live_server, mother), pupil, "Mum")
    school = signed_in(live_server, senco)
    day_map = school.get(reverse("voice:day_map", args=[pupil.pk, mums.pk]))
    assert day_map.status == 200 and "Only they can change these answers" in plain(day_map)
    assert reverse("voice:walkthrough_part", args=[pupil.pk, mums.pk, 1]) not in day_map.text
    assert school.get(reverse("voice:walkthrough_part", args=[pupil.pk, mums.pk, 1])).status == 403


def test_about_me_given_with_one_parent_is_neither_shown_to_nor_replaced_by_the_other(
    live_server, pupil, mother, father, senco
):
    mum, dad, school = signed_in(live_server, mother), signed_in(live_server, father), signed_in(live_server, senco)
    about = reverse("voice:about_me", args=[pupil.pk])
    mum.post(
        about,
        {"good_at": "Drawing maps", "likes": "", "hard": "Weekends away from mum", "helps": "", "with_whom": "Mum"},
    )

    dads_page = plain(dad.get(about))
    assert "Weekends away from mum" not in dads_page and "Drawing maps" not in dads_page
    dad.post(about, {"good_at": "Football", "likes": "", "hard": "", "helps": "", "with_whom": "Dad"})
    assert AboutMe.objects.count() == 2
    assert "Weekends away from mum" in plain(mum.get(about))  # hers is still what she sees

    staff_page = plain(school.get(reverse("voice:staff_voice", args=[pupil.pk])))
    assert "Weekends away from mum" in staff_page and "Football" in staff_page
    assert "by Pam Parent, with Mum" in staff_page and "by Mark Father, with Dad" in staff_page
    assert AboutMe.objects.filter(seen_by_school_at__isnull=True).count() == 0


def test_the_service_refuses_answers_from_anyone_but_the_recorder(pupil, mother, father):
    walk = services.walkthrough_start(pupil=pupil, actor=mother)
    part = walk.parts.first()
    with pytest.raises(services.VoiceError) as refused:
        services.walkthrough_part_record(part=part, actor=father, feeling=5)
    assert "Only the person who went through this day with the pupil" in refused.value.message
    with pytest.raises(services.VoiceError):
        services.walkthrough_complete(walkthrough=walk, actor=father)
