"""The referrals world: Peter with an agreed plan (plans' fixtures), his mother's consent to a
referral, his record shared with Pat (Northshire's EP service, `outside_service`), and a referral
to that service, accepted, with a report and an open recommendation."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sensupport.family import consent as consents
from sensupport.plans.tests.conftest import agreed, assessed, draft, on_support  # noqa: F401  (shared plan fixtures)
from sensupport.pupils.models import ProfessionalShare
from sensupport.referrals import services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="report.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def referral_consent(pupil, senco, parent):
    consent = consents.consent_request(pupil=pupil, actor=senco, kind="referral", purpose="To see the EP")
    return consents.consent_give(consent=consent, parent=parent)


@pytest.fixture
def shared(pupil, senco, professional):
    return ProfessionalShare.objects.create(professional=professional, pupil=pupil, shared_by=senco, purpose="EP")


@pytest.fixture
def sent(agreed, assessed, referral_consent, senco, outside_service):  # noqa: F811
    _, anxiety, _ = assessed
    return services.referral_make(
        actor=senco,
        pupil=agreed.pupil,
        service=outside_service,
        consent=referral_consent,
        question="Why does Peter leave class in the afternoon?",
        barrier_ids=[anxiety.pk],
    )


@pytest.fixture
def accepted(sent, professional, shared):
    return services.referral_decide(actor=professional, referral=sent, accept=True)


@pytest.fixture
def report(accepted, professional):
    return services.report_upload(actor=professional, referral=accepted, written_on=timezone.localdate(), file=pdf())


@pytest.fixture
def recommendation(accepted, professional, report):
    return services.recommendation_add(
        actor=professional, referral=accepted, text="A movement break every afternoon", report=report
    )
