"""No page sends anyone off the site: every view that redirects to a target the request names
(`next`) checks it with url_has_allowed_host_and_scheme, or only uses it to choose between its own
URLs. One test per such view, each with the three usual shapes of an off-site target; each view's
own on-site `next` is followed, so the refusals are not a `next` that is simply ignored."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sensupport.plans.models import Plan

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
OFF_SITE = ["https://evil.example/", "//evil.example", "/\\evil.example"]


def _off_site(location: str) -> bool:
    return "evil.example" in location


@pytest.mark.parametrize("target", OFF_SITE)
def test_password_sign_in_does_not_follow_an_off_site_next(client, senco, target):
    response = client.post(
        reverse("accounts:login"), {"username": senco.username, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302 and not _off_site(response["Location"])
    assert response["Location"] == reverse("core:home")


def test_password_sign_in_follows_an_on_site_next(client, senco):
    target = reverse("pupils:register")
    response = client.post(
        reverse("accounts:login"), {"username": senco.username, "password": PASSWORD, "next": target}
    )
    assert response["Location"] == target


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.mark.parametrize("target", [*OFF_SITE, "/pupils/"])
def test_the_second_sign_in_step_follows_only_an_on_site_next(client, senco, target):
    device = TOTPDevice.objects.create(user=senco, name="phone", confirmed=True)
    client.post(reverse("accounts:login"), {"username": senco.username, "password": PASSWORD})
    page = client.get(reverse("accounts:verify"), {"next": target}).content.decode()
    response = client.post(reverse("accounts:verify"), {"token": _code(device), "next": target})
    assert response.status_code == 302
    if _off_site(target):
        assert "evil.example" not in page
        assert response["Location"] == "/"
    else:
        assert response["Location"] == target


@pytest.mark.parametrize("target", [*OFF_SITE, "/family/"])
def test_sign_in_by_code_follows_only_an_on_site_next(client, parent, target):
    client.get(reverse("accounts:code_request"), {"next": target})
    client.post(reverse("accounts:code_request"), {"email": parent.email})
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    response = client.post(reverse("accounts:code_enter"), {"code": code})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    assert response["Location"] == (reverse("portal:home") if _off_site(target) else target)


def _conversation(pupil_id: int, target: str) -> dict:
    return {
        "held_on": timezone.localdate().isoformat(),
        "method": "phone",
        "purpose": "other",
        "parents_present": "Mum",
        "summary": "Spoke about mornings",
        "next": target,
    }


@pytest.mark.parametrize("target", OFF_SITE)
def test_recording_a_parent_conversation_does_not_follow_an_off_site_next(login, senco, pupil, target):
    client = login(senco)
    url = reverse("pupils:parent_conversation_new", args=[pupil.pk])
    page = client.get(url, {"next": target}).content.decode()
    assert "evil.example" not in page  # neither the Back link nor the form's hidden field carry it
    response = client.post(url, _conversation(pupil.pk, target))
    assert response.status_code == 302 and response["Location"] == reverse("pupils:pupil", args=[pupil.pk])


def test_recording_a_parent_conversation_goes_back_only_to_the_same_pupils_page(login, senco, pupil, sibling):
    client = login(senco)
    url = reverse("pupils:parent_conversation_new", args=[pupil.pk])
    own = reverse("pupils:concern_raise", args=[pupil.pk])
    assert f'href="{own}"' in client.get(url, {"next": own}).content.decode()
    assert client.post(url, _conversation(pupil.pk, own))["Location"] == own
    elsewhere = reverse("pupils:pupil", args=[sibling.pk])
    assert client.post(url, _conversation(pupil.pk, elsewhere))["Location"] == reverse("pupils:pupil", args=[pupil.pk])


@pytest.mark.parametrize("target", [*OFF_SITE, "/pupils/"])
def test_marking_a_plan_read_goes_back_to_my_pupils_or_to_the_plan_only(login, teacher, pupil, target):
    plan = Plan.objects.create(
        pupil=pupil, version=1, status=Plan.Status.AGREED, review_date=timezone.localdate() + dt.timedelta(days=30)
    )
    client = login(teacher)
    url = reverse("reviews:mark_read", args=[pupil.pk, plan.pk])
    assert client.post(url, {"next": target})["Location"] == reverse("plans:plan", args=[pupil.pk, plan.pk])
    assert client.post(url, {"next": reverse("reviews:my_pupils")})["Location"] == reverse("reviews:my_pupils")


def test_the_second_sign_in_step_keeps_the_whole_next_with_its_query(client, senco):
    """The password step hands `next` to the code step encoded, so a query string in it survives."""
    device = TOTPDevice.objects.create(user=senco, name="phone", confirmed=True)
    target = reverse("pupils:register") + "?status=K&year=4"
    response = client.post(
        reverse("accounts:login"), {"username": senco.username, "password": PASSWORD, "next": target}
    )
    verify = response["Location"]
    assert verify.startswith(reverse("accounts:verify") + "?")
    assert client.post(verify, {"token": _code(device)})["Location"] == target
