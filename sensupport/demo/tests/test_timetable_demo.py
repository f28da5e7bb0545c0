"""The demo's timetables: every Oakfield and Hillcrest pupil has a week, and Lily is the pupil who
would miss most of her science to a Monday and Wednesday withdrawal group."""

from __future__ import annotations

import datetime as dt

import pytest

from sensupport.demo import builder
from sensupport.pupils.models import Pupil
from sensupport.timetable import selectors
from sensupport.timetable.models import Lesson
from sensupport.timetable.rules import Concern, Slot

pytestmark = pytest.mark.django_db


def test_demo_timetables(settings):
    builder.demo_load(today=dt.date(2026, 11, 2))
    demo = Pupil.objects.filter(school__local_authority__code=builder.DEMO_LA_CODE)
    for urn in ("990101", "990102"):
        pupils = demo.filter(school__urn=urn)
        with_lessons = pupils.filter(lessons__isnull=False).distinct().count()
        assert with_lessons == pupils.count() > 0
    assert not Lesson.objects.filter(school__urn="990103").exists()  # Willow Bank: none yet

    lily = demo.get(forename="Lily", surname="Marsh")
    minutes = selectors.lesson_minutes_by_subject(pupil_ids=[lily.pk])[lily.pk]
    assert minutes["Science"] == 180 and minutes["Maths"] == 240 and minutes["English"] == 300
    group = [Slot(0, dt.time(11, 10), dt.time(12, 10)), Slot(2, dt.time(11, 10), dt.time(12, 10))]
    found = selectors.time_out_of_class(pupil_ids=[lily.pk], withdrawals={lily.pk: group})[lily.pk]
    assert found.missed == {"Science": 120}
    assert [(c.subject, c.reason) for c in found.concerns] == [("Science", Concern.REPEATED)]
