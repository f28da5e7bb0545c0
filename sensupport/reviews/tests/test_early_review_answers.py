"""An early-review request is answered once. Two people answering at the same time: the first
answer stands, the second is refused with both answers on screen, never written over the first
(issue 7, finding 9). Real HTTP against live_server; at once on PostgreSQL (see `race`)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.core.live_http import signed_in
from sensupport.plans.tests import conftest as plan_fixtures
from sensupport.plans.tests.live import race
from sensupport.reviews import services
from sensupport.reviews.models import EarlyReviewRequest

on_support, assessed, draft, agreed = (
    plan_fixtures.on_support,
    plan_fixtures.assessed,
    plan_fixtures.draft,
    plan_fixtures.agreed,
)


@pytest.fixture
def asked(agreed, parent):
    return services.early_review_request(
        pupil=agreed.pupil, actor=parent, reason="He is not sleeping since the change of teacher"
    )


@pytest.mark.django_db(transaction=True)
def test_two_answers_at_once_keep_the_first_and_show_the_second_person_both(live_server, asked, senco, head):
    url = reverse("reviews:early_review_answer", args=[asked.pupil_id, asked.pk])
    people = [signed_in(live_server, senco), signed_in(live_server, head)]
    assert all(p.get(url).status == 200 for p in people)  # both open the form before either sends
    words = ["We will meet on Monday (Sam)", "Let us talk on Tuesday (Hana)"]
    replies = race(
        *(lambda p=p, w=w: p.post(url, {"answer": w}) for p, w in zip(people, words)),
        gate_after=(services, "_answer_checks"),
    )
    sent, refused = sorted(replies, key=lambda r: r.status, reverse=True)
    assert (sent.status, refused.status) == (302, 200)
    asked.refresh_from_db()
    first, second = words if asked.answer == words[0] else words[::-1]
    assert asked.answer == first
    assert "so your answer has not been sent" in refused.text
    assert first in refused.text.split('id="answer-sent"')[1].split("</div>")[0]
    assert second in refused.text.split('id="answer-not-sent"')[1].split("</div>")[0]


@pytest.mark.django_db
def test_an_answer_from_a_form_opened_before_someone_else_answered_is_refused(asked, senco, head):
    opened_by_head = EarlyReviewRequest.objects.get(pk=asked.pk)  # open when the head loaded it
    services.early_review_answer(request=asked, actor=senco, answer="We will meet on Monday")
    with pytest.raises(services.AlreadyAnswered, match="Sam Senco answered this request"):
        services.early_review_answer(request=opened_by_head, actor=head, answer="Let us talk on Tuesday")
    asked.refresh_from_db()
    assert (asked.answer, asked.answered_by) == ("We will meet on Monday", senco)


@pytest.mark.django_db
def test_a_young_person_sees_their_own_requests_not_their_parents_reasons(asked, login):
    from sensupport.core.factories import UserFactory

    young_person = UserFactory(role="young_person", own_pupil_record=asked.pupil)
    page = login(young_person).get(reverse("reviews:early_review", args=[asked.pupil_id]))
    assert page.status_code == 200
    assert "not sleeping since the change of teacher" not in page.content.decode()
