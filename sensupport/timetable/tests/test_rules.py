"""The pure rules of time out of class: minutes missed by subject, the flags, subject names, and
reading a file's days and times."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sensupport.timetable import rules
from sensupport.timetable.rules import Concern, Lesson, Slot


def t(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def minute_times(low=8 * 60, high=16 * 60):
    return st.integers(low, high).map(lambda m: dt.time(m // 60, m % 60))


@st.composite
def slots(draw):
    start = draw(st.integers(8 * 60, 15 * 60))
    length = draw(st.integers(5, 120))
    return Slot(
        draw(st.integers(0, 4)),
        dt.time(start // 60, start % 60),
        dt.time((start + length) // 60, (start + length) % 60),
    )


@st.composite
def weeks(draw):
    """A pupil's week without clashes: each day cut into back-to-back lessons."""
    lessons = []
    for day in range(5):
        minute = 9 * 60
        for _ in range(draw(st.integers(0, 6))):
            length = draw(st.sampled_from([30, 45, 50, 60]))
            subject = draw(st.sampled_from(["Maths", "MA", "English", "Science", "History", "PE", "Art"]))
            lessons.append(
                Lesson(
                    day,
                    dt.time(minute // 60, minute % 60),
                    dt.time((minute + length) // 60, (minute + length) % 60),
                    subject,
                )
            )
            minute += length + draw(st.sampled_from([0, 0, 15]))
    return lessons


@given(weeks(), st.lists(slots(), max_size=6))
def test_a_subject_never_loses_more_minutes_than_it_has(week, withdrawals):
    missed = rules.missed_by_subject(week, withdrawals)
    have = rules.minutes_by_subject(week)
    for subject, minutes in missed.items():
        assert 0 < minutes <= have[subject]


@given(weeks(), st.lists(slots(), max_size=6))
def test_all_missed_minutes_are_at_most_the_time_withdrawn(week, withdrawals):
    missed = sum(rules.missed_by_subject(week, withdrawals).values())
    withdrawn = sum(s.minutes for s in withdrawals)
    assert missed <= withdrawn


@given(weeks(), slots())
def test_being_withdrawn_twice_at_the_same_time_misses_no_more_than_once(week, slot):
    assert rules.missed_by_subject(week, [slot, slot]) == rules.missed_by_subject(week, [slot])


@given(weeks(), st.lists(slots(), max_size=6))
def test_the_order_of_withdrawals_does_not_matter(week, withdrawals):
    assert rules.missed_by_subject(week, withdrawals) == rules.missed_by_subject(week, list(reversed(withdrawals)))


@given(weeks())
def test_no_withdrawal_misses_nothing(week):
    assert rules.missed_by_subject(week, []) == {}


@given(weeks(), slots())
def test_withdrawal_over_a_whole_day_misses_that_days_lessons(week, slot):
    whole_day = Slot(slot.weekday, t("00:00"), t("23:59"))
    expected = rules.minutes_by_subject([lesson for lesson in week if lesson.weekday == slot.weekday])
    assert rules.missed_by_subject(week, [whole_day]) == expected


def test_a_withdrawal_across_two_lessons_splits_its_minutes():
    week = [Lesson(0, t("09:00"), t("10:00"), "Maths"), Lesson(0, t("10:00"), t("11:00"), "Science")]
    assert rules.missed_by_subject(week, [Slot(0, t("09:40"), t("10:20"))]) == {"Maths": 20, "Science": 20}


def test_a_withdrawal_on_another_day_misses_nothing():
    week = [Lesson(0, t("09:00"), t("10:00"), "Maths")]
    assert rules.missed_by_subject(week, [Slot(1, t("09:00"), t("10:00"))]) == {}


def test_break_time_withdrawal_misses_nothing():
    week = [Lesson(0, t("09:00"), t("10:30"), "Maths"), Lesson(0, t("10:45"), t("12:00"), "English")]
    assert rules.missed_by_subject(week, [Slot(0, t("10:30"), t("10:45"))]) == {}


@pytest.mark.parametrize(
    "raw, name",
    [
        ("Maths", "Maths"),
        ("Mathematics", "Maths"),
        ("MA", "Maths"),
        ("ma2", "Maths"),
        ("Numeracy", "Maths"),
        ("English Language", "English"),
        ("EN", "English"),
        ("Eng. Lit", "English"),
        ("Literacy", "English"),
        ("Combined Science", "Science"),
        ("Biology", "Science"),
        ("SC", "Science"),
        ("Media", "Media"),
        ("Social science", "Social science"),
        ("  Design   and technology ", "Design and technology"),
    ],
)
def test_core_subjects_get_one_name_and_others_keep_theirs(raw, name):
    assert rules.subject_name(raw) == name


def test_maths_written_three_ways_is_one_subject():
    week = [
        Lesson(0, t("09:00"), t("10:00"), "Maths"),
        Lesson(1, t("09:00"), t("10:00"), "Mathematics"),
        Lesson(2, t("09:00"), t("10:00"), "MA"),
    ]
    assert rules.minutes_by_subject(week) == {"Maths": 180}


def _flags(week, withdrawals, repeat=2, share=Decimal("0.20")):
    return rules.concerns(
        missed=rules.missed_by_subject(week, withdrawals),
        sessions=rules.sessions_by_subject(week, withdrawals),
        lesson_minutes=rules.minutes_by_subject(week),
        repeat_sessions=repeat,
        core_share=share,
    )


def test_the_same_subject_in_two_withdrawal_sessions_is_flagged():
    week = [Lesson(0, t("13:00"), t("14:00"), "History"), Lesson(2, t("13:00"), t("14:00"), "History")]
    found = _flags(week, [Slot(0, t("13:00"), t("13:20")), Slot(2, t("13:00"), t("13:20"))])
    assert [(c.subject, c.reason, c.sessions, c.minutes) for c in found] == [("History", Concern.REPEATED, 2, 40)]


def test_one_session_of_a_foundation_subject_is_not_flagged():
    week = [Lesson(0, t("13:00"), t("14:00"), "History")]
    assert _flags(week, [Slot(0, t("13:00"), t("14:00"))]) == []


def test_more_than_the_share_of_a_core_subject_is_flagged_and_the_share_itself_is_not():
    week = [Lesson(day, t("09:00"), t("10:00"), "Maths") for day in range(5)]  # 300 minutes
    at_share = _flags(week, [Slot(0, t("09:00"), t("10:00"))])  # 60 of 300 = 20%: not more than
    assert at_share == []
    over = _flags(week, [Slot(0, t("09:00"), t("10:05"))], share=Decimal("0.19"))
    assert [(c.subject, c.reason) for c in over] == [("Maths", Concern.SHARE)]
    assert over[0].share == Decimal(60) / Decimal(300)


def test_the_repeat_setting_is_honoured():
    week = [Lesson(0, t("13:00"), t("14:00"), "Art"), Lesson(2, t("13:00"), t("14:00"), "Art")]
    withdrawals = [Slot(0, t("13:00"), t("13:20")), Slot(2, t("13:00"), t("13:20"))]
    assert _flags(week, withdrawals, repeat=3) == []


@given(weeks(), st.lists(slots(), max_size=6))
def test_a_flag_names_a_missed_subject_once(week, withdrawals):
    found = _flags(week, withdrawals)
    missed = rules.missed_by_subject(week, withdrawals)
    assert len({c.subject for c in found}) == len(found)
    assert all(c.subject in missed and c.minutes == missed[c.subject] for c in found)


def test_missed_text_lists_most_minutes_first():
    assert rules.missed_text({"Science": 20, "Maths": 40, "Art": 20}) == "Maths 40; Art 20; Science 20"
    assert rules.missed_text({}) == ""


@pytest.mark.parametrize(
    "raw, day",
    [("Monday", 0), ("mon", 0), ("Tue", 1), ("Tues", 1), ("weds", 2), ("THURS", 3), ("Fri.", 4), ("1", 0), ("5", 4)],
)
def test_days_as_mis_exports_write_them(raw, day):
    assert rules.day_parse(raw) == day


@pytest.mark.parametrize("raw", ["", "Mo", "Funday", "8", "0", "Monday A"])
def test_what_is_not_a_day(raw):
    assert rules.day_parse(raw) is None


@pytest.mark.parametrize(
    "raw, time",
    [
        ("09:15", "09:15"),
        ("9:15", "09:15"),
        ("9.15", "09:15"),
        ("0915", "09:15"),
        ("13:40:00", "13:40"),
        ("0.375", "09:00"),
    ],
)
def test_times_as_mis_exports_write_them(raw, time):
    assert rules.time_parse(raw) == t(time)


@pytest.mark.parametrize("raw", ["", "25:00", "9:75", "nine", "9", "1.5"])
def test_what_is_not_a_time(raw):
    assert rules.time_parse(raw) is None


@given(st.lists(slots(), max_size=8))
def test_overlapping_finds_exactly_the_pairs_that_share_minutes(items):
    lessons = [Lesson(s.weekday, s.start, s.end, "X") for s in items]
    found = set(rules.overlapping(lessons))
    expected = {
        (i, j)
        for i in range(len(lessons))
        for j in range(i + 1, len(lessons))
        if lessons[i].weekday == lessons[j].weekday
        and lessons[i].start < lessons[j].end
        and lessons[j].start < lessons[i].end
    }
    assert found == expected
