"""The EHC plan pages: who may open them beyond the matrix (the LA that did not issue the plan), what
they show, and that every read is audited with its `via`."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.ehc import plan_services as s
from sensupport.ehc.models import AnnualReview

from .conftest import SECTIONS


def today():
    return timezone.localdate()


def test_the_school_la_officer_reads_but_only_the_home_la_issues(client, on_support, la_officer, other_la_officer):
    """Peter goes to school in Northshire but lives in Southshire: Southshire is responsible for his plan."""
    on_support.home_local_authority = other_la_officer.local_authority
    on_support.save()
    s.ehc_plan_start(actor=other_la_officer, pupil=on_support, sections=SECTIONS)
    client.force_login(la_officer)
    assert client.get(reverse("ehc:plan", args=[on_support.pk])).status_code == 200
    assert client.get(reverse("ehc:plan_draft", args=[on_support.pk])).status_code == 403
    assert client.post(reverse("ehc:plan_issue", args=[on_support.pk]), {"issued_on": today()}).status_code == 403
    client.force_login(other_la_officer)
    response = client.post(reverse("ehc:plan_issue", args=[on_support.pk]), {"issued_on": today().isoformat()})
    assert response.status_code == 302
    on_support.refresh_from_db()
    assert on_support.sen_status == "E"


def test_the_la_officer_drafts_from_the_page(client, on_support, la_officer):
    client.force_login(la_officer)
    data = {**SECTIONS, "edit_version": ""}
    response = client.post(reverse("ehc:plan_draft", args=[on_support.pk]), data)
    assert response.status_code == 302
    page = client.get(reverse("ehc:plan", args=[on_support.pk])).content.decode()
    assert "Draft: not issued yet" in page and SECTIONS["views"] in page
    assert "B. Special educational needs" in page and "H1. Social care provision" in page


def test_an_issue_without_a_placement_says_what_is_missing(client, draft, la_officer):
    s.ehc_plan_draft_update(actor=la_officer, version=draft, sections={"placement_name": ""})
    client.force_login(la_officer)
    response = client.post(reverse("ehc:plan_issue", args=[draft.plan.pupil.pk]), {"issued_on": today().isoformat()})
    assert response.status_code == 200
    assert "Fill in section I (the name of the school or other institution)" in response.content.decode()


def test_the_senco_records_the_meeting_and_report_from_the_pages(client, issued, senco):
    pupil = issued.plan.pupil
    client.force_login(senco)
    meeting = today() - dt.timedelta(days=3)
    response = client.post(reverse("ehc:review_new", args=[pupil.pk]), {"meeting_on": meeting.isoformat()})
    review = AnnualReview.objects.get(plan=issued.plan)
    assert response.status_code == 302 and review.meeting_on == meeting
    url = reverse("ehc:review_meeting", args=[pupil.pk, review.pk])
    assert (
        client.post(url, {"edit_version": 1, "held_on": meeting.isoformat(), "attendees": "Mum, Peter"}).status_code
        == 302
    )
    url = reverse("ehc:review_report", args=[pupil.pk, review.pk])
    response = client.post(
        url,
        {
            "edit_version": 2,
            "family_views": "Mum: he is happier",
            "pupil_views": "I like my class",
            "report": "Good progress.",
            "recommendation": "no_change",
            "sent_on": today().isoformat(),
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.report_sent_on == today() and review.family_views == "Mum: he is happier"
    page = client.get(reverse("ehc:review", args=[pupil.pk, review.pk])).content.decode()
    assert "I like my class" in page and "Record the local authority" not in page  # the SENCO does not decide
    stale = client.post(
        url, {"edit_version": 2, "report": "x", "recommendation": "amend", "sent_on": today().isoformat()}
    )
    assert "Someone else changed this" in stale.content.decode()


def test_the_school_page_counts_overdue_and_due_soon(client, issued, senco, la_officer):
    pupil = issued.plan.pupil
    client.force_login(senco)
    page = client.get(reverse("ehc:school_plans")).content.decode()
    assert "1</strong> pupil with an EHC plan recorded here" in page
    assert "<strong>0</strong> annual reviews overdue, <strong>1</strong> due in the next eight weeks" in page
    assert AuditEvent.objects.filter(target=AuditEvent.Target.EHC_PLANS, pupil=pupil, actor=senco).count() == 1
    home = client.get(reverse("core:home")).content.decode()
    assert 'id="ehc-plans-panel"' in home and "1</strong> due in the next eight weeks" in home
    assert "No SEN Support plan reviews overdue" in home


def test_the_pupil_page_shows_the_plan_and_its_next_review(client, issued, senco):
    pupil = issued.plan.pupil
    client.force_login(senco)
    page = client.get(reverse("pupils:pupil", args=[pupil.pk])).content.decode()
    due = s.next_review_due(issued.plan)
    assert 'id="ehc-plan-line"' in page
    assert f"next annual review due by {due:%-d %B %Y}" in page


def test_the_family_reads_the_plan_in_plain_english_audited_as_the_portal(client, issued, parent, senco):
    pupil = issued.plan.pupil
    s.annual_review_schedule(actor=senco, plan=issued.plan, meeting_on=today() + dt.timedelta(days=20))
    client.force_login(parent)
    child = client.get(reverse("portal:child", args=[pupil.pk])).content.decode()
    assert reverse("ehc:family_plan", args=[pupil.pk]) in child
    page = client.get(reverse("ehc:family_plan", args=[pupil.pk])).content.decode()
    meeting = today() + dt.timedelta(days=20)
    assert f"The review meeting is on <strong>{meeting:%A %-d %B %Y}</strong>" in page
    assert "You will be invited at least two weeks before" in page
    event = AuditEvent.objects.filter(target=AuditEvent.Target.EHC_PLAN, actor=parent).get()
    assert event.via == "portal" and event.pupil == pupil


def test_a_parent_of_another_child_cannot_open_the_plan(client, issued, other_parent):
    client.force_login(other_parent)
    assert client.get(reverse("ehc:family_plan", args=[issued.plan.pupil.pk])).status_code == 404


@pytest.mark.parametrize("who", ["teacher", "professional"])
def test_readers_see_no_buttons_that_change_it(client, issued, request, who):
    user = request.getfixturevalue(who)
    if who == "professional":
        from sensupport.pupils.models import ProfessionalShare

        ProfessionalShare.objects.create(professional=user, pupil=issued.plan.pupil, purpose="EP advice")
    client.force_login(user)
    page = client.get(reverse("ehc:plan", args=[issued.plan.pupil.pk])).content.decode()
    assert "Arrange the annual review" not in page and "Amend the plan" not in page
    assert SECTIONS["outcomes"] in page


def test_the_la_officer_home_lists_reviews_waiting_for_their_decision(
    client, issued, senco, la_officer, other_la_officer
):
    pupil = issued.plan.pupil
    review = s.annual_review_schedule(actor=senco, plan=issued.plan, meeting_on=today() - dt.timedelta(days=30))
    s.annual_review_meeting(actor=senco, review=review, held_on=today() - dt.timedelta(days=30), attendees="Mum")
    s.annual_review_report(actor=senco, review=review, sent_on=today(), report="ok", recommendation="amend")
    client.force_login(la_officer)
    home = client.get(reverse("core:home")).content.decode()
    due = today() - dt.timedelta(days=2)
    assert 'id="ehc-decisions-panel"' in home and f"decide by {due:%-d %b %Y}" in home and "Overdue" in home
    assert reverse("ehc:review", args=[pupil.pk, review.pk]) in home
    client.force_login(other_la_officer)
    assert 'id="ehc-decisions-panel"' not in client.get(reverse("core:home")).content.decode()
