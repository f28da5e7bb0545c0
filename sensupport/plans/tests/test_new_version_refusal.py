"""Why a plan cannot have a new version now (services.new_version_refusal): one draft at a time, and
one next version of each version, asked in one query (the plan page asks on every view)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sensupport.core.factories import PupilFactory
from sensupport.plans import services
from sensupport.plans.models import Plan

pytestmark = pytest.mark.django_db


def test_an_agreed_plan_with_nothing_after_it_may_have_a_new_version_asked_in_one_query(agreed, school, senco):
    other = PupilFactory(school=school, sen_status="K")
    services.plan_create_draft(pupil=other, actor=senco)  # another pupil's draft is no clash
    with CaptureQueriesContext(connection) as queries:
        assert services.new_version_refusal(agreed) is None
    assert len(queries.captured_queries) == 1


def test_a_draft_already_started_is_the_reason_and_the_place_to_go(agreed, senco):
    draft = services.plan_new_version(plan=agreed, actor=senco)
    refusal = services.new_version_refusal(agreed)
    assert isinstance(refusal, services.AlreadyExists)
    assert refusal.existing == draft and refusal.message == services.DRAFT_ALREADY


def test_a_version_with_a_newer_one_agreed_sends_the_user_to_the_newer(agreed, senco):
    draft = services.plan_new_version(plan=agreed, actor=senco)
    services.plan_update_draft(
        plan=draft, actor=senco, expected_edit_version=None, review_date=timezone.localdate() + dt.timedelta(weeks=12)
    )
    second = services.plan_agree(
        plan=Plan.objects.get(pk=draft.pk),
        actor=senco,
        agreed_on=timezone.localdate(),
        how=Plan.AgreedHow.MEETING,
        agreed_with="Mum",
    )
    agreed.refresh_from_db()
    refusal = services.new_version_refusal(agreed)
    assert isinstance(refusal, services.AlreadyExists) and refusal.existing == second
    assert "newer version" in refusal.message
    assert services.new_version_refusal(second) is None  # the newest may have its own next version
