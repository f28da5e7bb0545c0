"""Staff sign in with a password and, once the school switches it on, a TOTP code.
Failed sign-ins are throttled."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "correct horse battery staple"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.mark.django_db
def test_password_sign_in(client, senco):
    response = client.post(reverse("accounts:login"), {"username": senco.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("pupils:register")).status_code == 200


@pytest.mark.django_db
def test_wrong_password_says_so_without_saying_which(client, senco):
    response = client.post(reverse("accounts:login"), {"username": senco.username, "password": "nope"})
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()


@pytest.mark.django_db
def test_failed_sign_ins_lock_the_account(client, senco, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": senco.username, "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": senco.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert client.get(reverse("pupils:register")).status_code == 302  # still signed out


@pytest.mark.django_db
def test_school_requiring_two_factor_sends_staff_to_set_it_up(client, senco, school, pupil, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows retries after a wrong code; not under test here
    school.two_factor_required = True
    school.save()
    response = client.post(reverse("accounts:login"), {"username": senco.username, "password": PASSWORD})
    assert response["Location"] == reverse("accounts:two_factor_setup")
    # Until set up, every other page sends them back.
    assert client.get(reverse("pupils:pupil", args=[pupil.pk]))["Location"] == reverse("accounts:two_factor_setup")
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=senco, confirmed=False)
    response = client.post(
        reverse("accounts:two_factor_setup"), {"token": "000000" if _code(device) != "000000" else "111111"}
    )
    assert "not right" in response.content.decode()
    response = client.post(reverse("accounts:two_factor_setup"), {"token": _code(device)})
    assert response.status_code == 302
    assert client.get(reverse("pupils:pupil", args=[pupil.pk])).status_code == 200


@pytest.mark.django_db
def test_staff_with_a_device_must_enter_a_code(client, senco, pupil):
    device = TOTPDevice.objects.create(user=senco, name="phone", confirmed=True)
    response = client.post(reverse("accounts:login"), {"username": senco.username, "password": PASSWORD})
    assert response["Location"].startswith(reverse("accounts:verify"))
    assert client.get(reverse("pupils:pupil", args=[pupil.pk])).status_code == 302
    client.post(reverse("accounts:verify"), {"token": _code(device)})
    assert client.get(reverse("pupils:pupil", args=[pupil.pk])).status_code == 200


@pytest.mark.django_db
def test_verify_does_not_redirect_off_site(client, senco):
    device = TOTPDevice.objects.create(user=senco, name="phone", confirmed=True)
    client.post(reverse("accounts:login"), {"username": senco.username, "password": PASSWORD})
    response = client.post(reverse("accounts:verify"), {"token": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_sign_out_is_a_post(client, senco):
    client.force_login(senco, backend="sensupport.accounts.backends.PasswordBackend")
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("pupils:register")).status_code == 302


@pytest.mark.django_db
def test_head_switches_on_two_factor_for_the_school(login, head, senco, teacher, school):
    from sensupport.audit.models import AuditEvent

    assert login(senco).get(reverse("accounts:school_security")).status_code == 403
    assert login(teacher).post(reverse("accounts:school_security"), {"two_factor_required": "yes"}).status_code == 403
    school.refresh_from_db()
    assert not school.two_factor_required
    client = login(head)
    from django_otp import DEVICE_ID_SESSION_KEY

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.create(user=head, name="phone", confirmed=True).persistent_id
    session.save()
    assert client.get(reverse("accounts:school_security")).status_code == 200
    client.post(reverse("accounts:school_security"), {"two_factor_required": "yes"})
    school.refresh_from_db()
    assert school.two_factor_required
    assert AuditEvent.objects.filter(target="school settings", school=school).exists()
    # From now on the SENCO must set it up before seeing anything.
    senco.refresh_from_db()
    assert senco.needs_second_factor


@pytest.mark.django_db
def test_django_admin_manages_schools_and_users_but_never_lists_pupils(client, school, pupil):
    from django.contrib import admin

    from sensupport.accounts.models import User

    registered = {model._meta.label for model in admin.site._registry}
    assert {"organisations.School", "organisations.LocalAuthority", "accounts.User"} <= registered
    assert not any(label.startswith(("pupils.", "plans.", "reviews.", "family.", "voice.")) for label in registered)
    operator = User.objects.create_superuser(
        "operator@example.org", "operator@example.org", "a long operator password", role="service_admin"
    )
    client.force_login(operator, backend="sensupport.accounts.backends.PasswordBackend")
    assert client.get("/django-admin/organisations/school/").status_code == 200
    assert client.get(f"/django-admin/accounts/user/{operator.pk}/change/").status_code == 200
