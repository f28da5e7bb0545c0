"""A new member of staff is invited by email to choose their own password; no password is ever
sent, and the link works once, only for an active account that signs in with a password."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from sensupport.accounts.invitations import invite_to_set_password
from sensupport.core.factories import UserFactory

NEW_PASSWORD = "plum orchard kettle rain"


def _link(message) -> str:
    match = re.search(r"https?://\S+/accounts/set-password/\S+/", message.body)
    assert match, message.body
    return "/accounts" + match.group(0).split("/accounts", 1)[1]


@pytest.fixture
def newcomer(school):
    user = UserFactory(
        role="teacher",
        school=school,
        username="new.teacher@oak.example",
        email="new.teacher@oak.example",
        first_name="Nia",
    )
    user.set_unusable_password()
    user.save()
    return user


@pytest.mark.django_db
def test_invitation_email_links_to_choosing_a_password_and_holds_no_password(client, newcomer, school):
    invite_to_set_password(newcomer)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [newcomer.email]
    assert school.name in message.body
    assert "password" in message.subject.lower()
    link = _link(message)
    page = client.get(link, follow=True)
    assert page.status_code == 200
    assert "Choose your password" in page.content.decode()
    response = client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD)
    # Signs in with it.
    response = client.post(reverse("accounts:login"), {"username": newcomer.username, "password": NEW_PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_invitation_link_works_once(client, newcomer):
    invite_to_set_password(newcomer)
    link = _link(mail.outbox[0])
    page = client.get(link, follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.logout()
    again = client.get(link, follow=True).content.decode()
    assert "This link has stopped working" in again


@pytest.mark.django_db
def test_link_stops_working_when_the_account_is_switched_off(client, newcomer):
    invite_to_set_password(newcomer)
    newcomer.is_active = False
    newcomer.save()
    page = client.get(_link(mail.outbox[0]), follow=True).content.decode()
    assert "This link has stopped working" in page


@pytest.mark.django_db
def test_families_are_not_invited_to_set_a_password(parent):
    with pytest.raises(ValueError):
        invite_to_set_password(parent)
    assert mail.outbox == []
