"""Parents hear when the school raises or decides a concern about their child, and read it in
words written for them, never the staff's working notes (issue 8)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from sensupport.portal.concern_words import concern_for_family
from sensupport.pupils import codes
from sensupport.pupils import services as register

STAFF_NOTES = "Refuses to sit with his group; kicked a chair in maths"


def test_an_open_concern_names_the_area_in_everyday_words():
    words = concern_for_family(name="Peter", is_self=False, broad_area=codes.BroadArea.SEMH, is_open=True, decision="")
    assert (
        words.noticed
        == "The school has noticed that Peter may need some extra help with feelings, worries and behaviour."
    )
    assert "talk with you before deciding anything" in words.next_steps


def test_a_young_person_is_spoken_to_as_you():
    words = concern_for_family(name="Noah", is_self=True, broad_area="", is_open=True, decision="")
    assert "Noah" not in words.noticed + words.next_steps
    assert "how you are getting on" in words.noticed


@pytest.mark.parametrize(
    ("decision", "phrase"),
    [
        ("sen_support", "started getting SEN Support"),
        ("monitor", "keep an eye"),
        ("no_further_action", "does not need extra help"),
    ],
)
def test_each_decision_says_what_happens_next(decision, phrase):
    words = concern_for_family(name="Peter", is_self=False, broad_area="", is_open=False, decision=decision)
    assert phrase in words.next_steps and words.heading == "What the school decided"


@pytest.mark.django_db
def test_raising_a_concern_tells_each_parent_separately_without_details(
    pupil, parent, teacher, django_capture_on_commit_callbacks
):
    from sensupport.core.factories import UserFactory, link_parent

    father = UserFactory(role="parent", email="dad@example.org")
    link_parent(father, pupil, relationship="Father")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        register.concern_raise(pupil=pupil, actor=teacher, noticed=STAFF_NOTES, broad_area=codes.BroadArea.SEMH)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([parent.email, father.email])
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    assert not any("chair" in m.body or "Refuses" in m.body for m in mail.outbox)


@pytest.mark.django_db
def test_a_parent_who_raised_the_worry_is_not_told_about_it_again(pupil, parent, django_capture_on_commit_callbacks):
    from sensupport.core.factories import UserFactory, link_parent

    father = UserFactory(role="parent", email="dad@example.org")
    link_parent(father, pupil, relationship="Father")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        register.concern_raise(pupil=pupil, actor=parent, noticed="He cries before school", via="portal")
    told = [m.to[0] for m in mail.outbox]
    assert father.email in told and parent.email not in told


@pytest.mark.django_db
def test_the_portal_shows_the_concern_in_family_words_not_the_staff_notes(
    pupil, parent, teacher, senco, login, django_capture_on_commit_callbacks
):
    concern = register.concern_raise(pupil=pupil, actor=teacher, noticed=STAFF_NOTES, broad_area=codes.BroadArea.SEMH)
    page = login(parent).get(reverse("portal:child", args=[pupil.pk])).content.decode()
    assert "What the school has noticed" in page and "feelings, worries and behaviour" in page
    assert "chair" not in page and teacher.last_name not in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        register.concern_decide(concern=concern, actor=senco, decision="monitor", notes="Watch for a term")
    page = login(parent).get(reverse("portal:child", args=[pupil.pk])).content.decode()
    assert "What the school decided" in page and "keep an eye" in page and "Watch for a term" not in page
    assert [m.to for m in mail.outbox] == [[parent.email]]
