"""Recording scores, attendance and behaviour: bulk, idempotent, audited per pupil, refused for
another school's pupils or impossible values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sensupport.audit.models import AuditEvent
from sensupport.progress import services
from sensupport.progress.models import AttendancePeriod, BehaviourEvent, Score

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 1, 20)


def test_scores_are_added_then_changed_then_left_alone(senco, school, pupil):
    rows = [services.ScoreIn(pupil.pk, "Reading", DAY, Decimal("98"))]
    first = services.scores_record(actor=senco, school=school, rows=rows, source="reading.csv")
    assert (len(first.added), len(first.changed), first.unchanged) == (1, 0, 0)
    again = services.scores_record(actor=senco, school=school, rows=rows)
    assert (len(again.added), len(again.changed), again.unchanged) == (0, 0, 1)
    changed = services.scores_record(
        actor=senco, school=school, rows=[services.ScoreIn(pupil.pk, "Reading", DAY, Decimal("101"))]
    )
    assert len(changed.changed) == 1
    assert Score.objects.get(pupil=pupil).value == Decimal("101")
    audit = AuditEvent.objects.filter(target=AuditEvent.Target.SCORES, pupil=pupil).order_by("at", "id")
    assert [a.via for a in audit] == ["import", "import"]  # none for the unchanged run
    assert "1 added" in audit[0].summary and "reading.csv" in audit[0].summary


def test_two_scales_on_one_day_are_two_scores(senco, school, pupil):
    services.scores_record(
        actor=senco,
        school=school,
        rows=[
            services.ScoreIn(pupil.pk, "Reading", DAY, Decimal("98")),
            services.ScoreIn(pupil.pk, "Reading", DAY, Decimal("90"), scale="reading_age_months"),
        ],
    )
    assert Score.objects.filter(pupil=pupil).count() == 2


def test_another_schools_pupil_is_refused_and_nothing_written(senco, school, pupil, other_school_pupil):
    rows = [
        services.ScoreIn(pupil.pk, "Reading", DAY, Decimal("98")),
        services.ScoreIn(other_school_pupil.pk, "Reading", DAY, Decimal("98")),
    ]
    with pytest.raises(services.ProgressError, match="not at"):
        services.scores_record(actor=senco, school=school, rows=rows)
    assert not Score.objects.exists()


def test_a_teacher_cannot_record_scores(teacher, school, pupil):
    with pytest.raises(services.ProgressError, match="cannot"):
        services.scores_record(
            actor=teacher, school=school, rows=[services.ScoreIn(pupil.pk, "Reading", DAY, Decimal("98"))]
        )
    assert not Score.objects.exists()


def test_attendance_above_the_possible_sessions_is_refused(senco, school, pupil):
    with pytest.raises(services.ProgressError, match="cannot be more"):
        services.attendance_record(actor=senco, school=school, rows=[services.AttendanceIn(pupil.pk, DAY, DAY, 10, 11)])
    assert not AttendancePeriod.objects.exists()


def test_attendance_is_corrected_in_place(senco, school, pupil):
    end = DAY + dt.timedelta(days=30)
    services.attendance_record(actor=senco, school=school, rows=[services.AttendanceIn(pupil.pk, DAY, end, 40, 30)])
    services.attendance_record(
        actor=senco, school=school, rows=[services.AttendanceIn(pupil.pk, DAY, end, 40, 35)], via="command"
    )
    period = AttendancePeriod.objects.get()
    assert period.attended_sessions == 35
    assert AuditEvent.objects.filter(target=AuditEvent.Target.ATTENDANCE).latest("id").via == "command"


def test_behaviour_reimport_adds_only_what_is_new(senco, school, pupil):
    two = [services.BehaviourIn(pupil.pk, DAY, "incident")] * 2
    services.behaviour_record(actor=senco, school=school, rows=two)
    services.behaviour_record(actor=senco, school=school, rows=two)
    assert BehaviourEvent.objects.count() == 2
    services.behaviour_record(actor=senco, school=school, rows=[*two, services.BehaviourIn(pupil.pk, DAY, "incident")])
    assert BehaviourEvent.objects.count() == 3
