"""Pupils with an EHC plan are first-class (issue 8): the school records the plan's outcomes,
provision and annual review; the register, the pupil page, My pupils and the SENCO's reviews-due
list show them; the attached plan is served only in scope, and every opening is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.core.factories import PupilFactory
from sensupport.pupils.ehc import add_months
from sensupport.pupils.models import EhcPlanSummary
from sensupport.pupils.selectors import ehc_annual_reviews_due
from sensupport.pupils.services import RegisterError, StaleEdit, ehc_summary_record

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def ehc_pupil(school, class_group):
    p = PupilFactory(school=school, forename="Maya", surname="Nowak", year_group="4", sen_status="E")
    class_group.pupils.add(p)
    return p


def _record(actor, pupil, la, **overrides):
    today = timezone.localdate()
    values = {
        "actor": actor,
        "pupil": pupil,
        "issuing_local_authority": la,
        "issued_on": today - dt.timedelta(days=400),
        "last_reviewed_on": today - dt.timedelta(days=300),
        "outcomes": "Maya will ask an adult for help when she is stuck.",
        "provision_summary": "Speech and language therapy 30 minutes a week.",
    }
    values.update(overrides)
    return ehc_summary_record(**values)


def test_recording_a_summary_writes_an_audit_row_and_works_out_the_review_date(senco, ehc_pupil, la):
    summary = _record(senco, ehc_pupil, la, expected_version=0)
    assert summary.version == 1
    assert summary.annual_review_due == add_months(summary.last_reviewed_on, 12)
    event = AuditEvent.objects.get(target="EHC plan summary")
    assert (event.action, event.actor, event.pupil_id, event.via) == ("create", senco, ehc_pupil.pk, "web")
    assert event.changes["outcomes"] == [None, summary.outcomes]

    _record(senco, ehc_pupil, la, outcomes="New outcomes.", expected_version=1, via="command")
    summary.refresh_from_db()
    assert (summary.version, summary.outcomes) == (2, "New outcomes.")
    changed = AuditEvent.objects.filter(target="EHC plan summary", action="update").get()
    assert set(changed.changes) == {"outcomes"} and changed.via == "command"


def test_a_stale_form_is_refused_and_the_first_save_is_kept(senco, school_admin, ehc_pupil, la):
    _record(senco, ehc_pupil, la, expected_version=0)
    _record(school_admin, ehc_pupil, la, outcomes="The administrator's outcomes.", expected_version=1)
    with pytest.raises(StaleEdit):
        _record(senco, ehc_pupil, la, outcomes="The SENCO's outcomes.", expected_version=1)
    with pytest.raises(StaleEdit):  # a form opened before any summary existed
        _record(senco, ehc_pupil, la, outcomes="Also late.", expected_version=0)
    assert EhcPlanSummary.objects.get().outcomes == "The administrator's outcomes."


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"issued_on": timezone.localdate() + dt.timedelta(days=1)}, "issued_on"),
        ({"last_reviewed_on": timezone.localdate() - dt.timedelta(days=500)}, "last_reviewed_on"),
        ({"outcomes": "  "}, "outcomes"),
        ({"document": SimpleUploadedFile("plan.pdf", b"<html>not a pdf</html>")}, "document"),
        ({"document": SimpleUploadedFile("plan.exe", b"MZ")}, "document"),
    ],
)
def test_the_service_refuses_what_is_wrong_and_saves_nothing(senco, ehc_pupil, la, overrides, field):
    with pytest.raises(RegisterError) as refused:
        _record(senco, ehc_pupil, la, **overrides)
    assert refused.value.field == field
    assert not EhcPlanSummary.objects.exists() and not AuditEvent.objects.filter(target="EHC plan summary").exists()


def test_only_a_pupil_with_an_ehc_plan_has_a_summary_and_only_keepers_write_it(
    senco, teacher, head, pupil, ehc_pupil, la
):
    with pytest.raises(RegisterError, match="not recorded as having an EHC plan"):
        _record(senco, pupil, la)
    for not_a_keeper in (teacher, head):
        with pytest.raises(PermissionDenied):
            _record(not_a_keeper, ehc_pupil, la)
    assert not EhcPlanSummary.objects.exists()


def test_the_senco_enters_the_summary_with_the_plan_attached(login, senco, ehc_pupil, la):
    client = login(senco)
    url = reverse("pupils:ehc_summary_edit", args=[ehc_pupil.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.content.decode()
    response = client.post(
        url,
        {
            "issuing_local_authority": la.pk,
            "issued_on": "2025-01-15",
            "last_reviewed_on": "",
            "outcomes": "Maya will take part in group work.",
            "provision_summary": "A teaching assistant in literacy lessons.",
            "document": SimpleUploadedFile("Maya EHCP.pdf", PDF, content_type="application/pdf"),
            "version": "0",
        },
    )
    assert response.status_code == 302
    summary = EhcPlanSummary.objects.get(pupil=ehc_pupil)
    assert summary.document_name == "Maya EHCP.pdf" and "Maya" not in summary.document.name
    assert summary.annual_review_due == dt.date(2026, 1, 15)
    detail = client.get(reverse("pupils:pupil", args=[ehc_pupil.pk])).content.decode()
    assert "Maya will take part in group work." in detail
    assert "A teaching assistant in literacy lessons." in detail
    assert "Annual review 15 Jan 2026" in detail
    assert reverse("pupils:ehc_document", args=[ehc_pupil.pk]) in detail


def test_a_form_error_is_shown_on_the_field(login, senco, ehc_pupil, la):
    response = login(senco).post(
        reverse("pupils:ehc_summary_edit", args=[ehc_pupil.pk]),
        {
            "issuing_local_authority": la.pk,
            "issued_on": "2025-01-15",
            "last_reviewed_on": "2024-01-01",
            "outcomes": "x",
            "provision_summary": "y",
            "version": "0",
        },
    )
    assert response.status_code == 200
    assert "cannot be before the plan was issued" in response.content.decode()
    assert not EhcPlanSummary.objects.exists()


def test_the_attached_plan_is_served_in_scope_and_every_opening_is_audited(
    login, senco, teacher, la_officer, other_school_senco, professional, ehc_pupil, la
):
    from sensupport.pupils.models import ProfessionalShare

    _record(senco, ehc_pupil, la, document=SimpleUploadedFile("plan.pdf", PDF))
    url = reverse("pupils:ehc_document", args=[ehc_pupil.pk])
    for reader in (senco, teacher, la_officer):
        response = login(reader).get(url)
        assert response.status_code == 200, reader.role
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment")
        assert AuditEvent.objects.filter(actor=reader, target="EHC plan document", pupil_id=ehc_pupil.pk).count() == 1
    assert login(other_school_senco).get(url).status_code == 404
    ProfessionalShare.objects.create(professional=professional, pupil=ehc_pupil, shared_by=senco, purpose="EP")
    assert login(professional).get(url).status_code == 403
    assert not AuditEvent.objects.filter(actor__in=[other_school_senco, professional], target="EHC plan document")


def test_the_la_officer_reads_the_summary_but_cannot_change_it(login, senco, la_officer, ehc_pupil, la):
    _record(senco, ehc_pupil, la)
    client = login(la_officer)
    page = client.get(reverse("pupils:pupil", args=[ehc_pupil.pk])).content.decode()
    assert "Speech and language therapy 30 minutes a week." in page
    assert reverse("pupils:ehc_summary_edit", args=[ehc_pupil.pk]) not in page
    assert client.get(reverse("pupils:ehc_summary_edit", args=[ehc_pupil.pk])).status_code == 403


def test_register_row_shows_the_review_date_and_marks_it_overdue(login, senco, ehc_pupil, la, school):
    today = timezone.localdate()
    _record(
        senco, ehc_pupil, la, issued_on=today - dt.timedelta(days=800), last_reviewed_on=today - dt.timedelta(days=400)
    )
    other = PupilFactory(school=school, forename="Zac", surname="Abbott", sen_status="E")
    page = login(senco).get(reverse("pupils:register")).content.decode()
    due = add_months(today - dt.timedelta(days=400), 12)
    assert f"Annual review {due:%-d %b %Y}" in page
    assert "Annual review overdue" in page
    assert "EHC plan summary not recorded" in page  # Zac
    assert other.display_name in page


def test_my_pupils_shows_the_ehc_outcomes_and_provision(login, senco, teacher, ehc_pupil, la):
    _record(senco, ehc_pupil, la)
    page = login(teacher).get(reverse("reviews:my_pupils")).content.decode()
    assert "Maya will ask an adult for help when she is stuck." in page
    assert "Speech and language therapy 30 minutes a week." in page
    assert "ask your SENCO for its outcomes" not in page


def test_reviews_due_lists_overdue_and_due_soon_in_scope_soonest_first(senco, teacher, other_school_senco, school, la):
    today = timezone.localdate()
    make = lambda name, reviewed: _record(  # noqa: E731
        senco,
        PupilFactory(school=school, forename=name, surname="Test", sen_status="E"),
        la,
        issued_on=reviewed - dt.timedelta(days=365),
        last_reviewed_on=reviewed,
    )
    overdue = make("Overdue", add_months(today, -13))
    soon = make("Soon", add_months(today, -11))
    make("Later", add_months(today, -6))
    rows = ehc_annual_reviews_due(senco)
    assert [(r.pupil.pk, r.overdue) for r in rows] == [(overdue.pupil_id, True), (soon.pupil_id, False)]
    assert [r.pupil.pk for r in ehc_annual_reviews_due(senco, within_days=0)] == [overdue.pupil_id]
    assert ehc_annual_reviews_due(other_school_senco) == []
    assert ehc_annual_reviews_due(teacher) == []  # none of them is in the teacher's class


def test_the_reviews_due_panel_renders_each_row(senco, school, la):
    from django.template.loader import render_to_string

    today = timezone.localdate()
    pupil = PupilFactory(school=school, forename="Ruby", surname="Bell", sen_status="E")
    _record(senco, pupil, la, issued_on=add_months(today, -30), last_reviewed_on=add_months(today, -14))
    html = render_to_string("pupils/home/ehc_reviews_due.html", {"ehc_reviews_due": ehc_annual_reviews_due(senco)})
    assert "EHC plan annual reviews" in html and pupil.display_name in html and "Overdue" in html
    assert render_to_string("pupils/home/ehc_reviews_due.html", {"ehc_reviews_due": []}).strip() == ""


def test_replacing_or_removing_the_plan_deletes_the_old_file_once_saved(
    senco, ehc_pupil, la, django_capture_on_commit_callbacks
):
    first = _record(senco, ehc_pupil, la, document=SimpleUploadedFile("one.pdf", PDF))
    old = first.document.name
    storage = first.document.storage
    with django_capture_on_commit_callbacks(execute=True):
        second = _record(senco, ehc_pupil, la, document=SimpleUploadedFile("two.docx", b"PK\x03\x04" + b"0" * 50))
    assert not storage.exists(old) and storage.exists(second.document.name)
    assert second.document_name == "two.docx"
    with django_capture_on_commit_callbacks(execute=True):
        third = _record(senco, ehc_pupil, la, remove_document=True)
    assert not third.document and third.document_name == "" and not storage.exists(second.document.name)


def test_the_senco_home_page_lists_overdue_ehc_reviews_after_plan_coverage(client, senco, teacher, school, la):
    today = timezone.localdate()
    pupil = PupilFactory(school=school, forename="Ruby", surname="Bell", sen_status="E")
    _record(senco, pupil, la, issued_on=add_months(today, -30), last_reviewed_on=add_months(today, -14))
    client.force_login(senco)
    html = client.get(reverse("core:home")).content.decode()
    assert "EHC plan annual reviews" in html and "Ruby Bell" in html
    assert html.index('id="coverage"') < html.index("EHC plan annual reviews")  # coverage leads
    client.force_login(teacher)  # a class teacher's home has no whole-school panels
    assert "EHC plan annual reviews" not in client.get(reverse("core:home")).content.decode()


def test_the_senco_home_page_counts_ehc_pupils_with_no_summary_yet(client, senco, school, la):
    today = timezone.localdate()
    PupilFactory(school=school, forename="Nell", surname="Moss", sen_status="E")  # no summary
    PupilFactory(school=school, forename="Ada", surname="Ray", sen_status="E")  # no summary
    recorded = PupilFactory(school=school, forename="Ruby", surname="Bell", sen_status="E")
    _record(senco, recorded, la, issued_on=add_months(today, -30), last_reviewed_on=add_months(today, -2))
    client.force_login(senco)
    html = client.get(reverse("core:home")).content.decode()
    assert "2 pupils with an EHC plan</a> have no summary recorded yet" in html
    assert "Ruby Bell" not in html  # recorded, and the review is not due for ten months


def test_the_home_page_names_the_ten_most_overdue_ehc_reviews_and_counts_the_rest(client, senco, school, la):
    from sensupport.audit.models import AuditEvent

    today = timezone.localdate()
    pupils = []
    for months in range(12):  # twelve reviews overdue, by 1 to 12 months
        pupil = PupilFactory(school=school, forename=f"Pupil{months:02d}", surname="Late", sen_status="E")
        _record(senco, pupil, la, issued_on=add_months(today, -40), last_reviewed_on=add_months(today, -13 - months))
        pupils.append(pupil)
    client.force_login(senco)
    html = client.get(reverse("core:home")).content.decode()
    named = [p for p in pupils if p.display_name in html]
    assert named == pupils[2:]  # the most overdue ten
    assert "12 annual reviews are overdue or due in the next eight weeks; these are the first 10." in html
    assert f'href="{reverse("pupils:register")}?status=E">See every pupil with an EHC plan' in html
    listed = AuditEvent.objects.filter(target=AuditEvent.Target.PUPIL_RECORD_HOME_PAGE, actor=senco)
    assert set(listed.values_list("pupil_id", flat=True)) == {p.pk for p in named}
