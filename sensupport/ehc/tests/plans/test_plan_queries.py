"""The school-wide page and the home panel read every plan in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sensupport.core.factories import PupilFactory
from sensupport.ehc import plan_services as s
from sensupport.ehc.plan_selectors import school_summary
from sensupport.pupils.models import PupilNeed

from .conftest import SECTIONS


def _plan_for(school, officer, senco, n: int) -> None:
    today = timezone.localdate()
    pupil = PupilFactory(school=school, sen_status="K", sen_status_since=today - dt.timedelta(days=500))
    PupilNeed.objects.create(pupil=pupil, need_type="ASD", rank=1)
    version = s.ehc_plan_start(actor=officer, pupil=pupil, sections=SECTIONS)
    plan = s.ehc_plan_issue(actor=officer, version=version, issued_on=today - dt.timedelta(days=300 + n)).plan
    s.annual_review_schedule(actor=senco, plan=plan, meeting_on=today + dt.timedelta(days=n))


def _queries(senco) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        found = school_summary(senco, today=timezone.localdate())
    return len(captured), found.with_plan


def test_the_school_summary_costs_the_same_queries_for_one_plan_or_many(school, senco, la_officer):
    _plan_for(school, la_officer, senco, 1)
    one, count = _queries(senco)
    assert count == 1
    for n in range(2, 7):
        _plan_for(school, la_officer, senco, n)
    many, count = _queries(senco)
    assert count == 6 and many == one
