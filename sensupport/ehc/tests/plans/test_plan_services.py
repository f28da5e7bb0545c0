"""Drafting, issuing and amending an EHC plan, and its annual review step by step."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.ehc import plan_services as s
from sensupport.ehc.models import AnnualReview, EhcPlanVersion
from sensupport.pupils.models import EhcPlanSummary, SenStatusChange

from .conftest import SECTIONS


def today():
    return timezone.localdate()


def test_an_officer_of_the_pupils_la_drafts_the_plan(draft, la_officer):
    assert draft.number == 1 and draft.status == EhcPlanVersion.Status.DRAFT
    assert draft.plan.local_authority == la_officer.local_authority
    event = AuditEvent.objects.get(target=AuditEvent.Target.EHC_PLAN, action=AuditEvent.Action.CREATE)
    assert event.pupil == draft.plan.pupil and event.via == "web" and event.actor == la_officer


@pytest.mark.parametrize("who", ["other_la_officer", "senco", "professional", "parent"])
def test_nobody_else_drafts_a_plan(on_support, request, who):
    with pytest.raises(s.EhcPlanError, match="local authority"):
        s.ehc_plan_start(actor=request.getfixturevalue(who), pupil=on_support, sections=SECTIONS)


def test_issuing_the_final_plan_makes_the_pupil_E_from_the_plans_date(issued, la_officer):
    pupil = issued.plan.pupil
    pupil.refresh_from_db()
    assert issued.status == "final" and issued.issued_on == today() - dt.timedelta(days=330)
    assert (pupil.sen_status, pupil.sen_status_since) == ("E", issued.issued_on)
    change = SenStatusChange.objects.get(pupil=pupil, status="E")
    assert change.start_date == issued.issued_on and change.recorded_by == la_officer
    assert AuditEvent.objects.filter(target=AuditEvent.Target.SEN_STATUS, pupil=pupil).exists()


def test_the_schools_summary_follows_the_issued_plan(issued):
    summary = EhcPlanSummary.objects.get(pupil=issued.plan.pupil)
    assert summary.issued_on == issued.issued_on and summary.last_reviewed_on is None
    assert summary.outcomes == SECTIONS["outcomes"] and summary.provision_summary == SECTIONS["provision"]
    assert summary.annual_review_due == s.next_review_due(issued.plan)


def test_a_pupil_without_a_primary_need_cannot_become_E(draft, la_officer):
    draft.plan.pupil.needs.all().delete()
    with pytest.raises(s.EhcPlanError, match="primary"):
        s.ehc_plan_issue(actor=la_officer, version=draft, issued_on=today())
    draft.refresh_from_db()
    assert draft.status == "draft"  # nothing issued: one transaction


def test_a_final_plan_needs_its_placement(draft, la_officer):
    s.ehc_plan_draft_update(actor=la_officer, version=draft, sections={"placement_name": ""})
    with pytest.raises(s.EhcPlanError, match="section I"):
        s.ehc_plan_issue(actor=la_officer, version=draft, issued_on=today())


def test_an_issue_date_in_the_future_is_refused(draft, la_officer):
    with pytest.raises(s.EhcPlanError, match="future") as caught:
        s.ehc_plan_issue(actor=la_officer, version=draft, issued_on=today() + dt.timedelta(days=1))
    assert caught.value.field == "issued_on"


def test_a_final_plan_never_changes_an_amendment_keeps_the_history(issued, la_officer):
    with pytest.raises(s.EhcPlanError, match="amend"):
        s.ehc_plan_draft_update(actor=la_officer, version=issued, sections={"outcomes": "x"})
    amended = s.ehc_plan_amend(actor=la_officer, plan=issued.plan, reason="New outcomes after the review")
    assert amended.number == 2 and amended.outcomes == issued.outcomes
    s.ehc_plan_draft_update(actor=la_officer, version=amended, sections={"outcomes": "Read a chapter book."})
    s.ehc_plan_issue(actor=la_officer, version=amended, issued_on=today())
    versions = list(issued.plan.versions.order_by("number"))
    assert [(v.number, v.status, v.outcomes) for v in versions] == [
        (1, "final", SECTIONS["outcomes"]),
        (2, "final", "Read a chapter book."),
    ]
    summary = EhcPlanSummary.objects.get(pupil=issued.plan.pupil)
    assert summary.issued_on == issued.issued_on  # the review clock runs from the first issue
    assert summary.outcomes == "Read a chapter book."


def test_a_stale_draft_form_is_refused(draft, la_officer):
    s.ehc_plan_draft_update(actor=la_officer, version=draft, sections={"views": "a"}, expected_version=1)
    with pytest.raises(s.EhcPlanError, match="Someone else"):
        s.ehc_plan_draft_update(actor=la_officer, version=draft, sections={"views": "b"}, expected_version=1)


def test_an_annual_review_from_schedule_to_decision(issued, senco, la_officer):
    plan = issued.plan
    meeting = today() - dt.timedelta(days=10)
    review = s.annual_review_schedule(actor=senco, plan=plan, meeting_on=meeting)
    assert review.due_on == s.plan_rules.next_review_due(issued.issued_on)
    assert review.phase_transfer is False  # Year 4
    review = s.annual_review_invitations(
        actor=senco, review=review, sent_on=meeting - dt.timedelta(days=20), invited="Parents, Peter, LA, SALT"
    )
    review = s.annual_review_meeting(actor=senco, review=review, held_on=meeting, attendees="Mum, Peter, SENCO")
    assert EhcPlanSummary.objects.get(pupil=plan.pupil).last_reviewed_on == meeting
    with pytest.raises(s.EhcPlanError, match="report"):
        s.annual_review_decide(actor=la_officer, review=review, decision="no_change", decided_on=today())
    review = s.annual_review_report(
        actor=senco,
        review=review,
        sent_on=today(),
        report="Good progress towards reading.",
        recommendation="amend",
        family_views="We want more speech therapy.",
        pupil_views="I like reading with Miss.",
    )
    review = s.annual_review_decide(
        actor=la_officer, review=review, decision="amend", decided_on=today(), reasons="More therapy"
    )
    assert review.decided_by == la_officer
    draft = s.draft_of(plan)
    assert draft is not None and draft.number == 2 and "More therapy" in draft.amendment_reason
    assert s.next_review_due(plan) == s.plan_rules.next_review_due(issued.issued_on, meeting)
    vias = set(
        AuditEvent.objects.filter(target=AuditEvent.Target.EHC_ANNUAL_REVIEW, pupil=plan.pupil).values_list(
            "via", flat=True
        )
    )
    assert vias == {"web"}
    assert AuditEvent.objects.filter(target=AuditEvent.Target.EHC_ANNUAL_REVIEW).count() == 5


def test_the_school_arranges_the_review_not_the_teacher_or_the_la(issued, teacher, la_officer):
    for who in (teacher, la_officer):
        with pytest.raises(s.EhcPlanError, match="SENCO or head"):
            s.annual_review_schedule(actor=who, plan=issued.plan, meeting_on=today())


def test_only_the_plans_la_decides(issued, senco, other_la_officer):
    review = s.annual_review_schedule(actor=senco, plan=issued.plan, meeting_on=today())
    s.annual_review_meeting(actor=senco, review=review, held_on=today(), attendees="Mum")
    s.annual_review_report(actor=senco, review=review, sent_on=today(), report="ok", recommendation="no_change")
    for who in (senco, other_la_officer):
        with pytest.raises(s.EhcPlanError, match="local authority"):
            s.annual_review_decide(actor=who, review=review, decision="no_change", decided_on=today())


def test_one_open_review_at_a_time(issued, senco):
    s.annual_review_schedule(actor=senco, plan=issued.plan, meeting_on=today())
    with pytest.raises(s.EhcPlanError, match="still open"):
        s.annual_review_schedule(actor=senco, plan=issued.plan, meeting_on=today() + dt.timedelta(days=7))
    assert AnnualReview.objects.count() == 1


def test_a_meeting_cannot_be_recorded_before_it_happens(issued, senco):
    review = s.annual_review_schedule(actor=senco, plan=issued.plan, meeting_on=today())
    with pytest.raises(s.EhcPlanError, match="future") as caught:
        s.annual_review_meeting(actor=senco, review=review, held_on=today() + dt.timedelta(days=1), attendees="x")
    assert caught.value.field == "held_on"


def test_ceasing_the_plan_closes_it(issued, senco, la_officer):
    review = s.annual_review_schedule(actor=senco, plan=issued.plan, meeting_on=today())
    s.annual_review_meeting(actor=senco, review=review, held_on=today(), attendees="Mum")
    s.annual_review_report(actor=senco, review=review, sent_on=today(), report="Outcomes met", recommendation="cease")
    with pytest.raises(s.EhcPlanError, match="reasons"):
        s.annual_review_decide(actor=la_officer, review=review, decision="cease", decided_on=today())
    s.annual_review_decide(actor=la_officer, review=review, decision="cease", decided_on=today(), reasons="Met")
    issued.plan.refresh_from_db()
    assert issued.plan.ceased_on == today() and s.open_plan(issued.plan.pupil) is None


def test_the_meeting_moves_until_it_is_held(issued, senco, teacher):
    review = s.annual_review_schedule(actor=senco, plan=issued.plan, meeting_on=today() + dt.timedelta(days=20))
    with pytest.raises(s.EhcPlanError, match="SENCO or head"):
        s.annual_review_reschedule(actor=teacher, review=review, meeting_on=today())
    review = s.annual_review_reschedule(actor=senco, review=review, meeting_on=today() + dt.timedelta(days=30))
    assert review.meeting_on == today() + dt.timedelta(days=30)
    event = AuditEvent.objects.filter(target=AuditEvent.Target.EHC_ANNUAL_REVIEW).latest("pk")
    assert "moved" in event.summary and event.changes["meeting_on"][1] == review.meeting_on.isoformat()
    s.annual_review_meeting(actor=senco, review=review, held_on=today(), attendees="Mum")
    with pytest.raises(s.EhcPlanError, match="has been held") as caught:
        s.annual_review_reschedule(actor=senco, review=review, meeting_on=today() + dt.timedelta(days=3))
    assert caught.value.field == "meeting_on"
