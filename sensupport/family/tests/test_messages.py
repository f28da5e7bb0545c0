"""The home-school message log: threads kept with the pupil, read marks, unread counts, and emails
that say there is a message without saying what it is."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from sensupport.family import selectors, services
from sensupport.family.models import Message, MessageThread

pytestmark = pytest.mark.django_db

SECRET = "He was very upset about the diagnosis"


def test_a_family_message_emails_the_schools_sencos_without_the_content(
    pupil, parent, senco, second_senco, teacher, other_school_senco, login, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://sen.example.org"
    client = login(parent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("family:messages", args=[pupil.pk]), {"subject": "Diagnosis news", "body": SECRET}
        )
    thread = MessageThread.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("family:thread", args=[pupil.pk, thread.pk])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([senco.email, second_senco.email])
    for email in mail.outbox:
        assert email.subject == "A new message about Peter R."
        assert "a new message about Peter R." in email.body
        assert f"https://sen.example.org/pupils/{pupil.pk}/messages/{thread.pk}/" in email.body
        assert SECRET not in email.body and SECRET not in email.subject
        assert "Diagnosis" not in email.body and "Diagnosis" not in email.subject
        assert "Rabbit" not in email.body and "Rabbit" not in email.subject


def test_a_staff_reply_emails_the_parents_with_parental_responsibility_without_the_content(
    pupil, parent, senco, teacher, login, django_capture_on_commit_callbacks
):
    from sensupport.core.factories import UserFactory, link_parent

    no_pr = UserFactory(role="parent", first_name="Step", last_name="Parent")
    link_parent(no_pr, pupil, relationship="Step-parent", has_parental_responsibility=False)
    thread = services.message_thread_start(pupil=pupil, author=parent, subject="PE kit", body="Where is it?")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        login(teacher).post(
            reverse("family:staff_thread", args=[pupil.pk, thread.pk]), {"body": "In the lost property box, " + SECRET}
        )
    assert [m.to for m in mail.outbox] == [[parent.email]]
    email = mail.outbox[0]
    assert SECRET not in email.body and "lost property" not in email.body and "PE kit" not in email.body
    assert reverse("family:thread", args=[pupil.pk, thread.pk]) in email.body


def test_reading_marks_the_other_sides_messages_read_and_unread_counts_follow(pupil, parent, senco, login):
    thread = services.message_thread_start(pupil=pupil, author=parent, subject="Trip", body="Can I come on the trip?")
    services.message_send(thread=thread, author=parent, body="Also, lunch?")
    assert selectors.unread_count(pupil, for_family=False) == 2
    assert selectors.unread_count(pupil, for_family=True, reader=parent) == 0
    staff = login(senco)
    listing = staff.get(reverse("family:staff_messages", args=[pupil.pk]))
    assert [t.unread for t in listing.context["threads"]] == [2]
    staff.get(reverse("family:staff_thread", args=[pupil.pk, thread.pk]))
    assert selectors.unread_count(pupil, for_family=False) == 0
    assert Message.objects.filter(from_family=True, read_by_school_at__isnull=True).count() == 0

    staff.post(reverse("family:staff_thread", args=[pupil.pk, thread.pk]), {"body": "Yes, please come."})
    assert selectors.unread_count(pupil, for_family=True, reader=parent) == 1
    assert selectors.unread_counts_for_family(parent) == {pupil.pk: 1}
    family = login(parent)
    page = family.get(reverse("family:messages", args=[pupil.pk]))
    assert [t.unread for t in page.context["threads"]] == [1]
    thread_page = family.get(reverse("family:thread", args=[pupil.pk, thread.pk]))
    assert "Yes, please come." in thread_page.content.decode()
    assert selectors.unread_count(pupil, for_family=True, reader=parent) == 0
    assert selectors.unread_counts_for_family(parent) == {}


def test_messages_are_dated_and_kept_in_order_with_the_pupil(pupil, parent, senco):
    thread = services.message_thread_start(pupil=pupil, author=parent, subject="Reading", body="First")
    services.message_send(thread=thread, author=senco, body="Second")
    services.message_send(thread=thread, author=parent, body="Third")
    bodies = list(pupil.message_threads.get().messages.values_list("body", "from_family"))
    assert bodies == [("First", True), ("Second", False), ("Third", True)]
    assert all(m.sent_at for m in thread.messages.all())


def test_staff_can_start_a_conversation_with_the_family(
    pupil, parent, senco, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(senco).post(
            reverse("family:staff_messages", args=[pupil.pk]), {"subject": "Meeting", "body": "Could we meet?"}
        )
    thread = MessageThread.objects.get()
    assert response["Location"] == reverse("family:staff_thread", args=[pupil.pk, thread.pk])
    assert [m.to for m in mail.outbox] == [[parent.email]]
    assert thread.messages.get().from_family is False


def test_an_empty_message_is_refused(pupil, parent, login):
    response = login(parent).post(reverse("family:messages", args=[pupil.pk]), {"subject": "", "body": ""})
    assert response.status_code == 200
    assert not MessageThread.objects.exists()


def test_another_schools_staff_cannot_write(pupil, other_school_senco):
    with pytest.raises(services.FamilyError):
        services.message_thread_start(pupil=pupil, author=other_school_senco, subject="x", body="y")
