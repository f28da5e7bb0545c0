from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sensupport.plans import services
from sensupport.plans.models import Plan, Provision
from sensupport.pupils import services as register
from sensupport.pupils.census import RankedNeed


@pytest.fixture
def on_support(pupil, senco):
    """Peter on SEN Support after a conversation with his mother."""
    today = timezone.localdate()
    register.parent_conversation_record(
        pupil=pupil,
        actor=senco,
        held_on=today - dt.timedelta(days=20),
        method="meeting",
        purpose="start_support",
        parents_present="Mum",
        summary="Agreed",
    )
    register.pupil_status_change(
        pupil=pupil, status="K", start_date=today - dt.timedelta(days=19), actor=senco, needs=[RankedNeed("SEMH", 1)]
    )
    pupil.refresh_from_db()
    return pupil


@pytest.fixture
def assessed(on_support, senco):
    assessment = services.assessment_start(pupil=on_support, actor=senco)
    anxiety = services.barrier_add(
        assessment=assessment,
        actor=senco,
        title="Anxiety at transitions",
        broad_area="Social, emotional and mental health",
        bank_key="anxiety-transitions",
    )
    fatigue = services.barrier_add(
        assessment=assessment, actor=senco, title="Fatigue in the afternoon", broad_area="Sensory and/or physical"
    )
    return assessment, anxiety, fatigue


@pytest.fixture
def draft(assessed, senco):
    assessment, anxiety, fatigue = assessed
    plan = services.plan_create_draft(pupil=assessment.pupil, actor=senco, assessment=assessment)
    services.plan_update_draft(
        plan=plan,
        actor=senco,
        expected_edit_version=plan.edit_version,
        review_date=timezone.localdate() + dt.timedelta(weeks=10),
        pupil_views="I like knowing what is next",
        parent_views="Mornings are hard",
    )
    services.outcome_save(
        plan=plan,
        actor=senco,
        expected_edit_version=plan.edit_version,
        description="Peter arrives calm and stays in class",
        how_we_will_know=(
            "Now he leaves the room most afternoons; by the review he stays in class for 4 afternoons out of 5"
        ),
        barrier_ids=[anxiety.pk, fatigue.pk],
    )
    services.provision_save(
        plan=plan,
        actor=senco,
        expected_edit_version=plan.edit_version,
        barrier_ids=[anxiety.pk],
        kind=Provision.Kind.ADJUSTMENT,
        description="Warning of changes to the day",
        delivered_by="Class teacher",
    )
    services.provision_save(
        plan=plan,
        actor=senco,
        expected_edit_version=plan.edit_version,
        barrier_ids=[fatigue.pk],
        kind=Provision.Kind.ADJUSTMENT,
        description="Rest break after lunch",
        delivered_by="TA",
    )
    plan.refresh_from_db()
    return plan


@pytest.fixture
def agreed(draft, senco):
    return services.plan_agree(
        plan=draft, actor=senco, agreed_on=timezone.localdate(), how=Plan.AgreedHow.MEETING, agreed_with="Mum"
    )
