"""Parents, carers and young people sign in with a 6-digit code sent by email. Only a hash is
stored; a code works once, for 15 minutes, with 5 tries; an address gets 3 codes in 15 minutes;
the pages never say whether an address is registered; staff cannot use this route."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sensupport.accounts import login_codes
from sensupport.accounts.models import LoginCode
from sensupport.audit.models import AuditEvent

SENT = "If that address is registered, we have sent a code to it."

pytestmark = pytest.mark.django_db


def _ask(client, email):
    return client.post(reverse("accounts:code_request"), {"email": email}, follow=True)


def _code_from_outbox(index=-1) -> str:
    return re.search(r"\b(\d{6})\b", mail.outbox[index].body).group(1)


def _enter(client, code):
    return client.post(reverse("accounts:code_enter"), {"code": code})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_code_is_emailed_and_signs_the_parent_in(client, parent, pupil):
    response = _ask(client, parent.email.upper())
    assert SENT in response.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [parent.email]
    code = _code_from_outbox()
    stored = LoginCode.objects.get(user=parent)
    assert code not in stored.code_hash  # only a hash is kept
    assert stored.expires_at - stored.created_at <= dt.timedelta(minutes=15, seconds=1)
    response = _enter(client, f"{code[:3]} {code[3:]}")  # spaces are forgiven
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    assert _signed_in(client)
    assert client.get(reverse("portal:home")).status_code == 200
    assert AuditEvent.objects.filter(actor=parent, action="sign_in", target="account").exists()


def test_young_person_can_sign_in_with_a_code(client, young_person):
    _ask(client, young_person.email)
    _enter(client, _code_from_outbox())
    assert _signed_in(client)


def test_wrong_code_is_counted_and_refused(client, parent):
    _ask(client, parent.email)
    code = _code_from_outbox()
    wrong = "000000" if code != "000000" else "111111"
    response = _enter(client, wrong)
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not _signed_in(client)
    assert LoginCode.objects.get(user=parent).attempts == 1
    assert AuditEvent.objects.filter(actor=parent, action="sign_in_failed").exists()


def test_after_five_wrong_tries_the_code_is_dead(client, parent):
    _ask(client, parent.email)
    code = _code_from_outbox()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(login_codes.MAX_ATTEMPTS):
        _enter(client, wrong)
    assert LoginCode.objects.get(user=parent).attempts == 5
    response = _enter(client, code)  # even the right code no longer works
    assert response.status_code == 200
    assert not _signed_in(client)


def test_expired_code_is_refused(client, parent):
    _ask(client, parent.email)
    code = _code_from_outbox()
    LoginCode.objects.filter(user=parent).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    _enter(client, code)
    assert not _signed_in(client)


def test_code_expires_after_fifteen_minutes(parent):
    login_codes.login_code_request(email=parent.email)
    code = _code_from_outbox()
    later = timezone.now() + dt.timedelta(minutes=15, seconds=1)
    assert login_codes.login_code_verify(email=parent.email, code=code, now=later) is None
    assert login_codes.login_code_verify(email=parent.email, code=code) == parent


def test_a_code_works_only_once(client, parent, settings):
    _ask(client, parent.email)
    code = _code_from_outbox()
    _enter(client, code)
    assert _signed_in(client)
    assert login_codes.login_code_verify(email=parent.email, code=code) is None
    other = client.__class__()
    other.post(reverse("accounts:code_request"), {"email": parent.email})
    mail.outbox.clear()
    other.post(reverse("accounts:code_enter"), {"code": code})
    assert "_auth_user_id" not in other.session


def test_asking_again_retires_the_earlier_code(client, parent):
    _ask(client, parent.email)
    first = _code_from_outbox()
    _ask(client, parent.email)
    second = _code_from_outbox()
    if first != second:
        assert login_codes.login_code_verify(email=parent.email, code=first) is None
    assert login_codes.login_code_verify(email=parent.email, code=second) == parent


def test_three_codes_per_address_in_fifteen_minutes(client, parent):
    for _ in range(login_codes.MAX_CODES_PER_WINDOW + 2):
        response = _ask(client, parent.email)
        assert SENT in response.content.decode()  # the page says the same thing
    assert len(mail.outbox) == 3
    assert LoginCode.objects.filter(user=parent).count() == 3
    # Once the window has passed, a new code can be sent.
    LoginCode.objects.filter(user=parent).update(created_at=timezone.now() - dt.timedelta(minutes=16))
    _ask(client, parent.email)
    assert len(mail.outbox) == 4


def test_unknown_address_gets_the_same_page_and_no_email(client, parent):
    known = _ask(client, parent.email)
    mail.outbox.clear()
    unknown = _ask(client, "nobody@example.org")
    assert unknown.status_code == known.status_code == 200
    assert SENT in unknown.content.decode()
    assert mail.outbox == []
    response = _enter(client, "123456")
    assert "That code is not right" in response.content.decode()
    assert not _signed_in(client)


def test_staff_cannot_use_the_code_route(client, senco, professional, la_officer):
    for user in (senco, professional, la_officer):
        response = _ask(client, user.email)
        assert SENT in response.content.decode()
    assert mail.outbox == []
    assert not LoginCode.objects.exists()
    # Even a code made for them some other way is refused.
    assert login_codes.login_code_verify(email=senco.email, code="123456") is None


def test_inactive_parent_gets_no_code(client, parent):
    parent.is_active = False
    parent.save()
    _ask(client, parent.email)
    assert mail.outbox == []


def test_parent_whose_links_have_all_ended_signs_in_and_sees_no_children(client, parent, pupil):
    parent.child_links.update(ended_at=timezone.now())
    _ask(client, parent.email)
    _enter(client, _code_from_outbox())
    assert _signed_in(client)
    page = client.get(reverse("portal:home")).content.decode()
    assert "No children are linked to your account" in page
    assert pupil.display_name not in page


def test_enter_page_without_an_address_goes_back_to_the_start(client):
    response = client.get(reverse("accounts:code_enter"))
    assert response["Location"] == reverse("accounts:code_request")


def test_badly_formed_address_is_explained(client):
    response = client.post(reverse("accounts:code_request"), {"email": "not an address"})
    assert "Enter an email address in the correct format" in response.content.decode()


def test_staff_sign_in_page_links_to_the_code_route(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Parents, carers and young people: sign in with a code" in page
    assert reverse("accounts:code_request") in page


def test_code_pages_are_open_without_signing_in(client):
    assert client.get(reverse("accounts:code_request")).status_code == 200
