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
