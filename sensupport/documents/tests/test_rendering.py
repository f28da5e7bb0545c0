"""The documents say everything the plan and review hold, in both formats, as accessible files."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from docx.oxml.ns import qn

from sensupport.documents import content, render
from sensupport.plans import services
from sensupport.reviews.models import Review

from .helpers import docx_open, docx_text, pdf_info, pdf_objects, pdf_text, words

PLAN_TEXTS = [
    "SEN Support plan for Peter Rabbit",
    "4 May 2016",
    "Year 4",
    "Oak Primary",
    "Agreed with",
    "Mum (Pam Parent), at a meeting",
    "Anxiety at transitions",
    "Social, emotional and mental health",
    "Decoding unfamiliar words",
    "Cognition and learning",
    "Fatigue in the afternoon",
    "Sensory and/or physical",
    "Severe effect",
    "Peter arrives calm and stays in class",
    "How we will know",
    "He reads a Year 3 book with 95% accuracy",
    "Phonics catch-up programme (Fresh Start)",
    "Mrs Jones (TA)",
    "3 times a week, 20 minutes each",
    "Withdrawn from class",
    "Group of 3",
    "Replaces: Part of guided reading",
    "Decoding unfamiliar words",
    "I want to read Harry Potter by myself.",
    "We want him to enjoy reading.",
    "Read with Peter for ten minutes most evenings.",
    "Use my timetable",
]


def _review_date(plan) -> str:
    return content.long_date(plan.review_date)


@pytest.mark.django_db
def test_plan_pdf_is_tagged_pdf_ua_in_british_english_with_a_title(full_plan):
    data = render.plan_pdf(full_plan)
    assert data.startswith(b"%PDF-1.7")
    structure = pdf_objects(data)
    assert b"/StructTreeRoot" in structure and b"/MarkInfo <</Marked true>>" in structure
    assert b"/Lang (en-GB)" in structure
    assert b'pdfuaid:part="1"' in structure  # PDF/UA-1 identification in the XMP metadata
    assert b"/S /H1" in structure and b"/S /Table" in structure and b"/S /TH" in structure
    info = pdf_info(data)
    assert info["Title"] == "SEN Support plan for Peter Rabbit"
    assert info["Tagged"] == "yes" and info["Page size"].endswith("(A4)")


@pytest.mark.django_db
def test_plan_pdf_holds_identity_barriers_outcomes_provision_and_views(full_plan):
    text = pdf_text(render.plan_pdf(full_plan))
    for expected in PLAN_TEXTS:
        assert expected in text, expected
    assert "5 times a week, 10 minutes each" in text and "One-to-one" in text
    # The typed cost (£420) is not shown: costs are computed for staff by the provision map.
    assert "£420.00" not in text and "Total cost" not in text
    assert f"review this plan by {_review_date(full_plan)}" in text


@pytest.mark.django_db
def test_plan_docx_has_headings_tables_with_header_rows_and_properties(full_plan):
    doc = docx_open(render.plan_docx(full_plan))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "SEN Support plan for Peter Rabbit") in headings
    assert ("Heading 2", "The support Peter will get") in headings and (
        "Heading 2",
        "What we want to be different (outcomes)",
    ) in headings
    assert len(doc.tables) == 5
    provision = next(t for t in doc.tables if t.rows[0].cells[0].text == "Support")
    assert [c.text for c in provision.rows[0].cells][:3] == ["Support", "Who", "How often and how long"]
    assert provision.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert provision._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) == "Support for Peter"
    props = doc.core_properties
    assert (
        props.title == "SEN Support plan for Peter Rabbit"
        and props.language == "en-GB"
        and props.author == "Oak Primary"
    )
    assert doc.sections[0].page_width.mm == pytest.approx(210, abs=0.5)
    text = docx_text(doc)
    for expected in PLAN_TEXTS:
        assert expected in text, expected


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["plan", "profile", "review"])
def test_pdf_and_word_say_the_same_thing(reviewed, kind):
    document = render.BUILDERS[kind](reviewed)
    expected = words(" ".join(content.all_text(document)))
    pdf_words = words(pdf_text(render.document_pdf(document, one_page=kind == "profile")))
    docx_words = words(docx_text(docx_open(render.document_docx(document))))
    assert expected - pdf_words == set()
    assert expected - docx_words == set()


@pytest.mark.django_db
def test_profile_is_one_friendly_page(full_plan):
    data = render.profile_pdf(full_plan)
    assert pdf_info(data)["Pages"] == "1"
    text = pdf_text(data)
    for expected in [
        "All about Peter",
        "About me",
        "What I am good at",
        "Brilliant at building things with Lego",
        "What I like",
        "Rabbits, gardening",
        "What is hard for me",
        "Anxiety at transitions",
        "What helps me",
        "Phonics catch-up programme",
        "I like knowing what is next",
    ]:
        assert expected in text, expected
    doc = docx_open(render.profile_docx(full_plan))
    assert [p.text for p in doc.paragraphs if p.style.name == "List Bullet"][:1] == [
        "Anxiety at transitions: Peter becomes very worried when the timetable changes or a lesson ends unexpectedly."
    ]


@pytest.mark.django_db
def test_a_long_profile_steps_its_type_down_to_stay_on_one_page(full_plan, senco):
    # A draft reads the live assessment (an agreed version keeps the strengths it was agreed with).
    draft = services.plan_new_version(plan=full_plan, actor=senco)
    assessment = draft.assessment
    assessment.strengths = " ".join(["Peter is a thoughtful, kind friend who notices when others are sad."] * 9)
    assessment.save(update_fields=["strengths"])
    assert content.one_page_profile(draft).strengths == assessment.strengths
    assert pdf_info(render.profile_pdf(draft))["Pages"] == "1"


@pytest.mark.django_db
def test_review_record_holds_meeting_progress_support_and_decision(reviewed):
    data = render.review_pdf(reviewed)
    text = pdf_text(data)
    for expected in [
        "Review of Peter Rabbit's SEN Support plan",
        "Mum (Pam Parent), Peter, Sam Senco (SENCO), Tia Teacher",
        "Parent or carer present Yes",
        "The quiet corner is my favourite.",
        "Much happier in the mornings.",
        "Good progress",
        "In class by 9:05 on 4 of 5 mornings",
        "Achieved",
        "Partly delivered",
        "Helped a little",
        "Missed 6 sessions",
        "Not delivered",
        "Too early to tell",
        "Continue the plan",
        "Who does what by when",
        "Mrs Jones to restart phonics sessions by 1 December",
    ]:
        assert expected in text, expected
    doc = docx_open(render.review_docx(reviewed))
    assert "Mrs Jones to restart phonics sessions by 1 December" in docx_text(doc)
    assert any(p.style.name == "Heading 3" and p.text == "Who does what by when" for p in doc.paragraphs)


@pytest.mark.django_db
def test_review_document_needs_a_review(full_plan):
    with pytest.raises(Review.DoesNotExist):
        content.review_document(full_plan)


@pytest.mark.django_db
def test_file_names_say_pupil_document_and_date(reviewed):
    assert (
        render.render("plan", reviewed, "pdf")[1]
        == f"Peter-Rabbit_support-plan-v1_{reviewed.agreed_on.isoformat()}.pdf"
    )
    assert (
        render.render("profile", reviewed, "docx")[1]
        == f"Peter-Rabbit_one-page-profile_{reviewed.agreed_on.isoformat()}.docx"
    )
    assert (
        render.render("review", reviewed, "pdf")[1] == f"Peter-Rabbit_review_{reviewed.review.held_on.isoformat()}.pdf"
    )
    # After the review the next version is a draft: its file says so, dated the day it was printed.
    next_version = reviewed.pupil.plans.get(version=2)
    today = timezone.localdate().isoformat()
    assert render.render("plan", next_version, "docx")[1] == f"Peter-Rabbit_support-plan-v2-draft_{today}.docx"


def test_file_names_are_ascii_safe():
    assert content.ascii_slug("Zoë O'Brien-Smith") == "Zoe-OBrien-Smith"
    assert content.ascii_slug("Łukasz  Søndergård") == "Lukasz-Sondergard"
    assert content.ascii_slug('"; rm -rf /') == "rm-rf"
    assert content.ascii_slug("李") == "pupil"


@pytest.mark.django_db
def test_a_draft_plan_is_marked_as_a_draft(draft):
    document = content.plan_document(draft)
    assert document.notice.startswith("Draft") and document.filename_stem.endswith(
        f"-draft_{timezone.localdate().isoformat()}"
    )
    assert "Draft: this plan has not been agreed yet" in pdf_text(render.plan_pdf(draft))


@pytest.mark.django_db
def test_awkward_text_is_escaped_and_kept(full_plan, senco):
    plan = services.plan_new_version(plan=full_plan, actor=senco)
    services.plan_update_draft(
        plan=plan,
        actor=senco,
        expected_edit_version=None,
        review_date=timezone.localdate() + dt.timedelta(weeks=8),
        pupil_views='<script>alert(1)</script> I like "maths" & art\x0c',
    )
    pdf = pdf_text(render.plan_pdf(plan))
    assert '<script>alert(1)</script> I like "maths" & art' in pdf
    assert '<script>alert(1)</script> I like "maths" & art' in docx_text(docx_open(render.plan_docx(plan)))
