"""The SENCO's inbox: everything families contribute in one list, newest first, with what needs an
answer by when; scoped to the school; a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sensupport.family import services
from sensupport.family.models import Consent

pytestmark = pytest.mark.django_db


def _everything(plan, parent, senco):
    """One of each kind of contribution about the pupil on this plan."""
    from sensupport.reviews import services as reviews
    from sensupport.voice.models import AboutMe, Walkthrough

    pupil = plan.pupil
    services.meeting_prep_save(pupil=pupil, parent=parent, barriers_at_home="Mornings", what_helps_at_home="")
    services.plan_response_record(plan=plan, parent=parent, response="disagree", parts=["other"], reason="Not enough")
    reviews.early_review_request(pupil=pupil, actor=parent, reason="New worries")
    services.message_thread_start(pupil=pupil, author=parent, subject="Hello", body="A question")
    Consent.objects.create(
        pupil=pupil,
        kind="referral",
        purpose="Speech and language therapy",
        requested_by=senco,
        given_by=parent,
        given_at=timezone.now(),
        withdrawn_by=parent,
        withdrawn_at=timezone.now(),
    )
    AboutMe.objects.create(pupil=pupil, hard="Loud lunch hall")
    Walkthrough.objects.create(pupil=pupil)


def test_inbox_lists_each_kind_with_links_and_due_dates(agreed, parent, senco, login):
    _everything(agreed, parent, senco)
    response = login(senco).get(reverse("family:inbox"))
    assert response.status_code == 200
    items = response.context["items"]
    kinds = sorted(i.kind for i in items)
    assert kinds == ["about_me", "consent", "disagreement", "early_review", "message", "prep", "walkthrough"]
    assert [i.at for i in items] == sorted((i.at for i in items), reverse=True)
    due = {i.kind: i.due for i in items if i.due}
    assert set(due) == {"disagreement", "early_review"}
    html = response.content.decode()
    pupil = agreed.pupil
    early = pupil.early_review_requests.get()
    assert reverse("reviews:early_review_answer", args=[pupil.pk, early.pk]) in html
    assert reverse("family:staff_prep", args=[pupil.pk, pupil.meeting_preps.get().pk]) in html
    assert reverse("family:staff_thread", args=[pupil.pk, pupil.message_threads.get().pk]) in html


def test_opening_an_item_takes_it_out_of_the_inbox(agreed, parent, senco, login):
    _everything(agreed, parent, senco)
    client = login(senco)
    pupil = agreed.pupil
    client.get(reverse("family:staff_prep", args=[pupil.pk, pupil.meeting_preps.get().pk]))
    client.get(reverse("family:staff_thread", args=[pupil.pk, pupil.message_threads.get().pk]))
    kinds = {i.kind for i in client.get(reverse("family:inbox")).context["items"]}
    assert "prep" not in kinds and "message" not in kinds
    assert "disagreement" in kinds  # open until it is resolved, not merely seen


def test_opening_the_inbox_audits_a_read_of_each_pupil_it_shows(agreed, parent, senco, school, login):
    from sensupport.audit.models import AuditEvent
    from sensupport.core.factories import PupilFactory, UserFactory, link_parent

    _everything(agreed, parent, senco)
    other = PupilFactory(school=school)
    quiet = PupilFactory(school=school)  # nothing from the family: not shown, not audited
    their_parent = UserFactory(role="parent")
    link_parent(their_parent, other)
    services.message_thread_start(pupil=other, author=their_parent, subject="Hi", body="Hello")

    login(senco).get(reverse("family:inbox"))
    rows = AuditEvent.objects.filter(actor=senco, target="family inbox", pupil__isnull=False)
    assert sorted(rows.values_list("pupil_id", flat=True)) == sorted([agreed.pupil_id, other.pk])
    assert set(rows.values_list("action", "via")) == {("list", "web")}
    assert not AuditEvent.objects.filter(actor=senco, pupil=quiet).exists()


def test_answered_early_reviews_and_old_withdrawals_leave_the_inbox(agreed, parent, senco, login):
    from sensupport.reviews import services as reviews

    req = reviews.early_review_request(pupil=agreed.pupil, actor=parent, reason="Worried")
    Consent.objects.create(
        pupil=agreed.pupil,
        kind="referral",
        purpose="OT",
        requested_by=senco,
        withdrawn_by=parent,
        withdrawn_at=timezone.now() - dt.timedelta(days=31),
    )
    client = login(senco)
    assert [i.kind for i in client.get(reverse("family:inbox")).context["items"]] == ["early_review"]
    reviews.early_review_answer(request=req, actor=senco, answer="Yes, let us meet")
    assert client.get(reverse("family:inbox")).context["items"] == []


def test_other_school_senco_sees_only_their_own_schools_items(
    agreed, parent, senco, other_school_senco, other_school_senco_pupil_plan, login
):
    from sensupport.core.factories import UserFactory, link_parent

    _everything(agreed, parent, senco)
    their_parent = UserFactory(role="parent")
    link_parent(their_parent, other_school_senco_pupil_plan.pupil)
    services.meeting_prep_save(
        pupil=other_school_senco_pupil_plan.pupil, parent=their_parent, barriers_at_home="Elm", what_helps_at_home=""
    )
    items = login(other_school_senco).get(reverse("family:inbox")).context["items"]
    assert [(i.kind, i.pupil) for i in items] == [("prep", other_school_senco_pupil_plan.pupil)]
    ours = login(senco).get(reverse("family:inbox")).context["items"]
    assert all(i.pupil == agreed.pupil for i in ours)


def test_voice_items_link_to_the_voice_page_when_it_exists(agreed, senco, login):
    from django.urls import NoReverseMatch

    from sensupport.voice.models import AboutMe

    AboutMe.objects.create(pupil=agreed.pupil, hard="Noise")
    html = login(senco).get(reverse("family:inbox")).content.decode()
    assert "New &#x27;about me&#x27; in the pupil" in html or "New 'about me' in the pupil" in html
    try:
        url = reverse("voice:staff_voice", args=[agreed.pupil_id])
    except NoReverseMatch:
        return  # the voice pages are not there yet: the item shows without a link
    assert url in html


def _make_pupils(n, school, senco):
    from sensupport.core.factories import PupilFactory, UserFactory, link_parent
    from sensupport.reviews import services as reviews

    for i in range(n):
        pupil = PupilFactory(school=school)
        parent = UserFactory(role="parent")
        link_parent(parent, pupil)
        services.meeting_prep_save(pupil=pupil, parent=parent, barriers_at_home=f"Note {i}", what_helps_at_home="")
        reviews.early_review_request(pupil=pupil, actor=parent, reason="Worried")
        services.message_thread_start(pupil=pupil, author=parent, subject="Hi", body="Hello")
        Consent.objects.create(
            pupil=pupil,
            kind="sharing",
            purpose="EP",
            requested_by=senco,
            withdrawn_by=parent,
            withdrawn_at=timezone.now(),
        )


def _count_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("family:inbox"))
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.context["items"])


def test_inbox_reads_a_fixed_number_of_queries(agreed, parent, senco, school, login):
    from sensupport.family.models import PlanResponse

    client = login(senco)
    _make_pupils(1, school, senco)
    services.plan_response_record(plan=agreed, parent=parent, response="disagree", parts=["other"], reason="x")
    one, items_one = _count_queries(client)
    _make_pupils(19, school, senco)
    PlanResponse.objects.create(plan=agreed, parent=parent, response="agree")
    twenty, items_twenty = _count_queries(client)
    assert items_twenty > items_one * 10
    assert one == twenty
