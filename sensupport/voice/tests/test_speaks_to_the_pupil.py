"""Pages a pupil reads or fills in speak to the pupil ("you"), never about them ("the pupil",
"they", their name): as the young person on their own record, and, where a parent records with
the child, in the questions the parent reads out. The checker and its limits: addressing.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sensupport.family.consent import consent_give, consent_request
from sensupport.plans import services as plans
from sensupport.plans.models import Plan
from sensupport.plans.tests.conftest import assessed, draft, on_support  # noqa: F401
from sensupport.voice import services
from sensupport.voice.tests.addressing import third_person_slips

pytestmark = pytest.mark.django_db

NAMES = ("Peter", "Rabbit")
CHILD_QUESTIONS = {"label", "legend"}


@pytest.fixture
def young_person(pupil):
    from sensupport.core.factories import UserFactory

    pupil.date_of_birth = dt.date(timezone.localdate().year - 16, 1, 1)
    pupil.year_group = "11"
    pupil.save()
    return UserFactory(role="young_person", first_name="Peter", last_name="Rabbit", own_pupil_record=pupil)


def _day(pupil, actor):
    """A finished walk-through in which lunch and PE are hard, both about noise."""
    walk = services.walkthrough_start(
        pupil=pupil,
        actor=actor,
        with_whom="",
        lessons_before_break=["Maths"],
        lessons_after_break=["English"],
        lessons_after_lunch=["PE"],
    )
    for part in walk.parts.all():
        feeling, hard = {"Lunch": (1, "It is too noisy"), "PE": (2, "The hall is loud")}.get(part.label, (4, ""))
        services.walkthrough_part_record(part=part, actor=actor, feeling=feeling, hard=hard, easier="")
    services.walkthrough_complete(walkthrough=walk, actor=actor)
    return walk


@pytest.fixture
def own_plan(draft, senco):  # noqa: F811 (the imported fixture, requested by name)
    """An agreed plan whose staff-written text does not name the child (see addressing.py)."""
    draft.outcomes.update(description="Arrives calm and stays in class")
    return plans.plan_agree(
        plan=draft, actor=senco, agreed_on=timezone.localdate(), how=Plan.AgreedHow.MEETING, agreed_with="Peter"
    )


def _pupil_pages(pupil, walk, plan):
    return {
        "about me": reverse("voice:about_me", args=[pupil.pk]),
        "my school day": reverse("voice:walkthrough", args=[pupil.pk]),
        "a part of the day": reverse("voice:walkthrough_part", args=[pupil.pk, walk.pk, 5]),
        "day map": reverse("voice:day_map", args=[pupil.pk, walk.pk]),
        "my record": reverse("portal:home"),
        "my support": reverse("portal:child", args=[pupil.pk]),
        "my support plan": reverse("portal:plan", args=[pupil.pk, plan.pk]),
        "consent": reverse("portal:consents", args=[pupil.pk]),
        "tell the school about a worry": reverse("portal:raise_concern", args=[pupil.pk]),
        "get ready for a meeting": reverse("family:prepare", args=[pupil.pk]),
        "say if you agree": reverse("family:respond", args=[pupil.pk, plan.pk]),
        "messages": reverse("family:messages", args=[pupil.pk]),
    }


def test_every_page_a_young_person_reads_says_you(login, young_person, pupil, own_plan, senco, professional):
    walk = _day(pupil, young_person)
    services.about_me_record(
        pupil=pupil, actor=young_person, good_at="Coding", likes="Music", hard="Noise", helps="Quiet", with_whom=""
    )
    consent = consent_request(
        pupil=pupil,
        actor=senco,
        kind="sharing",
        professional=professional,
        purpose="So the psychologist can read the plan",
    )
    consent_give(consent=consent, parent=young_person)
    client = login(young_person)
    slips = {}
    for page, url in _pupil_pages(pupil, walk, own_plan).items():
        response = client.get(url)
        assert response.status_code == 200, page
        found = third_person_slips(response.content.decode(), names=NAMES)
        if found:
            slips[page] = found
    assert slips == {}, "\n".join(f"{page}: {s}" for page, found in slips.items() for s in found)


def test_the_questions_a_parent_reads_out_say_you(login, parent, pupil):
    walk = _day(pupil, parent)
    client = login(parent)
    for url in (
        reverse("voice:about_me", args=[pupil.pk]),
        reverse("voice:walkthrough_part", args=[pupil.pk, walk.pk, 5]),
    ):
        html = client.get(url).content.decode()
        assert "Peter" in html  # the page names the child to the parent...
        assert (
            third_person_slips(html, names=NAMES, only=CHILD_QUESTIONS, skip_for=("id_with_whom",)) == []
        )  # ...the questions ask "you"


def test_a_young_person_s_day_map_gives_reasons_to_them_and_a_parent_s_about_the_child(
    login, young_person, parent, pupil
):
    own = (
        login(young_person)
        .get(reverse("voice:day_map", args=[pupil.pk, _day(pupil, young_person).pk]))
        .content.decode()
    )
    assert "and you talk about noise" in own and "and they talk about noise" not in own
    mums = login(parent).get(reverse("voice:day_map", args=[pupil.pk, _day(pupil, parent).pk])).content.decode()
    assert "and they talk about noise" in mums


# ---- The checker itself: it finds slips, and lets legitimate uses through.


def _page(body: str) -> str:
    return f"<html><head><title>Peter</title></head><body><main>{body}</main></body></html>"


@pytest.mark.parametrize(
    "body",
    [
        "<p>Ask the pupil how it feels.</p>",
        "<p>What makes it hard for them?</p>",
        "<p>Peter will leave the classroom for this.</p>",
        "<p>Lunch feels hard, and they talk about noise.</p>",
    ],
)
def test_the_checker_finds_third_person(body):
    assert third_person_slips(_page(body), names=NAMES)


@pytest.mark.parametrize(
    "body",
    [
        "<p>Tell the school about a worry. They will look into it and talk to you.</p>",
        '<span class="govuk-caption-l">Peter Rabbit</span><h1>Your day map</h1>',
        "<p>Lunch feels hard. In your words: “they shout at Peter”</p>",
        '<label for="id_x">What do you like?</label><textarea name="x">They are nice</textarea>',
        "<p>Their name, for example a teaching assistant or a parent.</p>",
    ],
)
def test_the_checker_lets_legitimate_uses_through(body):
    assert third_person_slips(_page(body), names=NAMES) == []


def test_the_checker_reads_only_the_questions_on_a_parent_s_page():
    html = _page(
        "<p>Ask Peter about this part of the day. They can point to a face.</p>"
        '<legend>How does it feel?</legend><label for="id_with_whom">Who helped Peter?</label>'
        '<label for="id_hard">What does Peter find hard?</label>'
    )
    assert third_person_slips(html, names=NAMES, only=CHILD_QUESTIONS, skip_for=("id_with_whom",)) == [
        "What does Peter find hard?"
    ]


@pytest.mark.django_db
def test_a_young_person_is_not_offered_to_disagree_about_my_child(login, young_person, pupil, own_plan):
    page = login(young_person).get(reverse("family:respond", args=[pupil.pk, own_plan.pk])).content.decode()
    assert "gets in the way of learning (the barriers)" in page and "my child" not in page
