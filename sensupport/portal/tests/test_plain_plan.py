"""The plan in plain language: short sentences, "you" and the child's name, no unexplained
short forms; previous versions, meetings and written summaries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sensupport.family.models import MeetingSummary
from sensupport.plans import services as plan_services
from sensupport.plans.models import Plan, Provision
from sensupport.portal import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich_plan(draft, senco, assessed):
    """Peter's plan with responsibilities, an outcome measure, and a withdrawn small-group session."""
    _, anxiety, _ = assessed
    plan_services.plan_update_draft(
        plan=draft, actor=senco, expected_edit_version=draft.edit_version, review_date=draft.review_date,
        parent_responsibilities="Talk about tomorrow at bedtime.", pupil_responsibilities="Show the red card when it is too much.",
        school_responsibilities="The TA meets Peter at the gate.",
    )
    draft.refresh_from_db()
    plan_services.provision_save(
        plan=draft, actor=senco, expected_edit_version=draft.edit_version, barrier_ids=[anxiety.pk],
        kind=Provision.Kind.INTERVENTION, description="Calm club", delivered_by="ELSA",
        sessions_per_week=Decimal(2), minutes_per_session=20, group_size=4, setting=Provision.Setting.WITHDRAWN,
        replaces_lessons="part of assembly",
    )
    draft.refresh_from_db()
    return plan_services.plan_agree(plan=draft, actor=senco, agreed_on=timezone.localdate(), how=Plan.AgreedHow.MEETING, agreed_with="Mum")


def test_child_page_shows_the_plan_in_plain_language(login, parent, pupil, rich_plan):
    page = login(parent).get(reverse("portal:child", args=[pupil.pk])).content.decode()
    for heading in ["What makes school hard for Peter", "What the school does", "What you can do at home",
                    "What Peter will do", "What we hope for", "Next review"]:
        assert heading in page, heading
    assert "Anxiety at transitions" in page and "Fatigue in the afternoon" in page
    assert "Talk about tomorrow at bedtime." in page
    assert "Show the red card when it is too much." in page
    assert "Peter arrives calm and stays in class" in page
    assert "Twice a week, for 20 minutes each time." in page
    assert "Out of class. Peter will leave the classroom for this, instead of part of assembly." in page
    assert "In a small group of 4 children." in page
    assert "Emotional literacy support assistant (ELSA)" in page
    assert "Teaching assistant (TA)" in page  # who gives the support, spelled out
    assert "Short words in this plan" in page  # "The TA meets Peter" in the school's words: a word list explains it
    assert rich_plan.review_date.strftime("%-d %B %Y") in page
    assert reverse("plans:profile", args=[pupil.pk, rich_plan.pk]) in page
    assert reverse("portal:consents", args=[pupil.pk]) in page
    assert reverse("reviews:early_review", args=[pupil.pk]) in page
    assert "£" not in page  # costs are the school's business, not shown to families


def test_young_person_is_spoken_to_as_you(login, young_person, pupil, agreed):
    page = login(young_person).get(reverse("portal:child", args=[pupil.pk])).content.decode()
    assert "What makes school hard for you" in page
    assert "What you will do" in page
    assert "What your family can do at home" in page
    assert "Whenever you need it." in page


def test_how_often_reads_naturally():
    p = Provision(kind=Provision.Kind.INTERVENTION, sessions_per_week=Decimal(1), minutes_per_session=30)
    assert selectors.how_often(p, "Peter") == "Once a week, for 30 minutes each time."
    p = Provision(kind=Provision.Kind.ADJUSTMENT)
    assert selectors.how_often(p, "Peter") == "Whenever Peter needs it."
    p = Provision(kind=Provision.Kind.INTERVENTION, sessions_per_week=Decimal(5))
    assert selectors.how_often(p, "Peter") == "Every school day."


def test_short_forms_are_spelled_out():
    assert selectors.expand_acronyms("TA and SENCO") == "teaching assistant (TA) and special educational needs co-ordinator (SENCO)"
    assert selectors.expand_acronyms("TAB") == "TAB"
    assert selectors.acronyms_in("see the EP", "ELSA group") == [("ELSA", "emotional literacy support assistant"), ("EP", "educational psychologist")]


def test_previous_versions_are_listed_and_readable(login, parent, pupil, agreed, senco):
    v2 = plan_services.plan_new_version(plan=agreed, actor=senco)
    plan_services.plan_update_draft(plan=v2, actor=senco, expected_edit_version=v2.edit_version,
                                    review_date=timezone.localdate() + dt.timedelta(weeks=12))
    v2.refresh_from_db()
    v2 = plan_services.plan_agree(plan=v2, actor=senco, agreed_on=timezone.localdate(), how=Plan.AgreedHow.MEETING, agreed_with="Mum")
    agreed.refresh_from_db()
    client = login(parent)
    page = client.get(reverse("portal:child", args=[pupil.pk])).content.decode()
    assert "Earlier versions of the plan" in page
    assert reverse("portal:plan", args=[pupil.pk, agreed.pk]) in page
    old = client.get(reverse("portal:plan", args=[pupil.pk, agreed.pk])).content.decode()
    assert "This is an earlier version." in old
    assert reverse("portal:plan", args=[pupil.pk, v2.pk]) in old


def test_meetings_and_written_summaries_newest_first(login, parent, pupil, on_support):
    today = timezone.localdate()
    older = MeetingSummary.objects.create(pupil=pupil, held_on=today - dt.timedelta(days=60), title="First meeting", what_was_said="Hello.")
    newer = MeetingSummary.objects.create(pupil=pupil, held_on=today - dt.timedelta(days=5), title="Second meeting",
                                          what_was_said="We talked.\nA lot.", agreed="Rest breaks.", actions="Mum: tell the teacher.")
    client = login(parent)
    page = client.get(reverse("portal:child", args=[pupil.pk])).content.decode()
    assert page.index("Second meeting") < page.index("First meeting")
    assert "Meeting: starting special educational needs (SEN) support" in page  # the conversation in on_support
    full = client.get(reverse("portal:summary", args=[pupil.pk, newer.pk])).content.decode()
    assert "We talked.<br>A lot." in full and "Rest breaks." in full and "Mum: tell the teacher." in full
    assert client.get(reverse("portal:summary", args=[pupil.pk, older.pk])).status_code == 200
