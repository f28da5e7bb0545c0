"""The demo's request for Lily (Hillcrest, Year 8), at the decision-to-assess step, and its evidence
pack read back from the PDF: every part the issue names is there, with Lily's own record in it. And
the older request, past 20 weeks, with its exception shown and counted."""

from __future__ import annotations

import datetime as dt

import pytest

from sensupport.demo import builder
from sensupport.documents import render
from sensupport.documents.ehc_evidence import evidence_document, reports_zip
from sensupport.documents.tests.helpers import docx_open, docx_text, pdf_text
from sensupport.ehc.evidence import evidence_pack
from sensupport.ehc.models import EhcRequest
from sensupport.ehc.request_selectors import request_figures

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 2)


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    builder.demo_load(today=TODAY)


def test_lilys_request_waits_for_the_decision_whether_to_assess(demo):
    lily = EhcRequest.objects.get(pupil__forename="Lily", pupil__surname="Marsh")
    assert lily.school.name.startswith("Hillcrest") and lily.pupil.year_group == "8"
    assert lily.stage == EhcRequest.Stage.RECEIVED and lily.review.get_decision_display().startswith("Request")
    assert lily.received_on == TODAY - dt.timedelta(weeks=5)


def test_the_older_request_is_past_20_weeks_and_counted_as_an_exception(demo):
    older = EhcRequest.objects.exclude(pupil__forename="Lily").get()
    assert (TODAY - older.received_on).days > 20 * 7 and older.exception == "absent_from_area"
    figures = request_figures(local_authority=older.local_authority_id, today=TODAY)
    assert (figures.requests, figures.exceptions, figures.overdue) == (2, 1, 0)


def test_lilys_evidence_pack_holds_every_part(demo):
    request = EhcRequest.objects.select_related("pupil", "school", "local_authority").get(pupil__forename="Lily")
    pack = evidence_pack(request, today=TODAY)
    text = pdf_text(render.document_pdf(evidence_document(pack)))
    parts = {
        "the request and its dates": ["Request for an EHC needs assessment: Lily Marsh", "Decision whether to assess"],
        "needs and barriers": ["Needs and barriers", "Speech, language and communication needs"],
        "the APDR cycles and their review outcomes": [
            "The plans and their reviews",
            "Continue the plan",
            "Request an EHC needs assessment",
            "have not closed the gap",
        ],
        "costed provision": ["Social communication group", "Total additional support", "£"],
        "time out of class": ["Time out of class each week"],
        "progress, attendance and behaviour": ["Reading", "Attended", "Refused to read aloud in science"],
        "specialist advice and what was done": [
            "Demoshire Educational Psychology Service",
            "Accepted into plan version 3",
            "Declined: The speech and language therapy service",
        ],
        "the pupil's views in their words": ["I want to be able to answer in class"],
        "the family's views in their words": ["We want Lily to be understood"],
        "the checklist, never a gate": ["2 reviewed plan cycles", "section 36(8)"],
    }
    missing = {part: [p for p in phrases if p not in text] for part, phrases in parts.items()}
    assert not any(missing.values()), missing
    word = docx_text(docx_open(render.document_docx(evidence_document(pack))))
    assert "Accepted into plan version 3" in word and "We want Lily to be understood" in word
    assert pack.reports and reports_zip(pack)[:2] == b"PK"
