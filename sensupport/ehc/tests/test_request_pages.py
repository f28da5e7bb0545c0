"""The request's pages: the review's decision leads to a pre-filled request; the school, the family
and the LA each make or move it; all three see the same dates (from clock.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sensupport.ehc.clock import request_deadlines
from sensupport.ehc.models import EhcRequest
from sensupport.reviews.models import Review

pytestmark = pytest.mark.django_db


def test_a_review_that_decides_to_request_an_assessment_leads_to_a_prefilled_request(login, senco, agreed):
    client = login(senco)
    data = {
        "held_on": timezone.localdate().isoformat(),
        "attendees": "Mum, SENCO",
        "parent_present": "yes",
        "decision": Review.Decision.EHC_REQUEST,
        "summary": "Two cycles and the EP's advice have not closed the gap.",
    }
    for outcome in agreed.outcomes.all():
        data[f"outcome_{outcome.pk}"] = "none"
    for provision in agreed.provisions.all():
        data[f"delivered_{provision.pk}"] = "as_planned"
        data[f"helped_{provision.pk}"] = "no"
    response = client.post(reverse("reviews:review_new", args=[agreed.pupil.pk, agreed.pk]), data)
    review = Review.objects.get()
    assert response["Location"] == reverse("ehc:requests", args=[agreed.pupil.pk]) + f"?review={review.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "decided to request an EHC needs assessment" in page and "have not closed the gap" in page
    assert "What local authorities usually look for" in page and "section 36(8)" in page
    posted = client.post(
        reverse("ehc:requests", args=[agreed.pupil.pk]), {"review": review.pk, "reasons": "As the review said"}
    )
    made = EhcRequest.objects.get()
    assert posted["Location"] == reverse("ehc:request", args=[agreed.pupil.pk, made.pk]) and made.review == review


def test_the_family_asks_from_the_portal_in_plain_words(login, parent, pupil):
    client = login(parent)
    child = client.get(reverse("portal:child", args=[pupil.pk])).content.decode()
    assert reverse("ehc:family_request", args=[pupil.pk]) in child
    url = reverse("ehc:family_request", args=[pupil.pk])
    empty = client.post(url, {"reasons": ""}).content.decode()
    assert "Say why you are asking for an assessment" in empty
    response = client.post(url, {"reasons": "Peter is unhappy every day", "family_views": "We want a special school"})
    assert response.status_code == 302
    made = EhcRequest.objects.get()
    assert made.made_by_kind == "parent" and made.family_views == "We want a special school"
    page = client.get(url).content.decode()
    assert "Request sent on" in page and "has not yet said it has received" in page


def test_school_family_and_la_see_the_same_dates(login, received, senco, parent, la_officer):
    due = request_deadlines(received.received_on)
    expected = [f"{day.day} {day:%B %Y}" for day in due.values()]
    for user, url in (
        (senco, reverse("ehc:request", args=[received.pupil_id, received.pk])),
        (la_officer, reverse("ehc:request", args=[received.pupil_id, received.pk])),
        (parent, reverse("ehc:family_request", args=[received.pupil_id])),
    ):
        page = login(user).get(url).content.decode()
        assert all(day in page for day in expected), (user, url)


def test_the_officer_records_the_decision_and_a_stale_form_says_so(login, received, la_officer):
    client = login(la_officer)
    url = reverse("ehc:request_step", args=[received.pupil_id, received.pk])
    today = timezone.localdate().isoformat()
    stale = client.post(url, {"step": "assess", "on": today, "version": received.version - 1})
    assert "Someone else recorded a step" in stale.content.decode()
    done = client.post(url, {"step": "assess", "on": today, "version": received.version})
    assert done.status_code == 302
    received.refresh_from_db()
    assert received.stage == "assessing" and received.decision_on == timezone.localdate()


def test_a_decision_not_to_assess_shows_the_family_the_reasons_and_their_right_of_appeal(
    login, received, la_officer, parent
):
    url = reverse("ehc:request_step", args=[received.pupil_id, received.pk])
    no_reasons = login(la_officer).post(
        url, {"step": "not_assess", "on": timezone.localdate().isoformat(), "version": received.version}
    )
    assert "Give the reasons for the decision" in no_reasons.content.decode()
    login(la_officer).post(
        url,
        {
            "step": "not_assess",
            "on": timezone.localdate().isoformat(),
            "reasons": "Needs can be met with SEN Support",
            "version": received.version,
        },
    )
    page = login(parent).get(reverse("ehc:family_request", args=[received.pupil_id])).content.decode()
    assert "Needs can be met with SEN Support" in page and "First-tier Tribunal" in page


def test_an_exception_is_shown_to_the_family(login, received, la_officer, parent):
    login(la_officer).post(
        reverse("ehc:request_exception", args=[received.pupil_id, received.pk]),
        {"kind": "personal_circumstances", "reason": "A bereavement in the family", "version": received.version},
    )
    page = login(parent).get(reverse("ehc:family_request", args=[received.pupil_id])).content.decode()
    assert "A bereavement in the family" in page and "usual time limits do not apply" in page


def test_the_young_person_reads_you_and_your(login, young_person, pupil):
    page = login(young_person).get(reverse("ehc:family_request", args=[pupil.pk])).content.decode()
    assert "what support you must get" in page and "looks carefully at your needs" in page
    assert "Peter's needs" not in page


def test_the_pupil_page_links_to_the_request_for_the_senco_and_not_the_teacher(login, senco, teacher, pupil):
    url = reverse("ehc:requests", args=[pupil.pk])
    assert url in login(senco).get(reverse("pupils:pupil", args=[pupil.pk])).content.decode()
    assert url not in login(teacher).get(reverse("pupils:pupil", args=[pupil.pk])).content.decode()


def test_the_home_page_lists_open_requests_with_their_next_deadline(
    login, received, senco, la_officer, other_la_officer
):
    due = request_deadlines(received.received_on)["decision_to_assess"]
    for user in (senco, la_officer):
        home = login(user).get("/").content.decode()
        assert "EHC needs assessment requests" in home and f"{due.day} {due:%B %Y}" in home, user
    assert "EHC needs assessment requests</h2>" not in login(other_la_officer).get("/").content.decode()
