"""What the parents agreed does not move: barriers added to or settled in the assessment after a
version is agreed leave that version's page, the parent's page, the PDF and the Word document as
they were (issue 7, finding 4). Driven over a real server with a signed-in session."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from sensupport.core.live_http import signed_in
from sensupport.documents.tests.helpers import docx_open, docx_text, pdf_text
from sensupport.plans import services
from sensupport.plans.models import Assessment, Impact, Plan
from sensupport.plans.snapshot import plan_content

pytestmark = pytest.mark.django_db(transaction=True)


def _change_the_assessment_after_agreement(assessment: Assessment, senco, anxiety, fatigue):
    services.barrier_add(
        assessment=assessment,
        actor=senco,
        title="Noise in the dining hall",
        broad_area="Sensory and/or physical",
        impact=Impact.SEVERE,
    )
    services.barrier_status_settle(
        assessment=assessment,
        barrier=anxiety,
        actor=senco,
        present=False,
        impact=Impact.NONE,
        resolution="Gone since the move",
    )
    services.barrier_status_settle(
        assessment=assessment, barrier=fatigue, actor=senco, present=True, impact=Impact.SEVERE
    )
    services.assessment_update_summary(
        assessment=assessment,
        actor=senco,
        strengths="Strengths written after the agreement",
        interests="",
        what_helps="",
        expected_summary_version=None,
    )


def _barrier_section(html: str) -> str:
    return html.split("Barriers to learning</h2>")[1].split("<h2")[0]


def test_agreed_plan_page_pdf_word_and_family_page_keep_the_agreed_barriers(
    live_server, agreed, assessed, senco, parent
):
    assessment, anxiety, fatigue = assessed
    assert assessment.status == Assessment.Status.OPEN  # agreed while the assessment was still open
    pupil = agreed.pupil
    staff, family = signed_in(live_server, senco), signed_in(live_server, parent)
    plan_url = reverse("plans:plan", args=[pupil.pk, agreed.pk])
    before = staff.get(plan_url)
    assert before.status == 200 and "Anxiety at transitions" in before.text

    _change_the_assessment_after_agreement(assessment, senco, anxiety, fatigue)

    page = staff.get(plan_url)
    assert page.status == 200
    barriers = _barrier_section(page.text)
    assert barriers == _barrier_section(before.text)
    assert (
        "Anxiety at transitions" in barriers and "Fatigue in the afternoon" in barriers and "marked effect" in barriers
    )
    assert "Noise in the dining hall" not in barriers and "severe" not in barriers

    pdf = staff.get(reverse("documents:plan", args=[pupil.pk, agreed.pk, "pdf"]))
    word = staff.get(reverse("documents:plan", args=[pupil.pk, agreed.pk, "docx"]))
    assert pdf.status == word.status == 200
    for text in (pdf_text(pdf.body), docx_text(docx_open(word.body))):
        assert "Anxiety at transitions" in text and "Fatigue in the afternoon" in text and "Marked effect" in text
        assert "Noise in the dining hall" not in text and "Severe effect" not in text

    profile = staff.get(reverse("documents:profile", args=[pupil.pk, agreed.pk, "pdf"]))
    assert "Strengths written after the agreement" not in pdf_text(profile.body)

    plain = family.get(reverse("portal:plan", args=[pupil.pk, agreed.pk]))
    assert plain.status == 200
    assert "Anxiety at transitions" in plain.text and "Noise in the dining hall" not in plain.text


def test_the_next_draft_reads_the_assessment_as_it_is_now(agreed, assessed, senco):
    assessment, anxiety, fatigue = assessed
    _change_the_assessment_after_agreement(assessment, senco, anxiety, fatigue)
    draft = services.plan_new_version(plan=agreed, actor=senco)
    titles = [line.barrier.title for line in plan_content(draft).barriers]
    assert titles == ["Fatigue in the afternoon", "Noise in the dining hall"]
    assert [line.barrier.title for line in plan_content(Plan.objects.get(pk=agreed.pk)).barriers] == [
        "Anxiety at transitions",
        "Fatigue in the afternoon",
    ]


def test_agreeing_while_the_assessment_is_open_warns_that_the_plan_keeps_todays_barriers(draft, senco, login):
    page = login(senco).get(reverse("plans:agree", args=[draft.pupil_id, draft.pk])).content.decode()
    assert "The assessment this plan answers is still open" in page


def test_versions_agreed_before_snapshots_get_one_from_the_rows_as_they_stand(agreed):
    Plan.objects.filter(pk=agreed.pk).update(snapshot=None)
    migration = importlib.import_module("sensupport.plans.migrations.0003_fill_agreed_snapshots")
    migration.fill(apps, None)
    plan = Plan.objects.get(pk=agreed.pk)
    assert plan.snapshot["source"] == "migration"
    content = plan_content(plan)
    assert content.frozen and [line.barrier.title for line in content.barriers] == [
        "Anxiety at transitions",
        "Fatigue in the afternoon",
    ]
    assert [p.description for p in content.provisions] == ["Warning of changes to the day", "Rest break after lunch"]


@pytest.mark.django_db
def test_a_drafts_live_content_is_its_rows_as_the_related_managers_give_them(draft, assessed, senco):
    """A draft's content is read through prepared queries (plans/snapshot.py `_live`): the same
    support and outcomes, in the same order, each with its barriers oldest first, and the barriers
    the assessment found present."""
    from sensupport.plans.snapshot import plan_content

    assessment, anxiety, fatigue = assessed
    content = plan_content(draft)
    assert not content.frozen
    assert [p.pk for p in content.provisions] == [p.pk for p in draft.provisions.all()]
    assert [o.pk for o in content.outcomes] == [o.pk for o in draft.outcomes.all()]
    for row, related in [
        *zip(content.provisions, draft.provisions.all()),
        *zip(content.outcomes, draft.outcomes.all()),
    ]:
        assert row.for_barriers == sorted(related.barriers.all(), key=lambda b: (b.created_at, b.pk))
        assert row.plan is draft
    assert [o.for_barriers for o in content.outcomes] == [[anxiety, fatigue]]
    assert [line.barrier for line in content.barriers] == [anxiety, fatigue]
    assert content.provision_barriers == [
        ("Warning of changes to the day", frozenset({anxiety.pk})),
        ("Rest break after lunch", frozenset({fatigue.pk})),
    ]
