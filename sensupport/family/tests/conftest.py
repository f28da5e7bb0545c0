"""Plans for Peter (the parent's child) and for Flopsy (another family's child, same school)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sensupport.plans.tests.conftest import agreed, assessed, draft, on_support  # noqa: F401  (shared plan fixtures)


def make_current_plan(pupil, senco):
    """A pupil on SEN Support with an agreed plan: one barrier, one outcome, one piece of support."""
    from sensupport.plans import services
    from sensupport.plans.models import Plan, Provision
    from sensupport.pupils import services as register
    from sensupport.pupils.census import RankedNeed

    today = timezone.localdate()
    register.parent_conversation_record(
        pupil=pupil,
        actor=senco,
        held_on=today - dt.timedelta(days=20),
        method="meeting",
        purpose="start_support",
        parents_present="Dad",
        summary="Agreed",
    )
    register.pupil_status_change(
        pupil=pupil, status="K", start_date=today - dt.timedelta(days=19), actor=senco, needs=[RankedNeed("SPLD", 1)]
    )
    pupil.refresh_from_db()
    assessment = services.assessment_start(pupil=pupil, actor=senco)
    barrier = services.barrier_add(
        assessment=assessment, actor=senco, title="Reading long texts", broad_area="Cognition and learning"
    )
    plan = services.plan_create_draft(pupil=pupil, actor=senco, assessment=assessment)
    services.plan_update_draft(
        plan=plan,
        actor=senco,
        expected_edit_version=plan.edit_version,
        review_date=today + dt.timedelta(weeks=8),
        parent_views="Reading at home is a battle",
    )
    services.outcome_save(
        plan=plan, actor=senco, expected_edit_version=plan.edit_version, description="Flopsy reads a page aloud"
    )
    services.provision_save(
        plan=plan,
        actor=senco,
        expected_edit_version=plan.edit_version,
        barrier_ids=[barrier.pk],
        kind=Provision.Kind.INTERVENTION,
        description="Daily reading with a TA",
        delivered_by="TA",
    )
    plan.refresh_from_db()
    return services.plan_agree(plan=plan, actor=senco, agreed_on=today, how=Plan.AgreedHow.MEETING, agreed_with="Dad")


@pytest.fixture
def sibling_plan(sibling, senco):
    return make_current_plan(sibling, senco)


@pytest.fixture
def other_school_senco_pupil_plan(other_school_pupil, other_school_senco):
    return make_current_plan(other_school_pupil, other_school_senco)


@pytest.fixture
def send_now(django_capture_on_commit_callbacks):
    """Run the work queued for after the commit (emails) inside a test's transaction."""

    def _run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return _run
