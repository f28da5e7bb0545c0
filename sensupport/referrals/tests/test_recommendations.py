"""Advice that reaches the plan: each recommendation accepted into the next plan version as support
linked to barriers and credited to the advice (what the parents agreed is never changed), or
declined with a reason the family sees."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.audit.models import AuditEvent
from sensupport.core.testing.access import LEADS, OUT_OF_SCOPE_NAMES, check_access, expect
from sensupport.plans.models import Plan
from sensupport.referrals import services
from sensupport.referrals.models import Recommendation

pytestmark = pytest.mark.django_db


def test_the_professional_and_the_senco_add_recommendations(login, professional, senco, accepted, report):
    url = reverse("referrals:recommendation_add", args=[accepted.pupil_id, accepted.pk])
    login(professional).post(url, {"text": "Visual timetable", "report": report.pk})
    login(senco).post(url, {"text": "Quiet space at lunch (from the report, page 4)"})
    texts = list(accepted.recommendations.values_list("text", "recorded_by"))
    assert texts == [
        ("Visual timetable", professional.pk),
        ("Quiet space at lunch (from the report, page 4)", senco.pk),
    ]


def test_accepting_puts_it_in_a_new_draft_and_leaves_the_agreed_plan_alone(
    login, senco, recommendation, agreed, assessed
):
    _, anxiety, _ = assessed
    agreed_support = list(agreed.provisions.values_list("description", flat=True))
    response = login(senco).post(
        reverse(
            "referrals:recommendation_accept",
            args=[recommendation.referral.pupil_id, recommendation.referral_id, recommendation.pk],
        ),
        {"barriers": [anxiety.pk], "kind": "adjustment", "delivered_by": "Class teacher"},
    )
    draft = Plan.objects.get(status=Plan.Status.DRAFT)
    assert response["Location"] == reverse("plans:plan", args=[draft.pupil_id, draft.pk])
    assert draft.version == agreed.version + 1
    added = draft.provisions.get(description__startswith="A movement break")
    assert "recommended by Pat Psychologist (Educational psychology service), report of" in added.description
    assert list(added.barriers.all()) == [anxiety]
    agreed.refresh_from_db()
    assert list(agreed.provisions.values_list("description", flat=True)) == agreed_support
    recommendation.refresh_from_db()
    assert recommendation.state == "accepted" and recommendation.plan == draft and recommendation.provision == added
    assert AuditEvent.objects.filter(target=AuditEvent.Target.RECOMMENDATION, summary__contains="version").exists()


def test_accepting_needs_barriers(senco, recommendation):
    with pytest.raises(services.ReferralError) as refused:
        services.recommendation_accept(
            actor=senco, recommendation=recommendation, barrier_ids=[], kind="adjustment", delivered_by="TA"
        )
    assert refused.value.field == "barriers"
    assert not Plan.objects.filter(status=Plan.Status.DRAFT).exists()


def test_declining_needs_a_reason_and_the_family_reads_it(login, senco, parent, recommendation):
    url = reverse(
        "referrals:recommendation_decline",
        args=[recommendation.referral.pupil_id, recommendation.referral_id, recommendation.pk],
    )
    response = login(senco).post(url, {"reason": ""})
    assert response.status_code == 400 and "Say why, in words the family will read" in response.content.decode()
    login(senco).post(url, {"reason": "He already has a movement break in the morning; we will review it first."})
    recommendation.refresh_from_db()
    assert recommendation.state == Recommendation.State.DECLINED
    page = login(parent).get(reverse("referrals:family", args=[recommendation.referral.pupil_id])).content.decode()
    assert "The school is not doing this, because: He already has a movement break" in page


def test_a_recommendation_is_acted_on_once(senco, recommendation):
    services.recommendation_decline(actor=senco, recommendation=recommendation, reason="Not now", via="api")
    with pytest.raises(services.ReferralError, match="already been declined"):
        services.recommendation_decline(actor=senco, recommendation=recommendation, reason="Again")
    assert AuditEvent.objects.get(target=AuditEvent.Target.RECOMMENDATION, summary__startswith="Declined").via == "api"


def test_only_the_senco_or_head_act_on_recommendations(client, request, recommendation):
    args = [recommendation.referral.pupil_id, recommendation.referral_id, recommendation.pk]
    hidden = OUT_OF_SCOPE_NAMES | {"service_admin"}
    check_access(client, request, reverse("referrals:recommendation", args=args), expect(allowed=LEADS, hidden=hidden))
    check_access(
        client,
        request,
        reverse("referrals:recommendation_decline", args=args),
        expect(allowed=LEADS, ok=400, hidden=hidden),
        method="POST",
        unchanged=lambda: Recommendation.objects.get().state,
    )


def test_the_plan_checks_and_the_review_show_advice_not_yet_acted_on(login, senco, recommendation, agreed):
    client = login(senco)
    plan_page = client.get(reverse("plans:plan", args=[agreed.pupil_id, agreed.pk])).content.decode()
    assert "Outside advice has been acted on" in plan_page and "A movement break every afternoon" in plan_page
    review_page = client.get(reverse("reviews:review_new", args=[agreed.pupil_id, agreed.pk])).content.decode()
    assert "Outside advice not yet acted on" in review_page and "A movement break every afternoon" in review_page
    services.recommendation_decline(actor=senco, recommendation=recommendation, reason="Not now")
    assert (
        "Outside advice has been acted on"
        not in client.get(reverse("plans:plan", args=[agreed.pupil_id, agreed.pk])).content.decode()
    )
