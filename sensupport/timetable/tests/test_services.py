"""The one writer of timetables refuses what cannot be a pupil's week, and audits each pupil."""

from __future__ import annotations

import datetime as dt

import pytest

from sensupport.audit.models import AuditEvent
from sensupport.timetable.models import Lesson
from sensupport.timetable.services import NewLesson, TimetableError, timetable_replace

pytestmark = pytest.mark.django_db


def new(weekday, start, end, subject="Maths"):
    return NewLesson(weekday, dt.time.fromisoformat(start), dt.time.fromisoformat(end), subject)


def test_a_teacher_cannot_replace_a_timetable(school, teacher, pupil):
    with pytest.raises(TimetableError, match="cannot import timetables"):
        timetable_replace(actor=teacher, school=school, lessons={pupil: [new(0, "09:00", "10:00")]})
    assert not Lesson.objects.exists()


def test_another_schools_senco_cannot_replace_ours(school, other_school_senco, pupil):
    with pytest.raises(TimetableError):
        timetable_replace(actor=other_school_senco, school=school, lessons={pupil: [new(0, "09:00", "10:00")]})


def test_a_pupil_of_another_school_is_refused(school, senco, other_school_pupil):
    with pytest.raises(TimetableError, match="not on Oak Primary's register"):
        timetable_replace(actor=senco, school=school, lessons={other_school_pupil: [new(0, "09:00", "10:00")]})


@pytest.mark.parametrize(
    "week, message",
    [
        ([new(0, "10:00", "09:00")], "before it starts"),
        ([new(0, "09:00", "10:00"), new(0, "09:30", "10:30", "Art")], "overlap"),
        ([new(0, "09:00", "10:00", "  ")], "no subject"),
    ],
)
def test_what_cannot_be_a_week_is_refused(school, senco, pupil, week, message):
    with pytest.raises(TimetableError, match=message):
        timetable_replace(actor=senco, school=school, lessons={pupil: week})
    assert not Lesson.objects.exists()


def test_replacing_writes_the_week_and_one_audit_row_with_its_via(school, senco, pupil):
    Lesson.objects.create(
        school=school, pupil=pupil, weekday=4, starts_at=dt.time(9), ends_at=dt.time(10), subject="Old"
    )
    counts = timetable_replace(
        actor=senco,
        school=school,
        lessons={pupil: [new(0, "09:00", "10:00"), new(1, "09:00", "10:00", "English")]},
        via=AuditEvent.Via.IMPORT,
    )
    assert counts == {pupil.pk: (1, 2)}
    assert sorted(Lesson.objects.values_list("subject", flat=True)) == ["English", "Maths"]
    event = AuditEvent.objects.get(target=AuditEvent.Target.TIMETABLE)
    assert (event.actor_id, event.action, event.via, event.pupil_id) == (
        senco.pk,
        AuditEvent.Action.IMPORT,
        AuditEvent.Via.IMPORT,
        pupil.pk,
    )
    assert "1 lesson before, 2 lessons now" in event.summary
