"""A parent agrees, or disagrees with parts of the plan and why; the SENCO resolves it; the parent
sees the answer and the routes open to them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sensupport.family import services
from sensupport.family.models import PlanResponse
from sensupport.family.routes import ROUTES

pytestmark = pytest.mark.django_db


def test_disagreement_needs_at_least_one_part_and_a_reason(agreed, parent):
    with pytest.raises(services.FamilyError) as no_parts:
        services.plan_response_record(plan=agreed, parent=parent, response="disagree", parts=[], reason="Not enough")
    assert no_parts.value.field == "parts"
    with pytest.raises(services.FamilyError) as no_reason:
        services.plan_response_record(plan=agreed, parent=parent, response="disagree", parts=["barriers"], reason="  ")
    assert no_reason.value.field == "reason"
    assert not PlanResponse.objects.exists()


def test_the_form_says_what_is_missing(agreed, parent, login):
    response = login(parent).post(
        reverse("family:respond", args=[agreed.pupil_id, agreed.pk]), {"response": "disagree"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose which parts of the plan you disagree with." in html
    assert "Say why you disagree" in html
    assert not PlanResponse.objects.exists()


def test_the_parts_offered_are_this_plans_outcomes_support_barriers_review_date_and_something_else(
    agreed, parent, login
):
    form = login(parent).get(reverse("family:respond", args=[agreed.pupil_id, agreed.pk])).context["form"]
    keys = [key for key, _ in form.fields["parts"].choices]
    outcome_keys = [f"outcome:{o.pk}" for o in agreed.outcomes.all()]
    provision_keys = [f"provision:{p.pk}" for p in agreed.provisions.all()]
    assert keys == ["barriers", *outcome_keys, *provision_keys, "review_date", "other"]


def test_agree_path(agreed, parent, login):
    client = login(parent)
    response = client.post(reverse("family:respond", args=[agreed.pupil_id, agreed.pk]), {"response": "agree"})
    record = PlanResponse.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "family:my_response", args=[agreed.pupil_id, record.pk]
    )
    assert record.response == "agree" and record.status == PlanResponse.Status.RESOLVED and record.answer_due is None
    page = client.get(response["Location"]).content.decode()
    assert "You agree with the plan" in page
    assert "SENDIASS" not in page


def test_disagreement_lifecycle(agreed, parent, senco, login, settings):
    settings.EARLY_REVIEW_ANSWER_DAYS = 7
    outcome = agreed.outcomes.first()
    client = login(parent)
    response = client.post(
        reverse("family:respond", args=[agreed.pupil_id, agreed.pk]),
        {
            "response": "disagree",
            "parts": [f"outcome:{outcome.pk}", "review_date"],
            "reason": "Ten weeks is too long to wait",
        },
    )
    record = PlanResponse.objects.get()
    assert record.status == PlanResponse.Status.OPEN
    assert record.parts == [f"outcome:{outcome.pk}", "review_date"]
    assert record.answer_due == timezone.localdate() + dt.timedelta(days=7)

    # The parent sees it is waiting, and the routes open to them.
    page = client.get(response["Location"]).content.decode()
    assert "Waiting for an answer" in page
    assert outcome.description in page
    for route in ROUTES:
        assert route.title in page
    assert "SENDIASS" in page and "6 weeks" in page

    # It is in the SENCO's inbox with its due date.
    staff = login(senco)
    items = staff.get(reverse("family:inbox")).context["items"]
    [item] = [i for i in items if i.kind == "disagreement"]
    assert item.due == record.answer_due and not item.overdue

    # The SENCO opens it (seen) and resolves it.
    url = reverse("family:response", args=[agreed.pupil_id, record.pk])
    assert staff.get(url).status_code == 200
    record.refresh_from_db()
    assert record.seen_by_school_at is not None
    assert staff.post(url, {"resolution": ""}).status_code == 200  # required
    assert staff.post(url, {"resolution": "We will review in four weeks instead."}).status_code == 302
    record.refresh_from_db()
    assert record.status == PlanResponse.Status.RESOLVED and record.resolved_by == senco and record.resolved_at
    assert not [i for i in staff.get(reverse("family:inbox")).context["items"] if i.kind == "disagreement"]

    # The parent sees the resolution.
    page = login(parent).get(reverse("family:my_response", args=[agreed.pupil_id, record.pk])).content.decode()
    assert "We will review in four weeks instead." in page
    assert "Answered" in page


def test_a_resolved_disagreement_cannot_be_resolved_again(agreed, parent, senco):
    record = services.plan_response_record(plan=agreed, parent=parent, response="disagree", parts=["other"], reason="x")
    services.plan_response_resolve(response=record, actor=senco, resolution="Done")
    with pytest.raises(services.FamilyError):
        services.plan_response_resolve(response=record, actor=senco, resolution="Again")


def test_only_senco_or_head_of_the_school_resolves(agreed, parent, teacher, other_school_senco, head):
    record = services.plan_response_record(plan=agreed, parent=parent, response="disagree", parts=["other"], reason="x")
    for actor in (teacher, other_school_senco, parent):
        with pytest.raises(services.FamilyError):
            services.plan_response_resolve(response=record, actor=actor, resolution="No")
    services.plan_response_resolve(response=record, actor=head, resolution="Yes")


def test_an_overdue_disagreement_is_highlighted_in_the_inbox(agreed, parent, senco, login):
    record = services.plan_response_record(plan=agreed, parent=parent, response="disagree", parts=["other"], reason="x")
    PlanResponse.objects.filter(pk=record.pk).update(answer_due=timezone.localdate() - dt.timedelta(days=1))
    response = login(senco).get(reverse("family:inbox"))
    [item] = [i for i in response.context["items"] if i.kind == "disagreement"]
    assert item.overdue
    assert "Overdue" in response.content.decode()


def test_staff_cannot_respond_as_the_family(agreed, senco):
    with pytest.raises(services.FamilyError):
        services.plan_response_record(plan=agreed, parent=senco, response="agree")
