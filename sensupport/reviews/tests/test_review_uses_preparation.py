"""A review takes the family's preparation for the meeting as part of its record, in the review's
own transaction (reviews.services.review_record), whoever records it: the page, a command, the demo."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.family import services as family
from sensupport.plans.models import Plan
from sensupport.plans.services import PlanError
from sensupport.reviews import services
from sensupport.reviews.models import Review

pytestmark = pytest.mark.django_db


def record(plan, actor, **changes):
    fields = {
        "held_on": timezone.localdate(),
        "attendees": "Mum, SENCO",
        "parent_present": True,
        "pupil_views": "",
        "parent_views": "From the preparation",
        "decision": Review.Decision.CONTINUE,
        "summary": "Keep going",
        "outcomes": [services.OutcomeJudgement(o.pk, "good") for o in plan.outcomes.all()],
        "provisions": [services.ProvisionJudgement(p.pk, "as_planned", "yes") for p in plan.provisions.all()],
    }
    return services.review_record(plan=plan, actor=actor, via=AuditEvent.Via.COMMAND, **{**fields, **changes})


@pytest.fixture
def prep(agreed, parent):
    return family.meeting_prep_save(
        pupil=agreed.pupil, parent=parent, barriers_at_home="Tired by Thursday", what_helps_at_home=""
    )


def test_recording_a_review_marks_the_preparation_used_whoever_records_it(agreed, prep, senco):
    review = record(agreed, senco)
    prep.refresh_from_db()
    assert prep.used_in_review == review and prep.seen_by_school_at is not None
    row = AuditEvent.objects.get(
        target=AuditEvent.Target.MEETING_PREPARATION, target_id=str(prep.pk), summary__startswith="Used as"
    )
    assert (row.actor_id, row.via) == (senco.pk, AuditEvent.Via.COMMAND)
    assert family.meeting_prep_for_review(agreed.pupil) == []


def test_a_review_that_fails_validation_leaves_the_preparation_unused(agreed, prep, senco, login):
    with pytest.raises(PlanError):
        record(agreed, senco, summary="  ")
    # On the page too: the service refuses (SEN Support ends only with the parents), nothing is used.
    url = reverse("reviews:review_new", args=[agreed.pupil_id, agreed.pk])
    data = {
        "held_on": timezone.localdate().isoformat(),
        "attendees": "SENCO",
        "parent_present": "no",
        "pupil_views": "",
        "parent_views": "",
        "decision": "end_support",
        "summary": "Needs met",
    }
    for o in agreed.outcomes.all():
        data[f"outcome_{o.pk}"] = "good"
    for p in agreed.provisions.all():
        data[f"delivered_{p.pk}"] = "as_planned"
        data[f"helped_{p.pk}"] = "yes"
    response = login(senco).post(url, data)
    assert response.status_code == 200 and "SEN Support ends only after talking with the parents" in (
        response.content.decode()
    )
    prep.refresh_from_db()
    assert prep.used_in_review is None and not Review.objects.exists()


def test_a_preparation_that_cannot_be_marked_used_stops_the_review(agreed, prep, senco, monkeypatch):
    """One transaction: the review is not recorded without its preparation (before, the page wrote
    the review, then marked the preparation in a second write)."""

    def broken(**kwargs):
        raise RuntimeError("the preparation could not be marked")

    monkeypatch.setattr(family, "meeting_prep_mark_used", broken)
    with pytest.raises(RuntimeError):
        record(agreed, senco)
    agreed.refresh_from_db()
    assert not Review.objects.exists() and agreed.status != Plan.Status.REVIEWED
    assert not agreed.pupil.plans.filter(status=Plan.Status.DRAFT).exists()
    prep.refresh_from_db()
    assert prep.used_in_review is None


def test_the_review_form_starts_from_the_preparation(agreed, prep, senco, login):
    page = login(senco).get(reverse("reviews:review_new", args=[agreed.pupil_id, agreed.pk]))
    assert "Tired by Thursday" in page.context["form"].initial["parent_views"]
    assert services.review_parent_views(agreed) == page.context["form"].initial["parent_views"]
