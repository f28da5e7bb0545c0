"""The timetable app's world: Peter's week (Peter from core/testing/people.py)."""

from __future__ import annotations

import datetime as dt

import pytest


def lesson(pupil, weekday: int, start: str, end: str, subject: str, group: str = ""):
    from sensupport.timetable.models import Lesson

    return Lesson.objects.create(
        school_id=pupil.school_id,
        pupil=pupil,
        weekday=weekday,
        starts_at=dt.time.fromisoformat(start),
        ends_at=dt.time.fromisoformat(end),
        subject=subject,
        group_label=group,
    )


@pytest.fixture
def week(pupil):
    """Maths every morning 09:00-10:00 (300 minutes), English 10:15-11:15 Monday and Wednesday,
    History Tuesday afternoon."""
    lessons = [lesson(pupil, day, "09:00", "10:00", "Mathematics", "4M1") for day in range(5)]
    lessons += [lesson(pupil, day, "10:15", "11:15", "English", "4E") for day in (0, 2)]
    lessons.append(lesson(pupil, 1, "13:00", "14:00", "History", "4H"))
    return lessons
