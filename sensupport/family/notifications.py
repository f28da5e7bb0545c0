"""Emails that tell one side of a home-school conversation there is something new to read.

They never carry the message or its subject: email is not a safe place for what families and
schools say about a child. They say who it is about (first name and initial) and link to it."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django_tasks import task

from sensupport.accounts.models import Role, User

from .models import Message
from .selectors import family_members
from .tasks import family_recipients


def short_name(pupil) -> str:
    """First name and the initial of the surname: enough to know who, not enough to identify."""
    forename = pupil.preferred_forename or pupil.forename
    surname = pupil.preferred_surname or pupil.surname
    return f"{forename} {surname[:1]}." if surname else forename


def school_recipients(pupil) -> list[str]:
    """The school's SENCO(s)."""
    return sorted(
        {
            email
            for email in User.objects.filter(school_id=pupil.school_id, role=Role.SENCO, is_active=True).values_list(
                "email", flat=True
            )
            if email
        }
    )


def _send(*, recipients: list[str], pupil, url: str) -> int:
    if not recipients:
        return 0
    name = short_name(pupil)
    body = (
        f"There is a new message about {name} in sensupport.\n\n"
        f"Sign in to read it and reply:\n{settings.SITE_URL}{url}\n\n"
        "For privacy, we do not put messages in emails.\n"
    )
    # One email per person, so nobody sees who else was told.
    for recipient in recipients:
        EmailMessage(subject=f"A new message about {name}", body=body, to=[recipient]).send()
    return len(recipients)


@task()
def notify_school_of_message(message_id: int) -> int:
    message = Message.objects.select_related("thread__pupil").get(pk=message_id)
    pupil = message.thread.pupil
    url = reverse("family:staff_thread", args=[pupil.pk, message.thread_id])
    return _send(recipients=school_recipients(pupil), pupil=pupil, url=url)


@task()
def notify_family_of_message(message_id: int) -> int:
    """Only the family member the conversation is with: separated parents never learn of each
    other's conversations (docs/adr/0006)."""
    message = Message.objects.select_related("thread__pupil", "thread__family_member").get(pk=message_id)
    pupil = message.thread.pupil
    member = message.thread.family_member
    url = reverse("family:thread", args=[pupil.pk, message.thread_id])
    recipients = [member.email] if member is not None and member.is_active and member.email else []
    return _send(recipients=recipients, pupil=pupil, url=url)


@task()
def notify_family_of_consent_request(consent_id: int) -> int:
    """The school has asked for consent: tell the family there is something to answer, not what."""
    from .models import Consent

    consent = Consent.objects.select_related("pupil").get(pk=consent_id)
    pupil = consent.pupil
    url = reverse("portal:consents", args=[pupil.pk])
    name = short_name(pupil)
    body = (
        f"{name}'s school has asked for your consent in sensupport.\n\n"
        f"Sign in to read what they asked and to answer:\n{settings.SITE_URL}{url}\n\n"
        "You can say yes or no, and you can change your mind later.\n"
    )
    recipients = family_recipients(pupil)
    for recipient in recipients:
        EmailMessage(subject=f"The school is asking for your consent about {name}", body=body, to=[recipient]).send()
    return len(recipients)


@task()
def notify_school_of_concern(concern_id: int) -> int:
    """A family has told the school about a worry: tell the SENCO there is one to look at."""
    from sensupport.pupils.models import Concern

    concern = Concern.objects.select_related("pupil").get(pk=concern_id)
    pupil = concern.pupil
    url = reverse("pupils:concern", args=[pupil.pk, concern.pk])
    name = short_name(pupil)
    body = (
        f"A parent or carer has told the school about a worry about {name}.\n\n"
        f"Sign in to read it:\n{settings.SITE_URL}{url}\n"
    )
    recipients = school_recipients(pupil)
    for recipient in recipients:
        EmailMessage(subject=f"A family has raised a concern about {name}", body=body, to=[recipient]).send()
    return len(recipients)


@task()
def notify_family_of_concern(concern_id: int, event: str, actor_id: int | None = None) -> int:
    """The school has raised (`event="raised"`) or decided (`"decided"`) a concern about the child:
    tell the family there is something to read, never what it says. Not the family member who
    raised it themselves; one email per person (docs/adr/0006)."""
    from sensupport.pupils.models import Concern

    concern = Concern.objects.select_related("pupil").get(pk=concern_id)
    pupil = concern.pupil
    name = short_name(pupil)
    url = reverse("portal:child", args=[pupil.pk]) + "#concerns"
    first = "The school is looking into how" if event == "raised" else "The school has decided what happens next for"
    body = (
        f"{first} {name}{' is getting on' if event == 'raised' else ''}.\n\n"
        f"Sign in to read about it and to talk to the school:\n{settings.SITE_URL}{url}\n\n"
        "For privacy, we do not put details in emails.\n"
    )
    subject = (
        f"The school is looking into how {name} is getting on" if event == "raised" else f"What happens next for {name}"
    )
    recipients = [
        member.user.email for member in family_members(pupil) if member.user.email and member.user.pk != actor_id
    ]
    for recipient in sorted(set(recipients)):
        EmailMessage(subject=subject, body=body, to=[recipient]).send()
    return len(set(recipients))
