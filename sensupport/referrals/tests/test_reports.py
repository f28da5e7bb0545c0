"""A professional's report: uploaded only by the service's professionals, checked by its content
and size, opened only by those who may see the referral, every opening audited."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.core.testing.access import OUT_OF_SCOPE_NAMES, STAFF, check_access, expect
from sensupport.referrals import rules
from sensupport.referrals.models import Report

from .conftest import PDF, pdf

pytestmark = pytest.mark.django_db


def _upload(client, referral, file, when=None):
    return client.post(
        reverse("referrals:report_upload", args=[referral.pupil_id, referral.pk]),
        {"written_on": (when or timezone.localdate()).isoformat(), "file": file},
    )


def test_the_professional_uploads_a_report_stored_under_the_pupils_id(login, professional, accepted):
    response = _upload(login(professional), accepted, pdf("Peter Rabbit EP report.pdf"))
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.file_name == "Peter Rabbit EP report.pdf" and report.size == len(PDF)
    assert report.file.name.startswith(f"referral-reports/{accepted.pupil_id}/") and "Rabbit" not in report.file.name
    event = AuditEvent.objects.get(target=AuditEvent.Target.REFERRAL_REPORT, action=AuditEvent.Action.CREATE)
    assert event.via == "web" and event.actor == professional


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"<html>not a pdf</html>", "not a real PDF"),
        ("report.txt", b"%PDF-1.4", "must be a PDF or a Word document"),
        ("report.docx", b"PK\x03\x04not really", "not a real DOCX"),
    ],
)
def test_a_file_that_is_not_a_real_report_is_refused_by_name(login, professional, accepted, name, content, message):
    response = _upload(login(professional), accepted, SimpleUploadedFile(name, content))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Report.objects.exists()


def test_a_report_over_the_limit_is_refused(login, professional, accepted, monkeypatch):
    monkeypatch.setattr(rules, "MAX_REPORT_BYTES", 10)
    response = _upload(login(professional), accepted, pdf())
    assert response.status_code == 400 and "must be smaller than" in response.content.decode()
    assert not Report.objects.exists()


def test_who_may_upload(client, request, accepted):
    check_access(
        client,
        request,
        reverse("referrals:report_upload", args=[accepted.pupil_id, accepted.pk]),
        expect(allowed={"professional"}, ok=400, hidden=OUT_OF_SCOPE_NAMES | {"service_admin"}, senco=403, head=403),
        method="POST",
        unchanged=lambda: Report.objects.count(),
    )


def test_who_may_open_a_report_and_each_opening_is_audited(client, request, report):
    url = reverse("referrals:report_download", args=[report.referral.pupil_id, report.referral_id, report.pk])
    check_access(
        client, request, url, expect(allowed=STAFF | {"professional"}, hidden=OUT_OF_SCOPE_NAMES | {"service_admin"})
    )
    opened = AuditEvent.objects.filter(target=AuditEvent.Target.REFERRAL_REPORT, action=AuditEvent.Action.VIEW)
    assert opened.count() == len(STAFF) + 1


def test_the_download_is_the_file_with_its_own_name(login, senco, report):
    url = reverse("referrals:report_download", args=[report.referral.pupil_id, report.referral_id, report.pk])
    response = login(senco).get(url)
    assert b"".join(response.streaming_content) == PDF
    assert 'filename="report.pdf"' in response["Content-Disposition"]
    assert response["Cache-Control"].startswith("private, no-store")


def test_another_pupils_report_under_this_pupil_is_404(login, senco, report, sibling):
    url = reverse("referrals:report_download", args=[sibling.pk, report.referral_id, report.pk])
    assert login(senco).get(url).status_code == 404
