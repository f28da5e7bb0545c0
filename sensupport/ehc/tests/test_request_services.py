"""Making a request (school or family) and the LA's steps: who may, what is refused and why, the
audit row with its `via`, and a stale form refused instead of overwriting a colleague's step."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.ehc import request_services as services
from sensupport.ehc.models import EhcRequest

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_the_school_sends_a_request_to_the_la_of_the_pupils_school(ehc_request, senco, la):
    assert ehc_request.local_authority == la and ehc_request.made_by_kind == EhcRequest.MadeBy.SCHOOL
    assert ehc_request.stage == EhcRequest.Stage.SENT and ehc_request.made_by == senco
    event = AuditEvent.objects.get(target=AuditEvent.Target.EHC_REQUEST, action=AuditEvent.Action.CREATE)
    assert event.pupil_id == ehc_request.pupil_id and event.via == AuditEvent.Via.WEB and "Northshire" in event.summary


def test_a_parent_makes_the_request_from_the_portal_whatever_the_record_holds(pupil, parent):
    made = services.ehc_request_submit(
        actor=parent, pupil=pupil, reasons="He cannot cope at school", via=AuditEvent.Via.PORTAL
    )
    assert made.made_by_kind == EhcRequest.MadeBy.PARENT and made.made_by_family
    assert AuditEvent.objects.get(target=AuditEvent.Target.EHC_REQUEST).via == AuditEvent.Via.PORTAL


def test_the_young_person_makes_their_own_request(pupil, young_person):
    made = services.ehc_request_submit(actor=young_person, pupil=pupil, reasons="I need more help")
    assert made.made_by_kind == EhcRequest.MadeBy.YOUNG_PERSON


def test_a_teacher_cannot_make_a_request(pupil, teacher):
    with pytest.raises(PermissionDenied):
        services.ehc_request_submit(actor=teacher, pupil=pupil, reasons="x")
    assert not EhcRequest.objects.exists()


def test_a_request_needs_reasons(pupil, parent):
    with pytest.raises(services.EhcRequestError) as refused:
        services.ehc_request_submit(actor=parent, pupil=pupil, reasons="   ")
    assert refused.value.field == "reasons" and "why you are asking" in refused.value.message


def test_a_second_request_while_one_is_open_is_refused_naming_the_first(ehc_request, parent):
    with pytest.raises(services.EhcRequestError) as refused:
        services.ehc_request_submit(actor=parent, pupil=ehc_request.pupil, reasons="Again")
    assert f"{ehc_request.sent_on:%d/%m/%Y}" in refused.value.message and "Northshire" in refused.value.message


def test_the_la_records_each_step_up_to_the_final_plan(received, la_officer):
    today = TODAY()
    row = received
    steps = [
        ("assess", today - dt.timedelta(days=10)),
        ("advice_requested", today - dt.timedelta(days=9)),
        ("advice_received", today - dt.timedelta(days=5)),
        ("draft_issued", today - dt.timedelta(days=4)),
    ]
    for step, on in steps:
        row = services.ehc_request_record_step(
            actor=la_officer, request=row, step=step, on=on, expected_version=row.version
        )
    assert row.stage == EhcRequest.Stage.DRAFT_ISSUED and row.version == 6  # created 1, received 2, four steps
    with pytest.raises(services.EhcRequestError) as refused:  # the family's 15 days are not over
        services.ehc_request_record_step(
            actor=la_officer, request=row, step="final_issued", on=today, expected_version=row.version
        )
    assert "15 days" in refused.value.message
    summaries = list(
        AuditEvent.objects.filter(target=AuditEvent.Target.EHC_REQUEST_STEP)
        .order_by("pk")
        .values_list("summary", flat=True)
    )
    assert summaries[0].startswith("Request received on") and summaries[-1].startswith("Draft EHC plan issued on")


def test_a_decision_not_to_assess_keeps_its_reasons(received, la_officer):
    row = services.ehc_request_record_step(
        actor=la_officer,
        request=received,
        step="not_assess",
        on=TODAY(),
        reasons="Needs can be met at SEN Support with the EP's advice",
        expected_version=received.version,
    )
    assert row.stage == EhcRequest.Stage.NOT_ASSESSING and row.decision_reasons.startswith("Needs can be met")
    assert services.open_request(row.pupil) is None  # the family may ask again


def test_a_stale_form_is_refused(received, la_officer):
    with pytest.raises(services.StaleRequest):
        services.ehc_request_record_step(
            actor=la_officer, request=received, step="assess", on=TODAY(), expected_version=received.version - 1
        )
    received.refresh_from_db()
    assert received.stage == EhcRequest.Stage.RECEIVED


def test_only_the_officers_of_the_la_it_was_sent_to_record_steps(received, other_la_officer, senco):
    for actor in (other_la_officer, senco):
        with pytest.raises(PermissionDenied):
            services.ehc_request_record_step(
                actor=actor, request=received, step="assess", on=TODAY(), expected_version=received.version
            )


def test_an_exception_is_recorded_with_its_reason(received, la_officer):
    with pytest.raises(services.EhcRequestError) as refused:
        services.ehc_request_record_exception(
            actor=la_officer, request=received, kind="absent_from_area", reason="", expected_version=received.version
        )
    assert refused.value.field == "reason"
    row = services.ehc_request_record_exception(
        actor=la_officer,
        request=received,
        kind="absent_from_area",
        reason="The family was abroad for six weeks",
        expected_version=received.version,
    )
    assert row.exception == "absent_from_area" and row.exception_recorded_on == TODAY()
    assert (
        "Exception to the time limits"
        in AuditEvent.objects.filter(target=AuditEvent.Target.EHC_REQUEST_STEP).order_by("pk").last().summary
    )
