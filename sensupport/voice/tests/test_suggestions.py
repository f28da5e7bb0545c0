"""Pure rules: which parts of the day become which strategy-bank barriers."""

from __future__ import annotations

import pytest

from sensupport.plans.bank import shipped_bank
from sensupport.voice import suggestions as s
from sensupport.voice.suggestions import DayPart


def keys(part: DayPart) -> list[str]:
    return [x.bank_key for x in s.suggestions_for_part(part)]


@pytest.mark.parametrize(
    ("part", "first_key"),
    [
        (DayPart("lunch", "Lunch", s.HARD), "dining-room-eating"),
        (DayPart("lunch", "Lunch", s.VERY_HARD), "dining-room-eating"),
        (DayPart("lunch", "Lunch", s.HARD, "It's so noisy in the hall"), "dining-room-noise"),
        (DayPart("moving", "Moving between rooms", s.HARD), "busy-corridors"),
        (DayPart("arrival", "Arriving at school", s.HARD), "anxiety-transitions"),
        (DayPart("arrival", "Arriving at school", s.VERY_HARD, "Saying goodbye to Mum"), "school-attendance-anxiety"),
        (DayPart("lesson", "PE", s.HARD), "gross-motor"),
        (DayPart("lesson", "P.E.", s.HARD), "gross-motor"),
        (DayPart("lesson", "English", s.HARD, "There is too much writing"), "recording-work"),
        (DayPart("lesson", "Science", s.HARD, "the class is really loud"), "noisy-classroom"),
        (DayPart("lesson", "Maths", s.HARD, "I get so tired"), "fatigue"),
        (DayPart("home_time", "Home time", s.HARD, "I am exhausted by then"), "fatigue"),
        (DayPart("break", "Morning break", s.HARD, "Nobody plays with me"), "unstructured-times"),
        (DayPart("lesson", "History", s.HARD, "My jumper is itchy"), "uniform-sensory"),
        (DayPart("lesson", "Music", s.HARD), "anxiety"),  # nothing specific: never dropped
    ],
)
def test_hard_parts_become_bank_barriers(part, first_key):
    assert keys(part)[0] == first_key


@pytest.mark.parametrize("feeling", [s.OK, s.GOOD, s.GREAT, None])
def test_parts_that_are_not_hard_suggest_nothing(feeling):
    assert s.suggestions_for_part(DayPart("lunch", "Lunch", feeling, "noisy and tiring")) == []


def test_lunch_that_is_noisy_suggests_noise_and_the_dining_room():
    assert keys(DayPart("lunch", "Lunch", s.VERY_HARD, "Too loud")) == ["dining-room-noise", "dining-room-eating"]


def test_moving_suggests_corridors_and_transitions():
    assert keys(DayPart("moving", "Moving between rooms", s.HARD)) == ["busy-corridors", "anxiety-transitions"]


def test_pe_and_getting_changed_is_one_barrier_not_two():
    assert keys(DayPart("lesson", "PE", s.HARD, "Getting changed")) == ["gross-motor"]


def test_a_lesson_named_for_writing_suggests_recording():
    assert "recording-work" in keys(DayPart("lesson", "Handwriting", s.HARD))


def test_no_more_than_three_barriers_a_part():
    part = DayPart("lunch", "Lunch", s.VERY_HARD, "noisy, tired, crowded, itchy, worried, my tummy hurts")
    assert len(keys(part)) == s.MAX_BARRIERS_PER_PART


def test_every_suggestion_has_one_to_three_no_cost_strategies():
    for key in {
        *[k for ks in s.PART_BARRIERS.values() for k in ks],
        s.FALLBACK_BARRIER,
        *[v for _, by_part, _ in s.KEYWORD_RULES for v in by_part.values()],
    }:
        strategies = s.no_cost_strategies(shipped_bank()[key])
        assert 1 <= len(strategies) <= 3, key
        assert all(st.cost == "none" for st in strategies)


def test_every_rule_names_a_real_bank_barrier():
    bank = shipped_bank()
    named = [k for ks in s.PART_BARRIERS.values() for k in ks] + [s.FALLBACK_BARRIER]
    named += [v for _, by_part, _ in s.KEYWORD_RULES for v in by_part.values()]
    named += [k for _, ks, _ in s.LESSON_NAME_RULES for k in ks]
    assert sorted(set(named) - set(bank)) == []


def test_where_when_is_the_part_and_the_pupils_words():
    (first, *_) = s.suggestions_for_part(DayPart("lunch", "Lunch", s.HARD, "The  hall is\nnoisy"))
    assert first.where_when == "Lunch: The hall is noisy"
    (plain, *_) = s.suggestions_for_part(DayPart("lunch", "Lunch", s.HARD))
    assert plain.where_when == "Lunch"


def test_the_day_lists_the_hardest_parts_first():
    day = [
        DayPart("arrival", "Arriving at school", s.HARD),
        DayPart("lunch", "Lunch", s.VERY_HARD),
        DayPart("break", "Morning break", s.GREAT),
    ]
    assert [x.part.label for x in s.suggestions_for_day(day)][:2] == ["Lunch", "Arriving at school"]


def test_free_text_with_no_keyword_falls_back_to_the_bank_word_match():
    part = DayPart("lesson", "Science", s.HARD, "vocabulary")
    assert keys(part)[0] == "vocabulary"


# ---- The day map lists a suggestion once, with every part of the day it came from


@pytest.fixture
def tired_day(pupil, parent):
    from sensupport.voice import services

    walk = services.walkthrough_start(
        pupil=pupil,
        actor=parent,
        with_whom="Mum",
        lessons_before_break=["Maths"],
        lessons_after_break=["English"],
        lessons_after_lunch=["Science"],
    )
    for part in walk.parts.all():
        feeling, hard = {"Maths": (2, "I am tired"), "Science": (1, "So tired after lunch")}.get(part.label, (4, ""))
        services.walkthrough_part_record(part=part, actor=parent, feeling=feeling, hard=hard, easier="")
    services.walkthrough_complete(walkthrough=walk, actor=parent)
    return walk


@pytest.mark.django_db
def test_a_barrier_suggested_by_several_parts_of_the_day_is_listed_once(tired_day):
    from sensupport.voice.selectors import day_map

    rows = [r for r in day_map(tired_day).suggestions if r.suggestion.bank_key == "fatigue"]
    assert len(rows) == 1
    assert rows[0].part_labels == ["Science", "Maths"]  # hardest first
    assert rows[0].words == [("Science", "So tired after lunch"), ("Maths", "I am tired")]
    keys = [r.suggestion.bank_key for r in day_map(tired_day).suggestions]
    assert len(keys) == len(set(keys))


@pytest.mark.django_db
def test_the_day_map_page_shows_a_repeated_suggestion_once_with_its_parts(login, parent, pupil, tired_day):
    from django.urls import reverse

    from sensupport.plans.bank import shipped_bank

    html = login(parent).get(reverse("voice:day_map", args=[pupil.pk, tired_day.pk])).content.decode()
    assert html.count(f">{shipped_bank()['fatigue'].name}<") == 1
    assert "Parts of the day: Science, Maths." in html
    assert "“So tired after lunch”" in html and "“I am tired”" in html


@pytest.mark.django_db
def test_staff_accept_a_repeated_suggestion_once_and_it_shows_as_accepted(login, senco, pupil, tired_day):
    from django.urls import reverse

    from sensupport.voice.selectors import day_map

    row = next(r for r in day_map(tired_day).suggestions if r.suggestion.bank_key == "fatigue")
    client = login(senco)
    client.post(reverse("voice:suggestion_accept", args=[pupil.pk, tired_day.pk, row.part.pk]), {"bank_key": "fatigue"})
    assert pupil.barriers.filter(bank_key="fatigue").count() == 1
    row = next(r for r in day_map(tired_day).suggestions if r.suggestion.bank_key == "fatigue")
    assert row.accepted
    html = client.get(reverse("voice:staff_voice", args=[pupil.pk])).content.decode()
    assert html.count('value="fatigue"') == 0  # no second accept button from the other part


def test_a_reason_is_given_to_the_pupil_as_you_and_to_others_as_they():
    part = DayPart(key="lunch", label="Lunch", feeling=1, hard="It is too noisy")
    first = s.suggestions_for_part(part)[0]
    assert first.reason == "Lunch feels very hard, and they talk about noise"
    assert first.reason_to_pupil == "Lunch feels very hard, and you talk about noise"


def test_a_pupil_is_shown_only_strategies_that_do_not_talk_about_them():
    for barrier in shipped_bank().values():
        for strategy in s.strategies_said_to_pupil(barrier):
            assert not s.ABOUT_THE_PUPIL.search(strategy.title), strategy.title
    titles = [x.title for b in shipped_bank().values() for x in s.strategies_said_to_pupil(b, limit=99)]
    assert "Seat them where they see best" not in titles and "Believe the pupil and their parents" not in titles
