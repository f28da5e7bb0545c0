"""Consent: the SENCO or head asks; a parent (or the young person) gives or withdraws. Giving
consent to share lets the named professional see the record; withdrawing ends it at once.
Tampered form fields reach nothing outside the family's own child."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.audit.models import AuditEvent
from sensupport.family.consent import (
    ConsentError,
    consent_give,
    consent_request,
    consent_withdraw,
)
from sensupport.family.models import Consent
from sensupport.pupils.models import ProfessionalShare

pytestmark = pytest.mark.django_db


def _post(client, pupil, consent, decision):
    return client.post(reverse("portal:consents", args=[pupil.pk]), {"consent": consent.pk, "decision": decision})


def test_family_sees_what_was_asked_who_asked_and_the_state(login, parent, pupil, sharing_consent, senco, professional):
    page = login(parent).get(reverse("portal:consents", args=[pupil.pk])).content.decode()
    assert "Sharing Peter’s record with Pat Psychologist (Educational Psychology Service)" in page
    assert "So the educational psychologist can read Peter&#x27;s plan" in page
    assert senco.display_name in page
    assert "Waiting for your answer" in page
    assert "Give consent" in page and "csrfmiddlewaretoken" in page


def test_giving_consent_shares_the_record_and_withdrawing_ends_it_at_once(
    client, login, parent, pupil, sharing_consent, professional
):
    family = login(parent)
    response = _post(family, pupil, sharing_consent, "give")
    assert response.status_code == 302
    sharing_consent.refresh_from_db()
    assert sharing_consent.state == "given" and sharing_consent.given_by == parent
    share = sharing_consent.share
    assert share.professional == professional and share.withdrawn_at is None

    from django.test import Client

    pro = Client()
    pro.force_login(professional, backend="sensupport.accounts.backends.PasswordBackend")
    assert pro.get(reverse("pupils:pupil", args=[pupil.pk])).status_code == 200

    _post(family, pupil, sharing_consent, "withdraw")
    sharing_consent.refresh_from_db()
    share.refresh_from_db()
    assert sharing_consent.state == "withdrawn" and share.withdrawn_at is not None
    assert pro.get(reverse("pupils:pupil", args=[pupil.pk])).status_code == 404  # at once, same session
    page = family.get(reverse("portal:consents", args=[pupil.pk])).content.decode()
    assert "Withdrawn on" in page


def test_every_consent_change_is_audited(parent, pupil, sharing_consent, senco):
    assert AuditEvent.objects.filter(
        actor=senco, action="create", target="consent", target_id=str(sharing_consent.pk)
    ).exists()
    consent_give(consent=sharing_consent, parent=parent)
    consent_withdraw(consent=sharing_consent, parent=parent)
    changes = AuditEvent.objects.filter(actor=parent, action="update", target="consent", pupil=pupil).order_by("id")
    assert [e.changes["state"] for e in changes] == [["asked", "given"], ["given", "withdrawn"]]


def test_saying_no_before_giving_shares_nothing(login, parent, pupil, sharing_consent):
    _post(login(parent), pupil, sharing_consent, "withdraw")
    sharing_consent.refresh_from_db()
    assert sharing_consent.state == "withdrawn" and sharing_consent.given_at is None
    assert not ProfessionalShare.objects.exists()
    with pytest.raises(ConsentError):
        consent_give(consent=sharing_consent, parent=parent)


def test_consent_of_another_child_under_own_childs_id_is_404(login, parent, pupil, sibling, senco, professional):
    theirs = consent_request(
        pupil=sibling, actor=senco, kind="sharing", professional=professional, purpose="For the EP"
    )
    client = login(parent)
    assert _post(client, pupil, theirs, "give").status_code == 404
    assert _post(client, sibling, theirs, "give").status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == "asked"
    assert not ProfessionalShare.objects.exists()


def test_tampered_decision_is_refused(login, parent, pupil, sharing_consent):
    client = login(parent)
    response = client.post(
        reverse("portal:consents", args=[pupil.pk]), {"consent": sharing_consent.pk, "decision": "delete"}
    )
    assert response.status_code == 404
    response = client.post(reverse("portal:consents", args=[pupil.pk]), {"consent": "abc", "decision": "give"})
    assert response.status_code == 404
    sharing_consent.refresh_from_db()
    assert sharing_consent.state == "asked"


def test_a_parent_without_responsibility_cannot_decide(login, parent, pupil, sharing_consent):
    parent.child_links.update(has_parental_responsibility=False)
    assert _post(login(parent), pupil, sharing_consent, "give").status_code == 404
    with pytest.raises(ConsentError):
        consent_give(consent=sharing_consent, parent=parent)


def test_staff_cannot_give_consent_for_the_family(login, senco, pupil, sharing_consent):
    assert _post(login(senco), pupil, sharing_consent, "give").status_code == 403
    with pytest.raises(ConsentError):
        consent_give(consent=sharing_consent, parent=senco)


def test_young_person_decides_for_themself(login, young_person, pupil, sharing_consent):
    _post(login(young_person), pupil, sharing_consent, "give")
    sharing_consent.refresh_from_db()
    assert sharing_consent.given_by == young_person


# ---- The school's side


@pytest.mark.parametrize(
    "role, status",
    [
        ("senco", 200),
        ("head", 200),
        ("teacher", 403),
        ("ta", 403),
        ("school_admin", 403),
        ("other_school_senco", 404),
        ("parent", 403),
        ("professional", 404),
        ("la_officer", 403),
    ],
)
def test_only_senco_or_head_may_ask_for_consent(request, login, pupil, role, status):
    user = request.getfixturevalue(role)
    if role == "la_officer":
        pupil.sen_status = "K"
        pupil.save()
    assert login(user).get(reverse("portal:staff_consents", args=[pupil.pk])).status_code == status


def test_senco_asks_for_consent_to_share(login, senco, pupil, professional):
    client = login(senco)
    response = client.post(
        reverse("portal:staff_consents", args=[pupil.pk]),
        {"kind": "sharing", "professional": professional.pk, "purpose": "So she can read the plan"},
    )
    assert response.status_code == 302
    consent = Consent.objects.get(pupil=pupil)
    assert consent.requested_by == senco and consent.professional == professional and consent.state == "asked"
    page = client.get(reverse("portal:staff_consents", args=[pupil.pk])).content.decode()
    assert "So she can read the plan" in page and "Asked" in page


def test_sharing_needs_a_named_professional(login, senco, pupil):
    response = login(senco).post(
        reverse("portal:staff_consents", args=[pupil.pk]), {"kind": "sharing", "professional": "", "purpose": "x"}
    )
    assert response.status_code == 200
    assert "Choose the professional" in response.content.decode()
    assert not Consent.objects.exists()


def test_a_referral_needs_no_professional(senco, pupil):
    consent = consent_request(
        pupil=pupil, actor=senco, kind="referral", purpose="Referral to speech and language therapy"
    )
    assert consent.state == "asked" and consent.professional is None


def test_asking_twice_about_the_same_professional_is_refused(senco, pupil, sharing_consent, professional):
    with pytest.raises(ConsentError):
        consent_request(pupil=pupil, actor=senco, kind="sharing", professional=professional, purpose="again")
