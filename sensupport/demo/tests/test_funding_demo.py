"""The demo's SEN funding: budgets at Oakfield and Hillcrest, a Hillcrest pupil over the element 2
threshold with a top-up request sent to the LA, an Oakfield pupil approaching it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sensupport.demo import builder
from sensupport.funding import selectors
from sensupport.funding.models import SchoolBudget, TopUpRequest
from sensupport.organisations.models import School

pytestmark = pytest.mark.django_db


def test_demo_funding():
    today = dt.date(2026, 11, 2)
    builder.demo_load(today=today)
    fy = selectors.financial_year_start(today)
    oak, hillcrest = School.objects.get(urn="990101"), School.objects.get(urn="990102")
    assert SchoolBudget.objects.filter(financial_year_start=fy, school__in=[oak, hillcrest]).count() == 2
    over = selectors.element2_watch(school_id=hillcrest.pk, financial_year_start=fy).over
    assert [w.cost for w in over] == [Decimal("7296.00")]
    request = TopUpRequest.objects.get(pupil=over[0].pupil)
    assert request.status == TopUpRequest.Status.SENT and request.amount_requested == Decimal("1296.00")
    approaching = selectors.element2_watch(school_id=oak.pk, financial_year_start=fy).approaching
    assert [(w.cost, w.share) for w in approaching] == [(Decimal("4864.00"), 81)]
