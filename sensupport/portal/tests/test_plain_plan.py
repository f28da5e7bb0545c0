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
        plan=draft,
        actor=senco,
        expected_edit_version=draft.edit_version,
        review_date=draft.review_date,
        parent_responsibilities="Talk about tomorrow at bedtime.",
        pupil_responsibilities="Show the red card when it is too much.",
        school_responsibilities="The TA meets Peter at the gate.",
    )
    draft.refresh_from_db()
    plan_services.provision_save(
        plan=draft,
        actor=senco,
        expected_edit_version=draft.edit_version,
        barrier_ids=[anxiety.pk],
        kind=Provision.Kind.INTERVENTION,
        description="Calm club",
        delivered_by="ELSA",
        sessions_per_week=Decimal(2),
        minutes_per_session=20,
        group_size=4,
        setting=Provision.Setting.WITHDRAWN,
        replaces_lessons="part of assembly",
    )
    draft.refresh_from_db()
    return plan_services.plan_agree(
        plan=draft, actor=senco, agreed_on=timezone.localdate(), how=Plan.AgreedHow.MEETING, agreed_with="Mum"
    )


def test_child_page_shows_the_plan_in_plain_language(login, parent, pupil, rich_plan):
    page = login(parent).get(reverse("portal:child", args=[pupil.pk])).content.decode()
    for heading in [
        "What makes school hard for Peter",
        "What the school does",
        "What you can do at home",
        "What Peter will do",
        "What we hope for",
        "Next review",
    ]:
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
    assert (
        selectors.expand_acronyms("TA and SENCO")
        == "teaching assistant (TA) and special educational needs co-ordinator (SENCO)"
    )
    assert selectors.expand_acronyms("TAB") == "TAB"
    assert selectors.acronyms_in("see the EP", "ELSA group") == [
        ("ELSA", "emotional literacy support assistant"),
        ("EP", "educational psychologist"),
    ]


def test_previous_versions_are_listed_and_readable(login, parent, pupil, agreed, senco):
    v2 = plan_services.plan_new_version(plan=agreed, actor=senco)
    plan_services.plan_update_draft(
        plan=v2,
        actor=senco,
        expected_edit_version=v2.edit_version,
        review_date=timezone.localdate() + dt.timedelta(weeks=12),
    )
    v2.refresh_from_db()
    v2 = plan_services.plan_agree(
        plan=v2, actor=senco, agreed_on=timezone.localdate(), how=Plan.AgreedHow.MEETING, agreed_with="Mum"
    )
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
    older = MeetingSummary.objects.create(
        pupil=pupil, held_on=today - dt.timedelta(days=60), title="First meeting", what_was_said="Hello."
    )
    newer = MeetingSummary.objects.create(
        pupil=pupil,
        held_on=today - dt.timedelta(days=5),
        title="Second meeting",
        what_was_said="We talked.\nA lot.",
        agreed="Rest breaks.",
        actions="Mum: tell the teacher.",
    )
    client = login(parent)
    page = client.get(reverse("portal:child", args=[pupil.pk])).content.decode()
    assert page.index("Second meeting") < page.index("First meeting")
    assert "Meeting: starting special educational needs (SEN) support" in page  # the conversation in on_support
    full = client.get(reverse("portal:summary", args=[pupil.pk, newer.pk])).content.decode()
    assert "We talked.<br>A lot." in full and "Rest breaks." in full and "Mum: tell the teacher." in full
    assert client.get(reverse("portal:summary", args=[pupil.pk, older.pk])).status_code == 200


# ---- The family pages never contradict themselves: the wording follows the data.


def _support_line(draft, senco, assessed, **fields):
    _, anxiety, _ = assessed
    plan_services.provision_save(
        plan=draft,
        actor=senco,
        expected_edit_version=draft.edit_version,
        barrier_ids=[anxiety.pk],
        description="Quiet start",
        delivered_by="TA",
        **fields,
    )
    draft.refresh_from_db()
    return plan_services.plan_agree(
        plan=draft, actor=senco, agreed_on=timezone.localdate(), how=Plan.AgreedHow.MEETING, agreed_with="Mum"
    )


def _card(plan, description="Quiet start"):
    return next(s for s in selectors.plain_plan(plan, is_self=False).support if s.what == description)


def test_an_adjustment_made_out_of_class_is_never_called_in_class(login, parent, pupil, draft, senco, assessed):
    plan = _support_line(
        draft,
        senco,
        assessed,
        kind=Provision.Kind.ADJUSTMENT,
        setting=Provision.Setting.WITHDRAWN,
        replaces_lessons="registration",
    )
    card = _card(plan)
    assert "in class" not in card.heading.lower() and card.where.startswith("Out of class")
    html = login(parent).get(reverse("portal:plan", args=[pupil.pk, plan.pk])).content.decode()
    section = html[html.index("Quiet start") - 600 : html.index("registration")]
    assert "in class" not in section.lower()


def test_one_to_one_help_in_class_is_not_described_as_with_the_other_children(draft, senco, assessed):
    card = _card(_support_line(draft, senco, assessed, kind=Provision.Kind.ADULT_SUPPORT, group_size=1))
    assert card.where == "In class." and card.group == "Just Peter and an adult."


def test_a_support_line_that_has_ended_says_so(login, parent, pupil, draft, senco, assessed):
    today = timezone.localdate()
    plan = _support_line(
        draft,
        senco,
        assessed,
        kind=Provision.Kind.INTERVENTION,
        start_date=today - dt.timedelta(days=60),
        end_date=today - dt.timedelta(days=3),
    )
    ended = today - dt.timedelta(days=3)
    card = _card(plan)
    assert card.ended and card.when == f"Ended on {ended.day} {ended:%B %Y}."
    html = login(parent).get(reverse("portal:child", args=[pupil.pk])).content.decode()
    assert "Ended on" in html and ">Ended<" in html


def test_a_support_line_that_has_not_started_says_when_it_starts(draft, senco, assessed):
    start = timezone.localdate() + dt.timedelta(days=10)
    card = _card(_support_line(draft, senco, assessed, kind=Provision.Kind.INTERVENTION, start_date=start))
    assert not card.ended and card.when == f"Starts on {start.day} {start:%B %Y}."


def test_a_late_review_is_not_called_the_next_review(login, parent, pupil, agreed):
    due = timezone.localdate() - dt.timedelta(days=5)
    Plan.objects.filter(pk=agreed.pk).update(review_date=due)
    client = login(parent)
    child = client.get(reverse("portal:child", args=[pupil.pk])).content.decode()
    home = client.get(reverse("portal:home")).content.decode()
    for html in (child, home):
        assert "Next review" not in html
        assert f"The review was due on {'<strong>' if html is child else ''}{due.day} {due:%B %Y}" in html
