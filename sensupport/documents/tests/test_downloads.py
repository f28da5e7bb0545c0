"""Who may download a plan's documents, what they get, and the audit row each download leaves."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.audit.models import AuditEvent

from .helpers import docx_open, pdf_text

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def url(name: str, plan, fmt: str = "pdf") -> str:
    return reverse(f"documents:{name}", kwargs={"pupil_id": plan.pupil_id, "plan_id": plan.pk, "fmt": fmt})


def test_urls_follow_the_documented_shape():
    assert (
        reverse("documents:plan", kwargs={"pupil_id": 7, "plan_id": 9, "fmt": "pdf"})
        == "/pupils/7/documents/plans/9/plan.pdf"
    )
    assert (
        reverse("documents:profile", kwargs={"pupil_id": 7, "plan_id": 9, "fmt": "docx"})
        == "/pupils/7/documents/plans/9/profile.docx"
    )
    assert (
        reverse("documents:review", kwargs={"pupil_id": 7, "plan_id": 9, "fmt": "pdf"})
        == "/pupils/7/documents/plans/9/review.pdf"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["plan", "profile", "review"])
@pytest.mark.parametrize(("fmt", "media_type"), [("pdf", PDF), ("docx", DOCX)])
def test_senco_downloads_every_document_as_an_attachment(reviewed, senco, login, name, fmt, media_type):
    response = login(senco).get(url(name, reviewed, fmt))
    assert response.status_code == 200
    assert response["Content-Type"] == media_type
    kind = {"plan": "support-plan-v1", "profile": "one-page-profile", "review": "review"}[name]
    assert response["Content-Disposition"].startswith(f'attachment; filename="Peter-Rabbit_{kind}_')
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    assert "no-store" in response["Cache-Control"]
    body = response.content
    if fmt == "pdf":
        assert body.startswith(b"%PDF") and "Peter" in pdf_text(body)
    else:
        assert "Peter" in " ".join(p.text for p in docx_open(body).paragraphs)


@pytest.mark.django_db
def test_every_download_is_audited(agreed, senco, login):
    login(senco).get(url("plan", agreed, "docx"))
    event = AuditEvent.objects.get(action="export", target="plan document")
    assert event.pupil_id == agreed.pupil_id and event.actor == senco and event.target_id == str(agreed.pk)
    assert "Support plan for plan version 1 downloaded as DOCX" in event.summary


@pytest.mark.django_db
def test_parent_downloads_their_childs_agreed_plan(agreed, parent, login):
    client = login(parent)
    assert client.get(url("plan", agreed)).status_code == 200
    assert client.get(url("profile", agreed)).status_code == 200
    assert AuditEvent.objects.filter(action="export", actor=parent, pupil=agreed.pupil).count() == 2


@pytest.mark.django_db
def test_parent_cannot_download_a_draft(draft, parent, senco, login):
    assert login(parent).get(url("plan", draft)).status_code == 404
    assert login(parent).get(url("profile", draft, "docx")).status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()
    assert login(senco).get(url("plan", draft)).status_code == 200


@pytest.mark.django_db
def test_parent_of_another_child_gets_not_found(agreed, other_parent, login):
    client = login(other_parent)
    for name in ("plan", "profile", "review"):
        assert client.get(url(name, agreed)).status_code == 404


@pytest.mark.django_db
def test_teacher_of_the_class_may_download_but_not_a_teacher_of_another_class(agreed, teacher, other_teacher, login):
    assert login(teacher).get(url("plan", agreed)).status_code == 200
    assert login(other_teacher).get(url("plan", agreed)).status_code == 404


@pytest.mark.django_db
def test_staff_of_another_school_get_not_found(agreed, other_school_senco, login):
    assert login(other_school_senco).get(url("plan", agreed)).status_code == 404


@pytest.mark.django_db
def test_signed_out_visitor_is_sent_to_sign_in(agreed, client):
    response = client.get(url("plan", agreed))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


@pytest.mark.django_db
def test_plan_of_another_pupil_is_not_found_through_this_pupil(agreed, sibling, senco, login):
    response = login(senco).get(f"/pupils/{sibling.pk}/documents/plans/{agreed.pk}/plan.pdf")
    assert response.status_code == 404


@pytest.mark.django_db
def test_review_record_is_not_found_before_the_review(agreed, senco, login):
    assert login(senco).get(url("review", agreed)).status_code == 404


@pytest.mark.django_db
def test_parent_downloads_the_review_record(reviewed, parent, login):
    response = login(parent).get(url("review", reviewed))
    assert response.status_code == 200
    assert "Continue the plan" in pdf_text(response.content)


@pytest.mark.django_db
def test_only_pdf_and_word_and_only_get(agreed, senco, login):
    client = login(senco)
    assert client.get(f"/pupils/{agreed.pupil_id}/documents/plans/{agreed.pk}/plan.html").status_code == 404
    assert client.post(url("plan", agreed)).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("senco", 200),
        ("head", 200),
        ("school_admin", 200),
        ("teacher", 200),
        ("ta", 200),
        ("parent", 200),
        ("la_officer", 200),
        ("other_teacher", 404),
        ("other_parent", 404),
        ("other_school_senco", 404),
        ("other_la_officer", 404),
        ("professional", 404),
    ],
)
def test_access_matrix_for_the_agreed_plan(agreed, login, request, role, status):
    user = request.getfixturevalue(role)
    assert login(user).get(url("plan", agreed, "docx")).status_code == status
