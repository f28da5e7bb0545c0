"""The reads the provision map and its export call for a whole school: minutes missed by subject,
lesson minutes by subject and the flags, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sensupport.core.factories import PupilFactory
from sensupport.timetable import selectors
from sensupport.timetable.rules import Concern, Slot

from .conftest import lesson

pytestmark = pytest.mark.django_db


def t(text):
    return dt.time.fromisoformat(text)


def test_missed_by_subject_for_a_pupil_withdrawn_from_maths(pupil, week, sibling):
    withdrawals = {pupil.pk: [Slot(0, t("09:00"), t("09:30")), Slot(2, t("09:45"), t("10:30"))]}
    found = selectors.missed_by_subject(pupil_ids=[pupil.pk, sibling.pk], withdrawals=withdrawals)
    # Monday 30 of maths; Wednesday 15 of maths, then break, then 15 of English
    assert found == {pupil.pk: {"Maths": 45, "English": 15}, sibling.pk: {}}


def test_lesson_minutes_by_subject(pupil, week, sibling):
    assert selectors.lesson_minutes_by_subject(pupil_ids=[pupil.pk, sibling.pk]) == {
        pupil.pk: {"Maths": 300, "English": 120, "History": 60},
        sibling.pk: {},
    }


def test_lessons_at_a_school_the_pupil_has_left_are_not_their_week(pupil, week, other_school):
    pupil.school = other_school
    pupil.save()
    assert selectors.lesson_minutes_by_subject(pupil_ids=[pupil.pk]) == {pupil.pk: {}}


def test_flags_use_the_settings(pupil, week, settings):
    withdrawals = {pupil.pk: [Slot(day, t("09:00"), t("09:20")) for day in range(4)]}  # 80 of 300 maths
    settings.TIMETABLE_REPEAT_SESSIONS = 5
    settings.TIMETABLE_CORE_SHARE = "0.30"
    assert selectors.time_out_of_class(pupil_ids=[pupil.pk], withdrawals=withdrawals)[pupil.pk].concerns == []
    settings.TIMETABLE_CORE_SHARE = "0.20"
    found = selectors.time_out_of_class(pupil_ids=[pupil.pk], withdrawals=withdrawals)[pupil.pk]
    assert [(c.subject, c.reason, c.minutes) for c in found.concerns] == [("Maths", Concern.SHARE, 80)]
    assert found.concerns[0].share == Decimal(80) / Decimal(300)
    settings.TIMETABLE_REPEAT_SESSIONS = 2
    found = selectors.time_out_of_class(pupil_ids=[pupil.pk], withdrawals=withdrawals)[pupil.pk]
    assert [(c.reason, c.sessions) for c in found.concerns] == [(Concern.REPEATED, 4)]
    assert found.missed_text == "Maths 80"


def test_one_query_however_many_pupils(school):
    pupils = [PupilFactory(school=school) for _ in range(30)]
    for p in pupils:
        for day in range(5):
            lesson(p, day, "09:00", "10:00", "Maths")
            lesson(p, day, "10:00", "11:00", "English")
    withdrawals = {p.pk: [Slot(0, t("09:00"), t("09:30"))] for p in pupils}
    for read in (
        lambda ids: selectors.missed_by_subject(pupil_ids=ids, withdrawals=withdrawals),
        lambda ids: selectors.lesson_minutes_by_subject(pupil_ids=ids),
        lambda ids: selectors.time_out_of_class(pupil_ids=ids, withdrawals=withdrawals),
    ):
        with CaptureQueriesContext(connection) as few:
            read([p.pk for p in pupils[:2]])
        with CaptureQueriesContext(connection) as many:
            found = read([p.pk for p in pupils])
        assert len(few) == len(many) == 1
        assert len(found) == 30
    assert selectors.missed_by_subject(pupil_ids=[pupils[0].pk], withdrawals=withdrawals) == {
        pupils[0].pk: {"Maths": 30}
    }


def test_no_pupils_no_query():
    with CaptureQueriesContext(connection) as queries:
        assert selectors.missed_by_subject(pupil_ids=[], withdrawals={}) == {}
    assert len(queries) == 0
