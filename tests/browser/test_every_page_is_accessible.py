"""Every page a SENCO, a head and a parent can open, checked with axe in a real browser.

The journeys check the pages on their paths; this sweeps the rest (strategy bank, inbox, audit
trail, timeline, imports, documents list, school security, a leaver's CTF, consents...)."""

from __future__ import annotations

import pytest

from sensupport.plans import services as plans
from sensupport.plans.tests.conftest import agreed, assessed, draft, on_support  # noqa: F401
from sensupport.reviews import services as reviews

from .conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def world(agreed, senco, parent, teacher):  # noqa: F811
    from sensupport.family import services as family
    from sensupport.family.consent import consent_request
    from sensupport.voice import services as voice

    pupil = agreed.pupil
    plans.plan_new_version(plan=agreed, actor=senco)
    reviews.early_review_request(pupil=pupil, actor=parent, reason="Lunchtimes are getting harder")
    family.meeting_prep_save(pupil=pupil, parent=parent, barriers_at_home="Tired", what_helps_at_home="Quiet time")
    thread = family.message_thread_start(pupil=pupil, author=parent, subject="Swimming", body="Worried about swimming")
    consent_request(pupil=pupil, actor=senco, kind="referral", purpose="Speech and language therapy")
    walk = voice.walkthrough_start(pupil=pupil, actor=parent, lessons_before_break=["Maths"])
    return {"pupil": pupil, "plan": agreed, "thread": thread, "walk": walk}


def _visit_all(page, live_server, paths):
    failures = {}
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, (
            f"{path} answered {response.status if response else 'nothing'}"
        )
        try:
            axe_check(page)
        except AssertionError as error:
            failures[path] = str(error)[:2000]
    assert not failures, "\n\n".join(f"{path}:\n{text}" for path, text in failures.items())


def test_every_senco_page_passes_axe(new_page, live_server, senco, world):
    p, plan = world["pupil"].pk, world["plan"].pk
    page = new_page()
    sign_in(page, live_server, senco)
    _visit_all(
        page,
        live_server,
        [
            "/",
            "/pupils/",
            "/pupils/?status=K",
            f"/pupils/{p}/",
            f"/pupils/{p}/audit/",
            f"/pupils/{p}/status/",
            f"/pupils/{p}/needs/",
            f"/pupils/{p}/plans/",
            f"/pupils/{p}/plans/{plan}/",
            f"/pupils/{p}/plans/compare/",
            f"/pupils/{p}/timeline/",
            f"/pupils/{p}/plans/{plan}/evidence/new/",
            f"/pupils/{p}/early-review/",
            "/strategy-bank/",
            "/my-pupils/",
            "/inbox/",
            f"/pupils/{p}/messages/",
            f"/pupils/{p}/messages/{world['thread'].pk}/",
            f"/pupils/{p}/consents/",
            f"/pupils/{p}/voice/",
            "/import/",
            f"/import/leaving/{p}/",
            "/accounts/account/",
            "/accounts/two-factor/",
            "/school/",
            "/school/staff/",
            "/school/staff/add/",
            "/school/groups/",
            "/school/groups/add/",
            f"/school/pupils/{p}/contacts/",
            f"/school/pupils/{p}/contacts/add/",
        ],
    )


def test_every_head_and_parent_page_passes_axe(new_page, live_server, head, parent, world):
    p, plan = world["pupil"].pk, world["plan"].pk
    page = new_page()
    sign_in(page, live_server, head)
    _visit_all(page, live_server, ["/accounts/school-security/"])
    family_page = new_page()
    sign_in(family_page, live_server, parent)
    _visit_all(
        family_page,
        live_server,
        [
            "/family/",
            f"/family/children/{p}/",
            f"/family/children/{p}/plans/{plan}/",
            f"/pupils/{p}/plans/{plan}/profile/",
            f"/family/children/{p}/consents/",
            f"/family/children/{p}/worry/",
            f"/family/children/{p}/prepare/",
            f"/family/children/{p}/messages/",
            f"/family/children/{p}/about-me/",
            f"/family/children/{p}/my-day/",
            f"/family/children/{p}/my-day/{world['walk'].pk}/",
            f"/pupils/{p}/early-review/",
        ],
    )


def test_every_service_admin_page_passes_axe(new_page, live_server, service_admin, school):
    page = new_page()
    sign_in(page, live_server, service_admin)
    _visit_all(
        page,
        live_server,
        [
            "/service/",
            f"/service/?q={school.urn}",
            "/service/?q=nothing-matches",
            "/service/local-authorities/new/",
            "/service/schools/new/",
            "/service/schools/import/",
            f"/service/leaders/new/?school={school.urn}",
            "/service/health/",
        ],
    )
    # A used or broken invitation link, as the invited person sees it (not signed in).
    _visit_all(new_page(), live_server, ["/accounts/set-password/MQ/not-a-token/"])
