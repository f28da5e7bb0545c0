"""The figures the oversight dashboard calls, checked by hand. Every request was received on
5 January 2026: the decision was due by 16 February (6 weeks), the final plan by 25 May (20 weeks)."""

from __future__ import annotations

import datetime as dt

import pytest

from sensupport.core.factories import PupilFactory
from sensupport.ehc.models import EhcRequest
from sensupport.ehc.request_selectors import RequestFigures, request_figures
from sensupport.organisations.models import School

pytestmark = pytest.mark.django_db
JAN5 = dt.date(2026, 1, 5)
JUNE1 = dt.date(2026, 6, 1)


def _request(school, **fields):
    pupil = PupilFactory(school=school)
    values = {"sent_on": dt.date(2026, 1, 2), "received_on": JAN5, "stage": "received"} | fields
    return EhcRequest.objects.create(
        pupil=pupil,
        school=school,
        local_authority=school.local_authority,
        made_by_kind="school",
        reasons="Needs",
        **values,
    )


@pytest.fixture
def requests(school, other_school):
    return {
        "in time": _request(
            school,
            stage="final_issued",
            decision_on=dt.date(2026, 2, 16),
            draft_issued_on=dt.date(2026, 4, 1),
            final_issued_on=dt.date(2026, 5, 25),
        ),
        "late decision, now overdue": _request(school, stage="assessing", decision_on=dt.date(2026, 2, 17)),
        "not received": _request(school, stage="sent", received_on=None),
        "late final": _request(
            school,
            stage="final_issued",
            decision_on=dt.date(2026, 2, 10),
            draft_issued_on=dt.date(2026, 5, 1),
            final_issued_on=dt.date(2026, 6, 1),
        ),
        "exception, other LA": _request(
            other_school, exception="absent_from_area", exception_reason="Abroad for 6 weeks"
        ),
    }


def test_figures_for_a_schools_requests(requests, school, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = request_figures(schools=[school], today=JUNE1)
    assert found == RequestFigures(
        requests=4,
        received=3,
        decisions=3,
        decisions_within_6_weeks=2,
        final_plans=2,
        final_plans_within_20_weeks=1,
        exceptions=0,
        overdue=1,
    )


def test_figures_for_an_la_count_the_exception_and_do_not_call_it_overdue(requests, other_la):
    found = request_figures(local_authority=other_la, today=JUNE1)
    assert (found.requests, found.exceptions, found.overdue, found.decisions) == (1, 1, 0, 0)


def test_figures_for_every_school_in_one_query(requests, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = request_figures(schools=School.objects.all(), today=JUNE1)
    assert (found.requests, found.received, found.exceptions) == (5, 4, 1)
    assert RequestFigures.share(found.decisions_within_6_weeks, found.decisions) == "67%"


def test_the_period_filters_on_the_day_sent(requests, school):
    assert request_figures(schools=[school], since=dt.date(2026, 1, 3), today=JUNE1).requests == 0
