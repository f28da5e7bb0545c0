"""Plan lifecycle: draft, agreed with the parent, active, reviewed, superseded. Agreed versions
are never overwritten; concurrent edits of one draft never silently lose a side."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.plans import services
from sensupport.plans.models import Plan
from sensupport.plans.selectors import plan_checks, plan_compare
from sensupport.reviews import services as reviews
from sensupport.reviews.models import Review


@pytest.mark.django_db
def test_barriers_carry_over_to_the_next_cycle(assessed, senco):
    assessment, anxiety, fatigue = assessed
    services.barrier_status_settle(assessment=assessment, barrier=fatigue, actor=senco, present=True, impact=3)
    services.assessment_complete(assessment=assessment, actor=senco)
    second = services.assessment_start(pupil=assessment.pupil, actor=senco)
    carried = {s.barrier_id: s.impact for s in second.barrier_statuses.all()}
    assert carried == {anxiety.pk: 2, fatigue.pk: 3}
    assert second.cycle == 2


@pytest.mark.django_db
def test_agreed_plan_cannot_be_edited(agreed, senco):
    assert agreed.status == Plan.Status.ACTIVE and agreed.agreed_with == "Mum"
    with pytest.raises(services.PlanError, match="agreed with the parents and cannot be changed"):
        services.plan_update_draft(
            plan=agreed, actor=senco, expected_edit_version=agreed.edit_version, pupil_views="changed"
        )
    with pytest.raises(services.PlanError, match="cannot be changed"):
        services.outcome_save(plan=agreed, actor=senco, expected_edit_version=None, description="new")
    agreed.refresh_from_db()
    assert agreed.pupil_views == "I like knowing what is next"


@pytest.mark.django_db
def test_change_makes_a_new_version_and_old_one_survives(agreed, senco):
    v2 = services.plan_new_version(plan=agreed, actor=senco)
    assert v2.version == 2 and v2.status == Plan.Status.DRAFT and v2.previous == agreed
    assert v2.provisions.count() == 2 and v2.outcomes.count() == 1
    # Barrier links are copied, not moved.
    assert set(agreed.provisions.values_list("barriers__title", flat=True)) == set(
        v2.provisions.values_list("barriers__title", flat=True)
    )
    services.plan_update_draft(
        plan=v2,
        actor=senco,
        expected_edit_version=v2.edit_version,
        review_date=v2.review_date or agreed.review_date,
        pupil_views="I like the quiet room",
    )
    services.plan_agree(plan=v2, actor=senco, agreed_on=timezone.localdate(), how="phone", agreed_with="Dad")
    agreed.refresh_from_db()
    v2.refresh_from_db()
    assert agreed.status == Plan.Status.SUPERSEDED and agreed.pupil_views == "I like knowing what is next"
    assert v2.status == Plan.Status.ACTIVE
    rows = {row.label: row for row in plan_compare(agreed, v2)}
    assert rows["Pupil's views"].changed
    assert ("+", "the quiet room") in rows["Pupil's views"].diff and ("-", "knowing what is next") in rows[
        "Pupil's views"
    ].diff
    assert not rows["Outcome 1"].changed


@pytest.mark.django_db
def test_two_staff_editing_one_draft_neither_loses_work_silently(draft, senco, teacher):
    opened_by_senco = draft.edit_version
    opened_by_teacher = draft.edit_version
    services.plan_update_draft(
        plan=draft,
        actor=senco,
        expected_edit_version=opened_by_senco,
        review_date=draft.review_date,
        pupil_views="SENCO's words",
    )
    stale = Plan.objects.get(pk=draft.pk)
    with pytest.raises(services.StalePlanEdit, match="Someone else saved this draft"):
        services.plan_update_draft(
            plan=stale,
            actor=teacher,
            expected_edit_version=opened_by_teacher,
            review_date=draft.review_date,
            pupil_views="Teacher's words",
        )
    draft.refresh_from_db()
    assert draft.pupil_views == "SENCO's words"


@pytest.mark.django_db
def test_agreeing_needs_outcomes_support_and_review_date(assessed, senco):
    assessment, *_ = assessed
    plan = services.plan_create_draft(pupil=assessment.pupil, actor=senco)
    with pytest.raises(services.PlanError, match="at least one outcome"):
        services.plan_agree(plan=plan, actor=senco, agreed_on=timezone.localdate(), how="meeting", agreed_with="Mum")
    with pytest.raises(services.PlanError, match="future"):
        services.plan_agree(
            plan=plan,
            actor=senco,
            agreed_on=timezone.localdate() + dt.timedelta(days=1),
            how="meeting",
            agreed_with="Mum",
        )


@pytest.mark.django_db
def test_withdrawn_support_must_say_what_it_replaces(draft, senco, assessed):
    _, anxiety, _ = assessed
    with pytest.raises(services.PlanError, match="which lessons it replaces"):
        services.provision_save(
            plan=draft,
            actor=senco,
            expected_edit_version=None,
            barrier_ids=[anxiety.pk],
            kind="intervention",
            description="Lego therapy",
            delivered_by="TA",
            setting="withdrawn",
        )


@pytest.mark.django_db
def test_provision_cannot_link_another_pupils_barrier(draft, senco, sibling):
    from sensupport.plans.models import Barrier

    foreign = Barrier.objects.create(pupil=sibling, title="Noise", broad_area="Sensory and/or physical")
    with pytest.raises(services.PlanError, match="not this pupil's"):
        services.provision_save(
            plan=draft,
            actor=senco,
            expected_edit_version=None,
            barrier_ids=[foreign.pk],
            kind="adjustment",
            description="Ear defenders",
            delivered_by="TA",
        )


@pytest.mark.django_db
def test_quality_checks(draft, senco, assessed):
    checks = {c.key: c for c in plan_checks(draft)}
    assert checks["barriers_have_provision"].passed
    assert checks["provision_addresses_barrier"].passed
    assert checks["pupil_views"].passed and checks["parent_views"].passed
    assert checks["review_date"].passed
    assert not checks["three_meetings"].passed and "1 meeting" in checks["three_meetings"].detail
    _, anxiety, _ = assessed
    services.provision_save(
        plan=draft,
        actor=senco,
        expected_edit_version=None,
        barrier_ids=[],
        kind="equipment",
        description="Writing slope",
        delivered_by="TA",
    )
    services.plan_update_draft(
        plan=draft, actor=senco, expected_edit_version=None, review_date=timezone.localdate() + dt.timedelta(weeks=30)
    )
    checks = {c.key: c for c in plan_checks(draft)}
    assert (
        not checks["provision_addresses_barrier"].passed
        and "Writing slope" in checks["provision_addresses_barrier"].detail
    )
    assert not checks["review_date"].passed


@pytest.mark.django_db
def test_review_closes_the_cycle_and_opens_version_two(agreed, senco):
    outcomes = [reviews.OutcomeJudgement(o.pk, "good", "Arrives calm 4 days of 5") for o in agreed.outcomes.all()]
    provisions = [reviews.ProvisionJudgement(p.pk, "as_planned", "yes") for p in agreed.provisions.all()]
    review = reviews.review_record(
        plan=agreed,
        actor=senco,
        held_on=timezone.localdate(),
        attendees="Mum, SENCO, class teacher",
        parent_present=True,
        pupil_views="The quiet room helps",
        parent_views="Much happier",
        decision=Review.Decision.CONTINUE,
        summary="Keep going; add a lunchtime club",
        outcomes=outcomes,
        provisions=provisions,
    )
    agreed.refresh_from_db()
    assert agreed.status == Plan.Status.REVIEWED and review.outcome_progress.count() == 1
    v2 = agreed.pupil.plans.get(version=2)
    assert v2.status == Plan.Status.DRAFT and v2.pupil_views == "The quiet room helps" and v2.provisions.count() == 2
    # The review with the parent counts as a meeting (Code 6.65).
    assert agreed.pupil.parent_conversations.count() == 2
    assert AuditEvent.objects.filter(target="plan review").exists()


@pytest.mark.django_db
def test_review_must_judge_every_outcome_and_provision(agreed, senco):
    with pytest.raises(services.PlanError, match="every outcome"):
        reviews.review_record(
            plan=agreed,
            actor=senco,
            held_on=timezone.localdate(),
            attendees="Mum",
            parent_present=True,
            pupil_views="",
            parent_views="",
            decision="continue",
            summary="x",
            outcomes=[],
            provisions=[],
        )


@pytest.mark.django_db
def test_ending_sen_support_at_review_needs_the_parents(agreed, senco):
    outcomes = [reviews.OutcomeJudgement(o.pk, "achieved") for o in agreed.outcomes.all()]
    provisions = [reviews.ProvisionJudgement(p.pk, "as_planned", "yes") for p in agreed.provisions.all()]
    kwargs = {
        "plan": agreed,
        "actor": senco,
        "held_on": timezone.localdate(),
        "attendees": "SENCO",
        "pupil_views": "",
        "parent_views": "",
        "decision": "end_support",
        "summary": "Outcomes met",
        "outcomes": outcomes,
        "provisions": provisions,
    }
    with pytest.raises(services.PlanError, match="talking with the parents"):
        reviews.review_record(parent_present=False, **kwargs)
    reviews.review_record(parent_present=True, **{**kwargs, "attendees": "Mum, SENCO"})
    agreed.pupil.refresh_from_db()
    assert agreed.pupil.sen_status == "N"
    assert not agreed.pupil.plans.filter(status="draft").exists()


@pytest.mark.django_db
def test_read_receipts_and_evidence(agreed, teacher):
    reviews.plan_mark_read(plan=agreed, user=teacher)
    reviews.plan_mark_read(plan=agreed, user=teacher)
    assert agreed.read_receipts.count() == 1
    evidence = reviews.evidence_add(
        plan=agreed,
        actor=teacher,
        kind="observation",
        observed_on=timezone.localdate(),
        text="Used the quiet route",
        provision=agreed.provisions.first(),
    )
    assert evidence.plan == agreed
    with pytest.raises(services.PlanError, match="future"):
        reviews.evidence_add(
            plan=agreed, actor=teacher, kind="note", observed_on=timezone.localdate() + dt.timedelta(days=2), text="x"
        )
