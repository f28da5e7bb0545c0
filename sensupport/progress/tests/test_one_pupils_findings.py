"""One pupil's findings (the pupil page, the plan's prompts, the EHC evidence) are their findings
among the whole year group's, read and computed for that pupil alone (issue 14)."""

from __future__ import annotations

import datetime as dt

import pytest

from sensupport.progress import services
from sensupport.progress.selectors import findings_for, pupil_findings
from sensupport.pupils.models import Pupil

from .conftest import ON, TERMS


@pytest.mark.django_db
def test_one_pupils_findings_are_theirs_among_the_whole_year_groups(school, pupil, classmates, slipping):
    absent = classmates[1][0]
    services.attendance_record(
        actor=None,
        school=school,
        rows=[
            services.AttendanceIn(absent.pk, TERMS[1], TERMS[2], 100, 70),  # persistent absence
            services.AttendanceIn(pupil.pk, TERMS[1], TERMS[2], 100, 80),
        ],
        via="command",
    )
    services.behaviour_record(
        actor=None,
        school=school,
        rows=[services.BehaviourIn(pupil.pk, ON - dt.timedelta(days=d), "incident") for d in (5, 20, 40, 70)],
        via="command",
    )
    year_group = Pupil.objects.filter(school=school, year_group="4")
    everyone = findings_for(year_group, on=ON)
    assert everyone.get(pupil.pk) and everyone.get(absent.pk)  # the case is not empty: both have findings
    for member in year_group:
        assert pupil_findings(member, on=ON) == everyone.get(member.pk, []), member


@pytest.mark.django_db
def test_a_pupil_with_no_data_in_the_window_has_no_findings_from_one_query(school, pupil, classmates, slipping):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sensupport.core.factories import PupilFactory

    newcomer = PupilFactory(school=school, year_group="4")  # in the year group, nothing recorded yet
    with CaptureQueriesContext(connection) as queries:
        assert pupil_findings(newcomer, on=ON) == []
    assert len(queries.captured_queries) == 1  # the year group's scores are not read
    assert pupil_findings(pupil, on=ON)  # Peter, slipping, still has his


@pytest.mark.django_db
def test_attendance_or_behaviour_alone_is_data_enough_for_findings(school, classmates, slipping):
    from sensupport.core.factories import PupilFactory
    from sensupport.progress import rules

    absent = PupilFactory(school=school, year_group="4")  # no scores: attendance only
    services.attendance_record(
        actor=None, school=school, rows=[services.AttendanceIn(absent.pk, TERMS[1], TERMS[2], 100, 70)], via="command"
    )
    assert rules.PERSISTENT_ABSENCE in {f.flag for f in pupil_findings(absent, on=ON)}
    assert pupil_findings(absent, on=ON) == findings_for(Pupil.objects.filter(school=school), on=ON)[absent.pk]


# What the pupil has recorded: (what, first day, last day) counted from the window's first day
# ("start", the day before the window) or from the day asked about ("on"); and whether it is in
# the window as findings_for reads it.
_RECORDED = {
    "nothing": None,
    "a score on the day": ("score", "on", 0, 0, True),
    "a score on the day before the window": ("score", "start", 0, 0, False),
    "a score after the day": ("score", "on", 1, 1, False),
    "attendance inside the window": ("attendance", "start", 10, 70, True),
    "attendance ending the day before the window": ("attendance", "start", -60, 0, False),
    "attendance ending on its first day": ("attendance", "start", -60, 1, True),
    "attendance starting on the day": ("attendance", "on", 0, 30, True),
    "attendance starting after the day": ("attendance", "on", 1, 30, False),
    "behaviour on the day": ("behaviour", "on", 0, 0, True),
    "behaviour on the day before the window": ("behaviour", "start", 0, 0, False),
}


@pytest.mark.django_db
@pytest.mark.parametrize("recorded", list(_RECORDED))
def test_the_prepared_own_data_check_answers_as_its_queryset(school, recorded):
    from sensupport.core.factories import PupilFactory
    from sensupport.progress import rules
    from sensupport.progress.models import AttendancePeriod, BehaviourEvent, Score
    from sensupport.progress.selectors import _OWN_DATA, _own_data, thresholds

    start = rules.window_start(ON, thresholds())
    who = PupilFactory(school=school, year_group="4")
    expected = False
    if _RECORDED[recorded]:
        kind, base, first, last, expected = _RECORDED[recorded]
        begins = (start if base == "start" else ON) + dt.timedelta(days=first)
        ends = (start if base == "start" else ON) + dt.timedelta(days=last)
        if kind == "score":
            Score.objects.create(pupil=who, subject="Reading", scale="standardised", taken_on=begins, value=100)
        elif kind == "attendance":
            AttendancePeriod.objects.create(
                pupil=who, starts_on=begins, ends_on=ends, possible_sessions=100, attended_sessions=90
            )
        else:
            BehaviourEvent.objects.create(pupil=who, occurred_on=begins, kind="incident")
    args = (who.pk, start, ON, start, ON, start, ON)
    prepared = _OWN_DATA(*args)
    assert prepared == list(_own_data(*args))
    assert any(prepared[0]) is expected
