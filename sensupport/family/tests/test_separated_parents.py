"""Separated parents (docs/adr/0006): both see the child's record; each parent's own messages,
reasons and email address stay theirs; the school sees everything, labelled by parent.

The mother and the father are two real sessions against a running server, each signed in
through the real sign-in by emailed code, with their own cookie, as at their own homes."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sensupport.core.live_http import plain, signed_in
from sensupport.family import selectors, services
from sensupport.family.models import Message, MessageThread, PlanResponse

pytestmark = pytest.mark.django_db(transaction=True)

FATHERS_REASON = "Noah misses science for this, and I want it moved"
MOTHERS_MESSAGE = "We are moving house next month; please keep the new address private"


# ---------------------------------------------------------------- Disagreements


def test_one_parents_disagreement_is_hidden_from_the_other_and_shown_to_the_school_labelled(
    live_server, agreed, mother, father, senco
):
    pupil = agreed.pupil
    respond = reverse("family:respond", args=[pupil.pk, agreed.pk])
    dad, mum, school = signed_in(live_server, father), signed_in(live_server, mother), signed_in(live_server, senco)

    sent = dad.post(respond, {"response": "disagree", "parts": "other", "reason": FATHERS_REASON})
    record = PlanResponse.objects.get()
    assert sent.status == 302 and sent.location == reverse("family:my_response", args=[pupil.pk, record.pk])
    fathers_page = reverse("family:my_response", args=[pupil.pk, record.pk])
    assert FATHERS_REASON in plain(dad.get(fathers_page))
    assert fathers_page in dad.get(respond).text

    assert mum.get(fathers_page).status == 404
    her_respond_page = mum.get(respond)
    assert her_respond_page.status == 200
    assert fathers_page not in her_respond_page.text
    assert FATHERS_REASON not in plain(her_respond_page)
    assert "What you have told the school already" not in plain(her_respond_page)
    assert FATHERS_REASON not in plain(mum.get(reverse("portal:child", args=[pupil.pk])))

    staff_page = school.get(reverse("family:response", args=[pupil.pk, record.pk]))
    assert staff_page.status == 200
    assert "Mark Father (father) disagrees with part of the plan" in plain(staff_page)
    assert FATHERS_REASON in plain(staff_page)
    assert "Mark Father (father) disagrees" in plain(school.get(reverse("family:inbox")))


# ---------------------------------------------------------------- Messages


def test_each_parent_has_their_own_conversations_and_the_school_sees_both_labelled(
    live_server, pupil, mother, father, senco
):
    mum, dad, school = signed_in(live_server, mother), signed_in(live_server, father), signed_in(live_server, senco)
    family_list = reverse("family:messages", args=[pupil.pk])

    started = mum.post(family_list, {"subject": "Moving house", "body": MOTHERS_MESSAGE})
    thread = MessageThread.objects.get()
    assert started.status == 302
    mothers_thread = reverse("family:thread", args=[pupil.pk, thread.pk])

    # The father cannot list, open or answer the mother's conversation.
    assert "Moving house" not in plain(dad.get(family_list))
    assert dad.get(mothers_thread).status == 404
    assert thread.family_member == mother
    refused = dad.post(mothers_thread, {"body": "Where are you moving to?"})
    assert refused.status == 404
    assert Message.objects.count() == 1

    # The father writes his own; the mother cannot see it.
    dad.post(family_list, {"subject": "Parents' evening", "body": "Can I have my own appointment?"})
    fathers = MessageThread.objects.get(family_member=father)
    assert "Parents' evening" not in plain(mum.get(family_list))
    assert mum.get(reverse("family:thread", args=[pupil.pk, fathers.pk])).status == 404

    # The school sees both, each labelled with who it is with.
    inbox = plain(school.get(reverse("family:inbox")))
    assert "from Pam Parent (mother): Moving house" in inbox and "from Mark Father (father): Parents' evening" in inbox
    listing = plain(school.get(reverse("family:staff_messages", args=[pupil.pk])))
    assert "With Pam Parent (mother)" in listing and "With Mark Father (father)" in listing
    staff_view = plain(school.get(reverse("family:staff_thread", args=[pupil.pk, thread.pk])))
    assert "Conversation with Pam Parent (mother)" in staff_view and MOTHERS_MESSAGE in staff_view


def test_a_school_reply_is_emailed_and_counted_unread_only_for_the_parent_it_is_with(
    live_server, pupil, mother, father, senco
):
    thread = services.message_thread_start(pupil=pupil, author=mother, subject="Moving house", body=MOTHERS_MESSAGE)
    mail.outbox.clear()
    school = signed_in(live_server, senco)
    school.post(reverse("family:staff_thread", args=[pupil.pk, thread.pk]), {"body": "Thank you, noted."})

    assert [m.to for m in mail.outbox] == [[mother.email]]
    assert selectors.unread_count(pupil, for_family=True, reader=mother) == 1
    assert selectors.unread_count(pupil, for_family=True, reader=father) == 0

    dad, mum = signed_in(live_server, father), signed_in(live_server, mother)
    assert "1 new" not in plain(dad.get(reverse("family:messages", args=[pupil.pk])))
    mum.get(reverse("family:thread", args=[pupil.pk, thread.pk]))
    assert selectors.unread_count(pupil, for_family=True, reader=mother) == 0


def test_the_school_writes_to_one_named_parent_and_the_other_cannot_read_it(live_server, pupil, mother, father, senco):
    school, mum, dad = signed_in(live_server, senco), signed_in(live_server, mother), signed_in(live_server, father)
    staff_list = reverse("family:staff_messages", args=[pupil.pk])

    unchosen = school.post(staff_list, {"subject": "Contact", "body": "Hello"})
    assert unchosen.status == 200 and "Choose who in the family to write to." in plain(unchosen)
    assert not MessageThread.objects.exists()

    mail.outbox.clear()
    sent = school.post(
        staff_list, {"family_member": father.pk, "subject": "Contact", "body": "Could you call the office?"}
    )
    thread = MessageThread.objects.get()
    assert sent.status == 302 and thread.family_member == father
    assert [m.to for m in mail.outbox] == [[father.email]]
    assert "Contact" not in plain(mum.get(reverse("family:messages", args=[pupil.pk])))
    assert mum.get(reverse("family:thread", args=[pupil.pk, thread.pk])).status == 404
    assert "Could you call the office?" in plain(dad.get(reverse("family:thread", args=[pupil.pk, thread.pk])))


def test_the_school_cannot_write_to_someone_outside_the_family(pupil, mother, other_parent, senco):
    with pytest.raises(services.FamilyError) as refused:
        services.message_thread_start(pupil=pupil, author=senco, subject="x", body="y", family_member=other_parent)
    assert refused.value.field == "family_member"
    with pytest.raises(services.FamilyError):
        services.message_thread_start(pupil=pupil, author=other_parent, subject="x", body="y")


# ---------------------------------------------------------------- Meeting summaries


def test_a_meeting_summary_goes_to_each_parent_in_an_email_of_their_own(
    pupil, mother, father, senco, django_capture_on_commit_callbacks
):
    from sensupport.pupils import services as register

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        register.parent_conversation_record(
            pupil=pupil,
            actor=senco,
            held_on=timezone.localdate(),
            method="meeting",
            purpose="concern",
            parents_present="Mother and father",
            summary="We talked about mornings",
        )
    assert len(mail.outbox) == 2
    for email in mail.outbox:
        addresses = [*email.to, *email.cc, *email.bcc]
        assert len(addresses) == 1, addresses
        other = father.email if addresses == [mother.email] else mother.email
        assert other not in email.message().as_string()
    assert sorted(email.to[0] for email in mail.outbox) == sorted([mother.email, father.email])


# ---------------------------------------------------------------- Reading what the school holds


def test_both_parents_see_the_childs_record(live_server, agreed, mother, father):
    from sensupport.family.models import Consent

    pupil = agreed.pupil
    Consent.objects.create(pupil=pupil, kind="referral", purpose="Speech and language therapy")
    for parent in (mother, father):
        visitor = signed_in(live_server, parent)
        assert visitor.get(reverse("portal:plan", args=[pupil.pk, agreed.pk])).status == 200
        assert "Speech and language therapy" in plain(visitor.get(reverse("portal:consents", args=[pupil.pk])))
        summaries = pupil.meeting_summaries.all()
        assert summaries and all(
            visitor.get(reverse("portal:summary", args=[pupil.pk, s.pk])).status == 200 for s in summaries
        )


def test_a_legacy_conversation_the_school_started_is_copied_to_each_parent(pupil, mother, father, senco):
    """The migration's rule: nobody loses a message the school sent to the whole family."""
    from importlib import import_module

    from django.apps import apps

    thread = MessageThread.objects.create(pupil=pupil, subject="Trip", started_by=senco)
    Message.objects.create(thread=thread, author=senco, body="The trip is on Friday", from_family=False)
    replied = MessageThread.objects.create(pupil=pupil, subject="Lunch", started_by=senco)
    Message.objects.create(thread=replied, author=senco, body="Menu?", from_family=False)
    Message.objects.create(thread=replied, author=father, body="No fish please", from_family=True)

    import_module("sensupport.family.migrations.0002_message_thread_family_member").assign_family_members(apps, None)

    assert sorted(MessageThread.objects.filter(subject="Trip").values_list("family_member", flat=True)) == sorted(
        [mother.pk, father.pk]
    )
    for copy in MessageThread.objects.filter(subject="Trip"):
        assert list(copy.messages.values_list("body", flat=True)) == ["The trip is on Friday"]
    assert MessageThread.objects.get(subject="Lunch").family_member == father
