"""Odd input to the plan and review pages gets a clear message, never a server error, and nothing
is lost or half-saved (issue 7, low findings): numbers that are not numbers, text past a sensible
length, and NUL characters."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.plans.models import Assessment, Outcome, Plan
from sensupport.reviews import services as reviews

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("edit_version", ["abc", "", "-1", "1.5", "99999999999999999999", "\x00"])
def test_removing_an_item_with_a_broken_lock_token_removes_nothing_and_says_so(login, senco, draft, edit_version):
    client = login(senco)
    outcome = draft.outcomes.get()
    url = reverse("plans:item_remove", args=[draft.pupil_id, draft.pk])
    response = client.post(url, {"kind": "outcome", "item": outcome.pk, "edit_version": edit_version}, follow=True)
    assert response.status_code == 200
    assert "out of date, so nothing was removed" in response.content.decode()
    assert Outcome.objects.filter(pk=outcome.pk).exists()


@pytest.mark.parametrize("item", ["abc", "", "99999999999999999999"])
def test_removing_an_item_that_is_not_a_number_is_not_found(login, senco, draft, item):
    response = login(senco).post(
        reverse("plans:item_remove", args=[draft.pupil_id, draft.pk]),
        {"kind": "outcome", "item": item, "edit_version": draft.edit_version},
    )
    assert response.status_code == 404


def test_removing_an_item_with_the_current_token_still_works(login, senco, draft):
    outcome = draft.outcomes.get()
    response = login(senco).post(
        reverse("plans:item_remove", args=[draft.pupil_id, draft.pk]),
        {"kind": "outcome", "item": outcome.pk, "edit_version": draft.edit_version},
    )
    assert response.status_code == 302 and not Outcome.objects.filter(pk=outcome.pk).exists()


@pytest.mark.parametrize("token", ["abc", "99999999999999999999", "0"])
def test_a_broken_lock_token_on_the_draft_form_is_a_message(login, senco, draft, token):
    response = login(senco).post(
        reverse("plans:plan_edit", args=[draft.pupil_id, draft.pk]),
        {"edit_version": token, "pupil_views": "Kept", "review_date": ""},
    )
    assert (
        response.status_code == 200
        and "This form was incomplete or out of date, so nothing was saved" in response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.pupil_views != "Kept"


def test_draft_text_past_the_limit_is_refused_with_its_length_and_kept_in_the_form(login, senco, draft):
    words = "x" * 4001  # the limit is on the model field: Plan.pupil_views, 4,000
    response = login(senco).post(
        reverse("plans:plan_edit", args=[draft.pupil_id, draft.pk]),
        {"edit_version": draft.edit_version, "pupil_views": words, "review_date": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The pupil&#x27;s views must be 4,000 characters or less (it has 4001)" in page
    assert words in page  # nothing lost: it is still in the form
    assert Plan.objects.get(pk=draft.pk).pupil_views == "I like knowing what is next"


def test_a_nul_character_is_refused_with_a_message(login, senco, draft):
    response = login(senco).post(
        reverse("plans:plan_edit", args=[draft.pupil_id, draft.pk]),
        {"edit_version": draft.edit_version, "parent_views": "Mornings\x00 are hard", "review_date": ""},
    )
    assert response.status_code == 200
    assert "The parents&#x27; views must not contain a null character" in response.content.decode()


def test_assessment_summary_past_the_limit_is_refused(login, senco, assessed):
    assessment = assessed[0]
    response = login(senco).post(
        reverse("plans:assessment", args=[assessment.pupil_id, assessment.pk]),
        {
            "action": "summary",
            "summary-summary_version": assessment.summary_version,
            "summary-strengths": "y" * 3001,
            "summary-interests": "",
            "summary-what_helps": "",
        },
    )
    assert (
        response.status_code == 200
        and "Strengths must be 3,000 characters or less (it has 3001)" in response.content.decode()
    )
    assert Assessment.objects.get(pk=assessment.pk).strengths == ""


def test_early_review_reason_past_the_limit_or_with_nul_is_refused(login, parent, agreed):
    client = login(parent)
    url = reverse("reviews:early_review", args=[agreed.pupil_id])
    long = client.post(url, {"reason": "z" * 3001})
    nul = client.post(url, {"reason": "Worried\x00"})
    assert long.status_code == nul.status_code == 200
    assert "The reason must be 3,000 characters or less (it has 3001)" in long.content.decode()
    assert "The reason must not contain a null character" in nul.content.decode()
    assert not agreed.pupil.early_review_requests.exists()


def test_review_form_text_past_the_limit_is_refused(login, senco, agreed):
    response = login(senco).post(
        reverse("reviews:review_new", args=[agreed.pupil_id, agreed.pk]),
        {
            "held_on": agreed.agreed_on.isoformat(),
            "attendees": "a" * 1001,
            "parent_present": "yes",
            "decision": "continue",
            "summary": "ok",
        },
    )
    assert (
        response.status_code == 200
        and "Who came must be 1,000 characters or less (it has 1001)" in response.content.decode()
    )
    assert not hasattr(Plan.objects.get(pk=agreed.pk), "review")


def test_early_review_answer_with_a_nul_is_refused_and_nothing_is_answered(login, senco, parent, agreed):
    asked = reviews.early_review_request(pupil=agreed.pupil, actor=parent, reason="Worried")
    response = login(senco).post(
        reverse("reviews:early_review_answer", args=[agreed.pupil_id, asked.pk]), {"answer": "Yes\x00"}
    )
    assert response.status_code == 200 and "Your answer must not contain a null character" in response.content.decode()
    asked.refresh_from_db()
    assert asked.answered_at is None
