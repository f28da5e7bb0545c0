"""The demo's SEN funding: budgets at Oakfield and Hillcrest; the provision demo's pupils over and
approaching the element 2 threshold are flagged; Hillcrest's pupil over it has a top-up request
sent to the LA; Oakfield's inclusion strategy is published."""

from __future__ import annotations

import datetime as dt

import pytest

from sensupport.demo import builder
from sensupport.funding import selectors
from sensupport.funding.models import InclusionStrategy, SchoolBudget, TopUpRequest
from sensupport.organisations.models import School

pytestmark = pytest.mark.django_db


def test_demo_funding():
    today = dt.date(2026, 11, 2)
    builder.demo_load(today=today)
    fy = selectors.financial_year_start(today)
    oak, hillcrest = School.objects.get(urn="990101"), School.objects.get(urn="990102")
    assert SchoolBudget.objects.filter(financial_year_start=fy, school__in=[oak, hillcrest]).count() == 2
    for school in (oak, hillcrest):
        watch = selectors.element2_watch(school_id=school.pk, financial_year_start=fy)
        assert watch.over and watch.approaching, school.name
    over = selectors.element2_watch(school_id=hillcrest.pk, financial_year_start=fy).over[0]
    request = TopUpRequest.objects.get(pupil=over.pupil)
    assert request.status == TopUpRequest.Status.SENT and request.amount_requested == over.above > 0
    assert TopUpRequest.objects.get(school=oak).status == TopUpRequest.Status.DRAFT
    published = InclusionStrategy.objects.get(school=oak)
    assert published.status == InclusionStrategy.Status.PUBLISHED and published.activities.count() >= 8
    assert InclusionStrategy.objects.get(school=hillcrest).status == InclusionStrategy.Status.DRAFT
