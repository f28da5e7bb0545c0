from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from sensupport.plans import services
from sensupport.plans.models import Impact, Plan, Provision
from sensupport.plans.tests.conftest import agreed, assessed, draft, on_support  # noqa: F401  (fixtures)
from sensupport.reviews import services as reviews
from sensupport.reviews.models import Review


@pytest.fixture
def full_plan(on_support, senco):  # noqa: F811
    """A realistic plan: three barriers, three outcomes, four pieces of support (one withdrawn and
    costed), everyone's responsibilities, agreed with Mum at a meeting."""
    pupil = on_support
    assessment = services.assessment_start(pupil=pupil, actor=senco)
    anxiety = services.barrier_add(
        assessment=assessment,
        actor=senco,
        title="Anxiety at transitions",
        broad_area="Social, emotional and mental health",
        description="Peter becomes very worried when the timetable changes or a lesson ends unexpectedly.",
        where_when="Morning arrival, after break, supply teachers",
        effect="He may hide under a table and miss the start of lessons.",
        impact=Impact.SEVERE,
    )
    reading = services.barrier_add(
        assessment=assessment,
        actor=senco,
        title="Decoding unfamiliar words",
        broad_area="Cognition and learning",
        description="Reads at about a Year 2 level; guesses long words from the first letter.",
        impact=Impact.MARKED,
    )
    fatigue = services.barrier_add(
        assessment=assessment,
        actor=senco,
        title="Fatigue in the afternoon",
        broad_area="Sensory and/or physical",
        impact=Impact.SOME,
    )
    services.assessment_update_summary(
        assessment=assessment,
        actor=senco,
        strengths="Kind to younger children. Brilliant at building things with Lego. Remembers facts about animals.",
        interests="Rabbits, gardening, Minecraft, drawing maps.",
        what_helps="A visual timetable",
    )
    services.assessment_complete(assessment=assessment, actor=senco)
    plan = services.plan_create_draft(pupil=pupil, actor=senco, assessment=assessment)
    today = timezone.localdate()
    services.plan_update_draft(
        plan=plan,
        actor=senco,
        expected_edit_version=None,
        review_date=today + dt.timedelta(weeks=12),
        pupil_views=(
            "I like knowing what is next. I don't like it when it is noisy and I can't find my teacher.\n\nI want to "
            "read Harry Potter by myself."
        ),
        parent_views=(
            "Mornings are hard: he says his tummy hurts. He loves the garden club. We want him to enjoy reading."
        ),
        school_responsibilities=(
            "Give Peter a visual timetable every morning and warn him of changes. Run reading sessions three times a "
            "week. Tell Mum each Friday how the week went."
        ),
        parent_responsibilities=(
            "Read with Peter for ten minutes most evenings. Let the class teacher know if the morning has been "
            "difficult."
        ),
        pupil_responsibilities="Use my timetable and my 'time out' card when I need a break.",
    )
    services.outcome_save(
        plan=plan,
        actor=senco,
        expected_edit_version=None,
        description="Peter arrives calm and stays in class for the first lesson",
        how_we_will_know="He is in class by 9:05 on at least 4 mornings a week (now 1 or 2).",
    )
    services.outcome_save(
        plan=plan,
        actor=senco,
        expected_edit_version=None,
        description="Peter reads a book of his choice on his own",
        how_we_will_know="He reads a Year 3 book with 95% accuracy (now Year 2 level).",
    )
    services.outcome_save(
        plan=plan,
        actor=senco,
        expected_edit_version=None,
        description="Peter has the energy to join in after lunch",
        how_we_will_know="He takes part in afternoon lessons without falling asleep.",
    )
    services.provision_save(
        plan=plan,
        actor=senco,
        expected_edit_version=None,
        barrier_ids=[anxiety.pk],
        kind=Provision.Kind.ADJUSTMENT,
        description="Visual timetable on his desk; warning of changes to the day",
        delivered_by="Class teacher",
    )
    services.provision_save(
        plan=plan,
        actor=senco,
        expected_edit_version=None,
        barrier_ids=[reading.pk],
        kind=Provision.Kind.INTERVENTION,
        description="Phonics catch-up programme (Fresh Start)",
        delivered_by="Mrs Jones (TA)",
        sessions_per_week=Decimal(3),
        minutes_per_session=20,
        group_size=3,
        setting=Provision.Setting.WITHDRAWN,
        replaces_lessons="Part of guided reading",
        start_date=today,
        end_date=today + dt.timedelta(weeks=12),
        cost=Decimal("420.00"),
    )
    services.provision_save(
        plan=plan,
        actor=senco,
        expected_edit_version=None,
        barrier_ids=[anxiety.pk],
        kind=Provision.Kind.ADULT_SUPPORT,
        description="Meet and greet at the gate with a calm job to do",
        delivered_by="Learning mentor",
        sessions_per_week=Decimal(5),
        minutes_per_session=10,
        group_size=1,
        cost=Decimal("180.00"),
    )
    services.provision_save(
        plan=plan,
        actor=senco,
        expected_edit_version=None,
        barrier_ids=[fatigue.pk, anxiety.pk],
        kind=Provision.Kind.EQUIPMENT,
        description="Quiet corner with beanbag for a rest break after lunch",
        delivered_by="TA",
    )
    return services.plan_agree(
        plan=plan, actor=senco, agreed_on=today, how=Plan.AgreedHow.MEETING, agreed_with="Mum (Pam Parent)"
    )


def review_plan(plan, senco) -> Review:
    outcomes = [
        reviews.OutcomeJudgement(o.pk, progress, evidence)
        for o, (progress, evidence) in zip(
            plan.outcomes.all(),
            [
                ("good", "In class by 9:05 on 4 of 5 mornings in the last 3 weeks"),
                ("some", "Reads Year 2 books with 97% accuracy"),
                ("achieved", ""),
            ],
        )
    ]
    provisions = [
        reviews.ProvisionJudgement(p.pk, delivered, helped, comment)
        for p, (delivered, helped, comment) in zip(
            plan.provisions.all(),
            [
                ("as_planned", "yes", "Peter says the timetable helps most"),
                ("partly", "partly", "Missed 6 sessions when Mrs Jones was off"),
                ("as_planned", "yes", ""),
                ("not", "too_early", "Beanbag arrived late"),
            ],
        )
    ]
    return reviews.review_record(
        plan=plan,
        actor=senco,
        held_on=timezone.localdate(),
        attendees="Mum (Pam Parent), Peter, Sam Senco (SENCO), Tia Teacher",
        parent_present=True,
        pupil_views="The quiet corner is my favourite. Reading is still tricky.",
        parent_views="Much happier in the mornings.",
        decision=Review.Decision.CONTINUE,
        summary=(
            "Keep going with all support. Mrs Jones to restart phonics sessions by 1 December. Mum to keep reading at "
            "home. Next review in March."
        ),
        outcomes=outcomes,
        provisions=provisions,
    )


@pytest.fixture
def reviewed(full_plan, senco):
    review_plan(full_plan, senco)
    full_plan.refresh_from_db()
    return full_plan
