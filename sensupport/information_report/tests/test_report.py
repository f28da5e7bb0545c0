"""Editing, publishing and reading the SEN information report: every item of Schedule 1, numbered
dated versions, the public page (no sign-in, never a pupil), 404s, the PDF."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse

from sensupport.audit.models import AuditEvent
from sensupport.information_report import schedule, selectors, services
from sensupport.information_report.models import InformationReport

from .conftest import pupils_with, reviews_with_parents

pytestmark = pytest.mark.django_db


def public_url(school) -> str:
    return reverse("information_report:public", args=[school.urn])


def test_schedule_1_has_every_item_once():
    assert [item.ref for item in schedule.ITEMS] == [
        "1", "2", "3(a)", "3(b)", "3(c)", "3(d)", "3(e)", "3(f)", "3(g)", "4", "5", "6", "7", "8", "9", "10", "11",
        "12", "13",
    ]  # fmt: skip
    assert len(schedule.BY_KEY) == len(schedule.ITEMS)


def test_the_draft_names_the_school_its_la_and_senco(school, senco):
    words = selectors.drafted_words(school)
    assert "Oak Primary" in words["kinds_of_sen"]
    assert senco.get_full_name() in words["senco"] and senco.email in words["senco"]
    assert school.local_authority.name in words["local_offer"]
    assert not schedule.missing_items(words)


def test_the_senco_changes_an_item_and_it_is_audited(client, login, school, senco):
    login(senco)
    url = reverse("information_report:item_edit", args=["staff_expertise"])
    assert "The regulations ask for" in client.get(url).content.decode()
    response = client.post(url, {"words": "Two teaching assistants are ELKLAN trained.", "edit_version": ""})
    assert response.status_code == 302
    report = InformationReport.objects.get(school=school)
    assert report.words["staff_expertise"] == "Two teaching assistants are ELKLAN trained."
    assert report.words["kinds_of_sen"] == selectors.drafted_words(school)["kinds_of_sen"]  # the rest drafted
    event = AuditEvent.objects.get(target=AuditEvent.Target.INFORMATION_REPORT)
    assert event.actor == senco and event.school_id == school.pk and event.via == AuditEvent.Via.WEB
    assert "5 “Staff expertise and training” changed" in event.summary


def test_an_empty_item_is_refused_with_a_message(client, login, senco):
    login(senco)
    response = client.post(reverse("information_report:item_edit", args=["complaints"]), {"words": "  "})
    assert response.status_code == 200
    assert "Write something for this item" in response.content.decode()


def test_a_stale_form_is_refused_and_keeps_the_typed_words(client, login, school, senco, head):
    services.report_item_update(
        actor=head, school=school, key="equipment", words="Head's words", expected_edit_version=None
    )
    login(senco)
    response = client.post(
        reverse("information_report:item_edit", args=["equipment"]), {"words": "SENCO's words", "edit_version": ""}
    )
    assert "Someone else changed the report" in response.content.decode()
    assert "SENCO&#x27;s words" in response.content.decode()
    assert InformationReport.objects.get(school=school).words["equipment"] == "Head's words"


def test_an_unknown_item_is_404(client, login, senco):
    login(senco)
    assert client.get(reverse("information_report:item_edit", args=["nonsense"])).status_code == 404


def test_another_schools_senco_cannot_change_this_report(school, other_school_senco):
    with pytest.raises(services.InformationReportError, match="Only the school's SENCO or head"):
        services.report_publish(actor=other_school_senco, school=school)
    assert not InformationReport.objects.exists()


def test_each_publication_is_a_numbered_dated_version(client, login, school, senco, head):
    login(senco)
    client.post(reverse("information_report:publish"))
    services.report_item_update(
        actor=head, school=school, key="complaints", words="Write to the chair of governors.",
        expected_edit_version=InformationReport.objects.get(school=school).edit_version,
    )  # fmt: skip
    second = services.report_publish(actor=head, school=school)
    report = InformationReport.objects.get(school=school)
    assert [v.number for v in selectors.versions(report)] == [2, 1]
    first = report.versions.get(number=1)
    assert first.words["complaints"] != second.words["complaints"] == "Write to the chair of governors."
    assert first.published_by == senco and second.published_by == head and second.published_at >= first.published_at
    assert AuditEvent.objects.filter(summary="SEN information report version 2 published", via="web").exists()
    page = client.get(public_url(school)).content.decode()
    assert "Write to the chair of governors." in page and "Earlier versions" in page
    old = client.get(reverse("information_report:public_version", args=[school.urn, 1])).content.decode()
    assert "It has been replaced" in old and "Write to the chair of governors." not in old


def test_the_public_page_has_every_item_and_figures_but_no_pupil(client, school, published):
    pupils = pupils_with(school, n=7, need="ASD", surname="Zzsecretname")
    page = html.unescape(client.get(public_url(school)).content.decode())
    for item in schedule.ITEMS:
        assert item.title in page, item.title
        assert published.words[item.key].split(".")[0] in page, item.key
    assert "Autistic spectrum disorder" in page and ">7<" in page
    assert "fewer than 5" in page
    for pupil in pupils:
        assert pupil.surname not in page and pupil.upn not in page
    assert "Zzsecret" not in page and "Kid0" not in page
    assert f'href="{reverse("documents:information_report", args=[school.urn, "pdf"])}"' in page


def test_the_public_page_needs_no_sign_in(client, school, published):
    response = client.get(public_url(school))
    assert response.status_code == 200
    assert "Version</dt>" in response.content.decode()


def test_an_unknown_urn_is_404(client, published):
    assert client.get(reverse("information_report:public", args=["999999"])).status_code == 404
    assert client.get(reverse("documents:information_report", args=["999999", "pdf"])).status_code == 404


def test_an_unpublished_report_is_404(client, school, senco):
    services.report_item_update(actor=senco, school=school, key="equipment", words="Draft", expected_edit_version=None)
    assert client.get(public_url(school)).status_code == 404
    assert client.get(reverse("documents:information_report", args=[school.urn, "pdf"])).status_code == 404


def test_an_unknown_version_is_404(client, school, published):
    assert client.get(reverse("information_report:public_version", args=[school.urn, 7])).status_code == 404


def test_the_pdf_is_a_pdf_of_the_current_version(client, school, published):
    response = client.get(reverse("documents:information_report", args=[school.urn, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"sen-information-report-{school.urn}-v1.pdf" in response["Content-Disposition"]


def test_the_pdf_document_says_what_the_page_says(school, published):
    import datetime as dt

    from sensupport.documents.information_report import information_report_document

    pupils_with(school, n=3, need="MLD", surname="Hiddenname")
    document = information_report_document(school, published, today=dt.date(2026, 12, 4))
    assert [s.heading for s in document.sections][0] == "1. The kinds of special educational needs we provide for"
    assert len(document.sections) == len(schedule.ITEMS)
    text = repr(document)
    assert "fewer than 5" in text and "Hiddenname" not in text


def test_the_las_own_local_offer_address_is_used_when_it_has_one(school):
    school.local_authority.local_offer_url = "https://www.example.gov.uk/send-local-offer"
    assert selectors.local_offer_url(school) == "https://www.example.gov.uk/send-local-offer"


@pytest.mark.urls("sensupport.information_report.tests.urls_with_local_offer")
def test_else_the_sites_own_local_offer_is_linked(client, school, published):
    assert selectors.local_offer_url(school) == schedule.LOCAL_OFFER_PATH
    page = client.get(public_url(school)).content.decode()
    assert f'<a class="govuk-link" href="{schedule.LOCAL_OFFER_PATH}">Read the Local Offer</a>' in page


def test_the_word_file_says_the_same(client, school, published):
    response = client.get(reverse("documents:information_report", args=[school.urn, "docx"]))
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert "attachment" in response["Content-Disposition"]


def test_the_public_page_asks_the_same_number_of_queries_for_more_pupils(client, school, published):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(public_url(school)).status_code == 200
        return len(captured)

    pupils_with(school, n=2, need="ASD")
    few = queries()
    for pupil in pupils_with(school, n=30, need="MLD", surname="Many"):
        reviews_with_parents(pupil, dt.date.today())
    assert queries() == few


def test_the_editing_page_says_when_there_are_changes_not_yet_published(client, login, school, senco, published):
    login(senco)
    assert "You have changed the report" not in client.get(reverse("information_report:edit")).content.decode()
    report = InformationReport.objects.get(school=school)
    services.report_item_update(
        actor=senco, school=school, key="equipment", words="New", expected_edit_version=report.edit_version
    )
    page = client.get(reverse("information_report:edit")).content.decode()
    assert "You have changed the report since version 1" in page
    assert "Review it by" in page


def test_an_items_page_shows_the_figures_that_go_with_it(client, login, school, senco):
    pupils_with(school, n=6, need="ASD")
    login(senco)
    page = client.get(reverse("information_report:item_edit", args=["kinds_of_sen"])).content.decode()
    assert "Figures shown with this item" in page and "Autistic spectrum disorder" in page
    assert (
        "Figures shown" not in client.get(reverse("information_report:item_edit", args=["complaints"])).content.decode()
    )
