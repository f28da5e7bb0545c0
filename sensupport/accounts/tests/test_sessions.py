"""The session store reads a session through a prepared query and keeps Django's expiry rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from sensupport.accounts.sessions import SessionStore


@pytest.mark.django_db
def test_a_saved_session_loads_and_an_expired_or_unknown_one_does_not():
    store = SessionStore()
    store["who"] = "senco"
    store.save()
    assert SessionStore(store.session_key).load() == {"who": "senco"}
    assert SessionStore("no-such-session-key-at-all").load() == {}
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    expired = SessionStore(store.session_key)
    assert expired.load() == {} and expired.session_key is None  # a new session would get a new key


@pytest.mark.django_db
def test_signing_in_and_out_still_works(client, senco):
    client.force_login(senco)
    assert client.get("/").status_code == 200
    client.logout()
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_views_get_the_signed_in_user_itself_not_a_lazy_wrapper(client, senco, rf):
    from django.utils.functional import LazyObject, SimpleLazyObject

    from sensupport.accounts.middleware import unwrapped

    client.force_login(senco)
    response = client.get("/")
    user = response.wsgi_request.user
    assert not isinstance(user, LazyObject) and user == senco and user.is_verified() is False
    inner = SimpleLazyObject(lambda: senco)
    assert unwrapped(SimpleLazyObject(lambda: inner)) is senco
