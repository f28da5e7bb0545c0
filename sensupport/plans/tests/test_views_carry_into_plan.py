"""Views already given in the assessment (the pupil's, the parents') carry into the plan when it,
or its next version, is created, instead of being typed again (issue 8, part 2). Editable after;
what is already written in the plan is never overwritten."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from sensupport.plans import services
from sensupport.plans.services import CARRIED_VIEW_MORE, views_carried, views_text


def test_views_text_names_each_person_and_keeps_their_words():
    text = views_text(
        [
            {"name": "Peter", "what_is_hard": "Noisy lunch", "strengths": "", "what_helps": "Knowing what is next"},
            {"name": "Mum", "what_is_hard": "", "strengths": "Kind to his sister", "what_helps": ""},
            {"name": "Nobody", "what_is_hard": " ", "strengths": "", "what_helps": ""},
        ]
    )
    assert text == (
        "Peter said:\nWhat is hard: Noisy lunch\nWhat helps: Knowing what is next\n\nMum said:\nWhat goes well: "
        "Kind to his sister"
    )


def test_views_carried_fills_an_empty_field_and_never_overwrites_what_is_written():
    assert views_carried("", "Peter said: x", limit=100) == "Peter said: x"
    assert views_carried("Typed in the plan", "Peter said: x", limit=100) == "Typed in the plan\n\nPeter said: x"
    assert views_carried("Typed\n\nPeter said: x", "Peter said: x", limit=100) == "Typed\n\nPeter said: x"
    assert views_carried("Typed", "", limit=100) == "Typed"


def test_views_carried_too_long_is_cut_saying_the_rest_is_in_the_assessment():
    text = views_carried("", "x" * 200, limit=100)
    assert len(text) == 100 and text.endswith(CARRIED_VIEW_MORE)
    assert views_carried("w" * 95, "x" * 200, limit=100) == "w" * 95


@given(st.text(max_size=120), st.text(max_size=200), st.integers(60, 300))
def test_views_carried_keeps_the_written_text_first_stays_in_the_limit_and_is_idempotent(written, carried, limit):
    written = written[:limit]
    once = views_carried(written, carried, limit=limit)
    assert once.startswith(written.rstrip()) or once == written
    assert len(once) <= limit
    assert views_carried(once, carried, limit=limit) == once or len(once) + len(carried) > limit


def _view(assessment, senco, contributor, name, **words):
    return services.contributor_view_record(
        assessment=assessment, actor=senco, contributor=contributor, name=name, **words
    )


@pytest.mark.django_db
def test_a_new_plan_starts_with_the_pupils_and_parents_views_from_the_assessment(login, senco, assessed):
    assessment, _, _ = assessed
    _view(assessment, senco, "pupil", "Peter", what_is_hard="When the bell goes", what_helps="A warning first")
    _view(assessment, senco, "parent", "Mum", what_is_hard="Mornings are hard")
    _view(assessment, senco, "teacher", "Mr Oak", what_is_hard="Transitions")
    plan = services.plan_create_draft(pupil=assessment.pupil, actor=senco, assessment=assessment)
    assert plan.pupil_views == "Peter said:\nWhat is hard: When the bell goes\nWhat helps: A warning first"
    assert plan.parent_views == "Mum said:\nWhat is hard: Mornings are hard"
    assert "Mr Oak" not in plan.pupil_views + plan.parent_views
    # Editable afterwards, like any draft text.
    client = login(senco)
    edit = client.get(reverse("plans:plan_edit", args=[plan.pupil_id, plan.pk])).content.decode()
    assert "When the bell goes" in edit
    services.plan_update_draft(
        plan=plan, actor=senco, expected_edit_version=plan.edit_version, pupil_views="My own words"
    )
    plan.refresh_from_db()
    assert plan.pupil_views == "My own words"


@pytest.mark.django_db
def test_the_next_version_keeps_the_agreed_views_and_adds_the_new_assessments(senco, agreed, assessed):
    assessment, _, _ = assessed
    services.assessment_complete(assessment=assessment, actor=senco)
    second = services.assessment_start(pupil=assessment.pupil, actor=senco)
    _view(second, senco, "pupil", "Peter", what_helps="My timetable on the desk")
    draft = services.plan_new_version(plan=agreed, actor=senco, assessment=second)
    assert draft.pupil_views == "I like knowing what is next\n\nPeter said:\nWhat helps: My timetable on the desk"
    assert draft.parent_views == "Mornings are hard"  # no new parent view: as agreed
    agreed.refresh_from_db()
    assert agreed.pupil_views == "I like knowing what is next"  # the agreed version is untouched


@pytest.mark.django_db
def test_views_already_carried_are_not_carried_twice(senco, assessed):
    assessment, _, _ = assessed
    _view(assessment, senco, "pupil", "Peter", what_is_hard="Noise")
    first = services.plan_create_draft(pupil=assessment.pupil, actor=senco, assessment=assessment)
    services.plan_update_draft(
        plan=first,
        actor=senco,
        expected_edit_version=first.edit_version,
        review_date=first.created_at.date(),
        pupil_views=first.pupil_views,
        parent_views="Mum",
    )
    from sensupport.plans.models import Plan, Provision

    services.outcome_save(plan=first, actor=senco, expected_edit_version=None, description="x")
    services.provision_save(
        plan=first,
        actor=senco,
        expected_edit_version=None,
        barrier_ids=[],
        kind=Provision.Kind.ADJUSTMENT,
        description="y",
        delivered_by="TA",
    )
    first.refresh_from_db()
    agreed = services.plan_agree(
        plan=first, actor=senco, agreed_on=first.created_at.date(), how=Plan.AgreedHow.MEETING, agreed_with="Mum"
    )
    draft = services.plan_new_version(plan=agreed, actor=senco, assessment=assessment)
    assert draft.pupil_views == "Peter said:\nWhat is hard: Noise"
