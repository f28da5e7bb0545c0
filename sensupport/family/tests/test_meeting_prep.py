"""A parent prepares for a meeting; the SENCO sees it; it becomes the parents' view in the review."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sensupport.family import services
from sensupport.family.models import MeetingPrep
from sensupport.family.questions import QUESTIONS

pytestmark = pytest.mark.django_db


def test_the_question_list_is_plain_english_data():
    assert 8 <= len(QUESTIONS) <= 12
    assert len({q.key for q in QUESTIONS}) == len(QUESTIONS)
    assert any(q.text == "How will you measure my child's progress?" for q in QUESTIONS)


def test_the_meeting_date_is_prefilled_with_the_next_review_date(agreed, parent, login):
    response = login(parent).get(reverse("family:prepare", args=[agreed.pupil_id]))
    assert response.status_code == 200
    assert response.context["form"].initial["meeting_on"] == agreed.review_date


def test_parent_saves_and_then_changes_their_preparation(agreed, parent, login):
    client = login(parent)
    url = reverse("family:prepare", args=[agreed.pupil_id])
    response = client.post(
        url,
        {
            "meeting_on": agreed.review_date.isoformat(),
            "barriers_at_home": "Tired after school",
            "what_helps_at_home": "Quiet time first",
            "questions": ["progress", "home"],
            "other_questions": "Can he sit near the door?",
        },
    )
    assert response.status_code == 302
    prep = MeetingPrep.objects.get()
    assert prep.parent == parent and prep.questions == ["progress", "home"]
    client.post(url, {"barriers_at_home": "Tired, and worried about tests", "questions": ["progress"]})
    assert MeetingPrep.objects.count() == 1
    prep.refresh_from_db()
    assert prep.barriers_at_home == "Tired, and worried about tests"
    assert prep.questions == ["progress"]


def test_an_empty_preparation_is_refused(agreed, parent, login):
    response = login(parent).post(reverse("family:prepare", args=[agreed.pupil_id]), {"barriers_at_home": "  "})
    assert response.status_code == 200
    assert "Write something about your child" in response.content.decode()
    assert not MeetingPrep.objects.exists()


def test_unknown_question_keys_are_refused(agreed, parent):
    with pytest.raises(services.FamilyError):
        services.meeting_prep_save(
            pupil=agreed.pupil, parent=parent, barriers_at_home="x", what_helps_at_home="", questions=["not-a-question"]
        )


def test_senco_opening_the_preparation_marks_it_seen_and_a_change_makes_it_new_again(agreed, parent, senco, login):
    prep = services.meeting_prep_save(
        pupil=agreed.pupil, parent=parent, barriers_at_home="Mornings", what_helps_at_home=""
    )
    response = login(senco).get(reverse("family:staff_prep", args=[agreed.pupil_id, prep.pk]))
    assert response.status_code == 200
    assert "Mornings" in response.content.decode()
    prep.refresh_from_db()
    assert prep.seen_by_school_at is not None
    services.meeting_prep_save(
        pupil=agreed.pupil, parent=parent, prep=prep, barriers_at_home="Mornings and bedtime", what_helps_at_home=""
    )
    prep.refresh_from_db()
    assert prep.seen_by_school_at is None


def _review_post(plan):
    data = {
        "held_on": timezone.localdate().isoformat(),
        "attendees": "Mum, SENCO",
        "parent_present": "yes",
        "pupil_views": "",
        "parent_views": "",
        "decision": "continue",
        "summary": "Keep going",
    }
    for o in plan.outcomes.all():
        data[f"outcome_{o.pk}"] = "good"
    for p in plan.provisions.all():
        data[f"delivered_{p.pk}"] = "as_planned"
        data[f"helped_{p.pk}"] = "yes"
    return data


def test_preparation_flows_into_the_review_form_in_the_parents_words_and_is_marked_used(agreed, parent, senco, login):
    prep = services.meeting_prep_save(
        pupil=agreed.pupil,
        parent=parent,
        barriers_at_home="He is exhausted by Thursday",
        what_helps_at_home="A snack and ten quiet minutes",
        questions=["progress", "ehc_assessment"],
        other_questions="Can he have a rest break?",
    )
    client = login(senco)
    url = reverse("reviews:review_new", args=[agreed.pupil_id, agreed.pk])
    initial = client.get(url).context["form"].initial["parent_views"]
    assert "He is exhausted by Thursday" in initial
    assert "What gets in the way:" in initial and "What helps at home:" in initial
    assert "A snack and ten quiet minutes" in initial
    assert "How will you measure my child's progress?" in initial
    assert "Would an education, health and care needs assessment help?" in initial
    assert "Can he have a rest break?" in initial
    assert "Pam Parent" in initial

    data = _review_post(agreed)
    data["parent_views"] = initial
    assert client.post(url, data).status_code == 302
    prep.refresh_from_db()
    assert prep.used_in_review is not None
    assert prep.used_in_review.parent_views == initial
    assert prep.seen_by_school_at is not None
    # Used: no longer changeable, and no longer offered to the next review.
    with pytest.raises(services.FamilyError):
        services.meeting_prep_save(
            pupil=agreed.pupil, parent=parent, prep=prep, barriers_at_home="changed", what_helps_at_home=""
        )
    assert services.meeting_prep_for_review(agreed.pupil) == []


def test_used_preparation_is_not_shown_for_editing_and_a_new_one_can_be_written(agreed, parent, senco, login):
    prep = services.meeting_prep_save(pupil=agreed.pupil, parent=parent, barriers_at_home="Old", what_helps_at_home="")
    client = login(senco)
    client.post(reverse("reviews:review_new", args=[agreed.pupil_id, agreed.pk]), _review_post(agreed))
    prep.refresh_from_db()
    assert prep.used_in_review is not None
    parent_client = login(parent)
    page = parent_client.get(reverse("family:prepare", args=[agreed.pupil_id]))
    assert page.context["prep"] is None
    assert "Used at earlier meetings" in page.content.decode()
    parent_client.post(reverse("family:prepare", args=[agreed.pupil_id]), {"barriers_at_home": "New"})
    assert MeetingPrep.objects.count() == 2


def test_without_preparation_the_review_form_keeps_the_plans_parent_views(agreed, senco, login):
    initial = login(senco).get(reverse("reviews:review_new", args=[agreed.pupil_id, agreed.pk])).context["form"].initial
    assert initial["parent_views"] == agreed.parent_views


def test_each_parents_preparation_flows_into_the_review_labelled_with_who_wrote_it(agreed, parent, senco, login):
    """Separated parents each prepare; the review hears both, and both are marked used."""
    from sensupport.core.factories import UserFactory, link_parent

    dad = UserFactory(role="parent", first_name="Dan", last_name="Dad")
    link_parent(dad, agreed.pupil, relationship="Father")
    mums = services.meeting_prep_save(
        pupil=agreed.pupil, parent=parent, barriers_at_home="Mum's view", what_helps_at_home=""
    )
    dads = services.meeting_prep_save(
        pupil=agreed.pupil,
        parent=dad,
        barriers_at_home="Dad's view",
        what_helps_at_home="",
        meeting_on=timezone.localdate() + dt.timedelta(days=3),
    )
    assert services.meeting_prep_for_review(agreed.pupil) == [dads, mums]
    client = login(senco)
    url = reverse("reviews:review_new", args=[agreed.pupil_id, agreed.pk])
    initial = client.get(url).context["form"].initial["parent_views"]
    assert "by Pam Parent (mother)" in initial and "Mum's view" in initial
    assert "by Dan Dad (father)" in initial and "Dad's view" in initial
    data = _review_post(agreed)
    data["parent_views"] = initial
    assert client.post(url, data).status_code == 302
    assert all(p.used_in_review_id for p in MeetingPrep.objects.all())
    assert services.meeting_prep_for_review(agreed.pupil) == []
