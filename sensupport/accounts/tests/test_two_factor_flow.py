"""The second sign-in step cannot be skipped, replaced or switched off with a password alone.

Finding 1 and 2 of the trust issue, driven over real HTTP against a live server: a staff member
with an authenticator who has typed only the password must not reach set-up (which would show a
new secret and verify the session with it), nor the school's security settings.
"""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sensupport.core.live_http import LiveSession

PASSWORD = "correct horse battery staple"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def no_otp_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.mark.django_db(transaction=True)
def test_password_only_session_cannot_enrol_a_new_authenticator(live_server, senco, pupil, no_otp_throttle):
    TOTPDevice.objects.create(user=senco, name="phone", confirmed=True)
    attacker = LiveSession(live_server.url)
    assert attacker.sign_in(senco.username, PASSWORD).location.startswith("/accounts/verify/")

    setup = attacker.get("/accounts/two-factor/")
    assert setup.status == 302 and setup.location.startswith("/accounts/verify/")
    assert "Key:" not in setup.text
    # Posting a code for a device the attacker made up changes nothing either.
    attacker.post("/accounts/two-factor/", {"token": "123456"})
    assert TOTPDevice.objects.filter(user=senco).count() == 1
    register = attacker.get("/pupils/")
    assert register.status == 302 and register.location.startswith("/accounts/verify/")
    assert attacker.get(f"/pupils/{pupil.pk}/").status == 302
    assert attacker.get("/api/pupils/").status == 302


@pytest.mark.django_db(transaction=True)
def test_every_other_accounts_page_waits_for_the_code(live_server, senco, no_otp_throttle):
    TOTPDevice.objects.create(user=senco, name="phone", confirmed=True)
    session = LiveSession(live_server.url)
    session.sign_in(senco.username, PASSWORD)
    for path in ("/accounts/account/", "/accounts/school-security/", "/accounts/code/", "/"):
        response = session.get(path)
        assert response.status == 302 and response.location.startswith("/accounts/verify/"), path
    # Signing out is always possible.
    assert session.post("/accounts/sign-out/").location == "/accounts/sign-in/"


@pytest.mark.django_db(transaction=True)
def test_unverified_head_cannot_switch_two_factor_off(live_server, head, school, no_otp_throttle):
    school.two_factor_required = True
    school.save()
    device = TOTPDevice.objects.create(user=head, name="phone", confirmed=True)
    session = LiveSession(live_server.url)
    session.sign_in(head.username, PASSWORD)
    response = session.post("/accounts/school-security/", {"two_factor_required": "no"})
    assert response.status == 302 and response.location.startswith("/accounts/verify/")
    school.refresh_from_db()
    assert school.two_factor_required

    # With the code, the same head can.
    verified = session.post("/accounts/verify/", {"token": _code(device), "next": "/accounts/school-security/"})
    assert verified.location == "/accounts/school-security/"
    session.post("/accounts/school-security/", {"two_factor_required": "no"})
    school.refresh_from_db()
    assert not school.two_factor_required


@pytest.mark.django_db
def test_head_without_an_authenticator_is_told_to_set_one_up_first(login, head, school):
    client = login(head)
    page = client.get("/accounts/school-security/")
    assert page.status_code == 200
    assert "set up two-factor sign-in for your own account" in page.content.decode()
    assert client.post("/accounts/school-security/", {"two_factor_required": "yes"}).status_code == 403
    school.refresh_from_db()
    assert not school.two_factor_required


def _verified(client, user):
    """A test client session that has passed the second step (as django_otp.login leaves it)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


@pytest.mark.django_db
def test_verified_head_resets_a_colleagues_lost_authenticator(login, head, senco, other_school_senco):
    from sensupport.audit.models import AuditEvent

    client = login(head)
    _verified(client, head)
    TOTPDevice.objects.create(user=senco, name="old phone", confirmed=True)
    page = client.get("/accounts/school-security/").content.decode()
    assert f'name="reset" value="{senco.pk}"' in page
    client.post("/accounts/school-security/", {"reset": senco.pk})
    assert not TOTPDevice.objects.filter(user=senco).exists()
    assert AuditEvent.objects.filter(target="account", target_id=str(senco.pk), summary__contains="reset").exists()
    # Not someone at another school, and not by a made-up id.
    TOTPDevice.objects.create(user=other_school_senco, name="phone", confirmed=True)
    assert client.post("/accounts/school-security/", {"reset": other_school_senco.pk}).status_code == 404
    assert client.post("/accounts/school-security/", {"reset": "abc"}).status_code == 404
    assert TOTPDevice.objects.filter(user=other_school_senco).exists()


@pytest.mark.django_db
def test_someone_with_an_authenticator_cannot_add_another_from_set_up(login, senco):
    client = login(senco)
    _verified(client, senco)
    response = client.get("/accounts/two-factor/")
    assert response.status_code == 302 and response["Location"] == "/accounts/account/"
    assert TOTPDevice.objects.filter(user=senco).count() == 1
