"""Two people press the same button at once: one start of an assessment, one new plan, one new
version. The second gets a clear message and is taken to the first one's, never a server error
(issue 7, finding 9). And two people saving the assessment's strengths at once: the later save is
refused with both texts on screen, never a silent overwrite.

Real HTTP against live_server; on PostgreSQL the two requests run at once (see `race`)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.core.live_http import signed_in
from sensupport.plans import services
from sensupport.plans.models import Assessment, Plan
from sensupport.plans.tests.live import race

pytestmark = pytest.mark.django_db(transaction=True)

TAKEN_TO_IT = "so you have been taken to it"


def _both_end_at(replies, sessions, url):
    """Both requests end on the one thing that was made, neither with an error; the one who lost
    is told why on the page it lands on."""
    assert [r.status for r in replies] == [302, 302], [r.text[:500] for r in replies]
    assert {r.location for r in replies} == {url}
    landed = [s.get(url).text for s in sessions]
    assert sum(TAKEN_TO_IT in page for page in landed) == 1


@pytest.fixture
def two_leads(live_server, senco, head):
    return signed_in(live_server, senco), signed_in(live_server, head)


def _post_together(sessions, url, page, *, gate_after, stale_check):
    for s in sessions:
        assert s.get(page).status == 200  # each has the page with the button open (and its CSRF cookie)
    return race(*(lambda s=s: s.post(url, {}) for s in sessions), gate_after=gate_after, stale_check=stale_check)


def test_two_starts_of_an_assessment_at_once_make_one_and_send_both_to_it(on_support, two_leads):
    pupil = on_support
    replies = _post_together(
        two_leads,
        reverse("plans:assessment_start", args=[pupil.pk]),
        reverse("plans:overview", args=[pupil.pk]),
        gate_after=(services, "_next_cycle"),
        stale_check=(services, "_refuse_second_assessment"),
    )
    assessment = Assessment.objects.get(pupil=pupil)
    _both_end_at(replies, two_leads, reverse("plans:assessment", args=[pupil.pk, assessment.pk]))


def test_two_new_plans_at_once_make_one_draft_and_send_both_to_it(on_support, two_leads):
    pupil = on_support
    replies = _post_together(
        two_leads,
        reverse("plans:plan_new", args=[pupil.pk]),
        reverse("plans:overview", args=[pupil.pk]),
        gate_after=(services, "_next_version"),
        stale_check=(services, "_refuse_second_draft"),
    )
    draft = Plan.objects.get(pupil=pupil)
    _both_end_at(replies, two_leads, reverse("plans:plan", args=[pupil.pk, draft.pk]))


def test_two_new_versions_at_once_make_one_draft_and_send_both_to_it(agreed, two_leads):
    pupil = agreed.pupil
    replies = _post_together(
        two_leads,
        reverse("plans:new_version", args=[pupil.pk, agreed.pk]),
        reverse("plans:plan", args=[pupil.pk, agreed.pk]),
        gate_after=(services, "_next_version"),
        stale_check=(services, "_refuse_second_draft"),
    )
    draft = Plan.objects.get(pupil=pupil, status=Plan.Status.DRAFT)
    assert draft.version == 2 and Plan.objects.filter(pupil=pupil).count() == 2
    _both_end_at(replies, two_leads, reverse("plans:plan", args=[pupil.pk, draft.pk]))


def test_two_saves_of_the_assessment_summary_at_once_keep_one_and_show_the_other_both_texts(assessed, two_leads):
    assessment = assessed[0]
    url = reverse("plans:assessment", args=[assessment.pupil_id, assessment.pk])
    senco, head = two_leads
    opened = [senco.get(url), head.get(url)]  # both open the page before either saves
    assert all('name="summary-summary_version" value="1"' in page.text for page in opened)

    def save(session, words):
        return session.post(
            url,
            {
                "action": "summary",
                "summary-summary_version": 1,
                "summary-strengths": words,
                "summary-interests": "",
                "summary-what_helps": "",
            },
        )

    replies = race(
        lambda: save(senco, "Kind to younger children (Sam)"),
        lambda: save(head, "Brilliant at Lego (Hana)"),
        gate_after=(services, "_require_open"),
    )
    saved, refused = sorted(replies, key=lambda r: r.status, reverse=True)
    assert (saved.status, refused.status) == (302, 200)
    assessment.refresh_from_db()
    assert assessment.summary_version == 2
    theirs, mine = ("Kind to younger children (Sam)", "Brilliant at Lego (Hana)")
    if assessment.strengths != theirs:
        theirs, mine = mine, theirs
    assert assessment.strengths == theirs
    assert "Someone else saved strengths, interests and what helps while you were writing" in refused.text
    shown = refused.text.split('id="summary-saved-by-someone-else"')[1].split("</dl>")[0]
    assert theirs in shown and mine not in shown  # their saved text is shown...
    assert f">{mine}</textarea>" in refused.text  # ...and mine is still in the form, unsaved
    assert 'name="summary-summary_version" value="2"' in refused.text  # a deliberate second save may go through
