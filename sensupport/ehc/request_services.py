"""Every write about an EHC needs-assessment request: keyword-only, one transaction, its audit row
inside, `via` passed through. The rules are `request_rules` (pure); the deadlines `clock`."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.core.errors import ServiceError

from . import request_rules as rules
from .models import EhcRequest

STALE = (
    "Someone else recorded a step on this request since you opened the page. Check the request as it is "
    "now, then record your step again."
)


class EhcRequestError(ServiceError):
    """A change the EHC request rules refuse."""


class StaleRequest(EhcRequestError):
    """The request changed since the form was opened."""


def open_request(pupil) -> EhcRequest | None:
    """The pupil's request still open (not decided against and no final plan), if any."""
    return pupil.ehc_requests.exclude(stage__in=rules.CLOSED_STAGES).order_by("-sent_on", "-pk").first()


@transaction.atomic
def ehc_request_submit(
    *,
    actor,
    pupil,
    reasons: str,
    family_views: str = "",
    review=None,
    sent_on: dt.date | None = None,
    via: str = AuditEvent.Via.WEB,
) -> EhcRequest:
    """A request for an EHC needs assessment, sent to the local authority of the pupil's school. Made
    by the school's SENCO or head, or by the family: a parent or the young person (their right, CFA
    2014 s.36(1)); the legal test is only that the child has or may have SEN (s.36(8)), so nothing in
    the record is required beyond the reasons. `sent_on` (today unless given) is for a request that was
    sent on paper and is recorded afterwards."""
    if actor.has_perm("ehc.make_request", pupil):
        made_by_kind = EhcRequest.MadeBy.SCHOOL
    elif actor.has_perm("ehc.make_family_request", pupil):
        made_by_kind = EhcRequest.MadeBy.YOUNG_PERSON if actor.is_young_person else EhcRequest.MadeBy.PARENT
    else:
        raise PermissionDenied
    reasons = (reasons or "").strip()
    if not reasons:
        message = (
            "Say why you are asking for an assessment"
            if made_by_kind != EhcRequest.MadeBy.SCHOOL
            else "Give the reasons for the request"
        )
        raise EhcRequestError(message, field="reasons")
    today = timezone.localdate()
    sent_on = sent_on or today
    if sent_on > today:
        raise EhcRequestError("The request cannot be dated in the future", field="sent_on")
    la = pupil.school.local_authority
    # One open request at a time: a second would run a second clock on the same case.
    from sensupport.pupils.models import Pupil

    Pupil.objects.select_for_update().filter(pk=pupil.pk).first()
    existing = open_request(pupil)
    if existing is not None:
        raise EhcRequestError(
            f"A request for an EHC needs assessment was already sent to {la.name} on "
            f"{existing.sent_on:%d/%m/%Y} and is still open",
            field="reasons",
        )
    if review is not None and review.plan.pupil_id != pupil.pk:
        review = None
    request = EhcRequest.objects.create(
        pupil=pupil,
        school=pupil.school,
        local_authority=la,
        made_by_kind=made_by_kind,
        made_by=actor,
        review=review,
        reasons=reasons,
        family_views=(family_views or "").strip(),
        sent_on=sent_on,
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=AuditEvent.Target.EHC_REQUEST,
        pupil=pupil,
        target_id=request.pk,
        summary=f"EHC needs assessment request sent to {la.name} by {request.get_made_by_kind_display().lower()}",
        via=via,
    )
    return request


def _locked(request: EhcRequest, expected_version: int | None) -> EhcRequest:
    row = EhcRequest.objects.select_for_update().get(pk=request.pk)
    if expected_version is not None and row.version != expected_version:
        raise StaleRequest(STALE)
    row.pupil = request.pupil
    return row


FIELD_OF_STEP = {
    "received": "received_on",
    "assess": "decision_on",
    "not_assess": "decision_on",
    "advice_requested": "advice_requested_on",
    "advice_received": "advice_received_on",
    "draft_issued": "draft_issued_on",
    "final_issued": "final_issued_on",
    "not_issue": "not_to_issue_on",
}


@transaction.atomic
def ehc_request_record_step(
    *,
    actor,
    request: EhcRequest,
    step: str,
    on: dt.date | None,
    reasons: str = "",
    expected_version: int | None,
    via: str = AuditEvent.Via.WEB,
) -> EhcRequest:
    """The local authority records one step of the statutory process, with its date (and the reasons
    for a decision not to assess or not to issue, which the family reads)."""
    if not actor.has_perm("ehc.record_request_step", request):
        raise PermissionDenied
    row = _locked(request, expected_version)
    dates = rules.RequestDates.of(row)
    if problem := rules.step_problem(dates, step, on, reasons, today=timezone.localdate()):
        field = "on" if "date" in problem.lower() or "before" in problem else "step"
        if "reasons" in problem:
            field = "reasons"
        raise EhcRequestError(problem, field=field)
    setattr(row, FIELD_OF_STEP[step], on)
    reasons = (reasons or "").strip()
    if step == "not_assess" or (step == "assess" and reasons):
        row.decision_reasons = reasons
    if step == "not_issue":
        row.not_to_issue_reasons = reasons
    row.stage = rules.stage_after(dates, step)
    row.version += 1
    row.save()
    label = rules.STEPS[step][0]
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.EHC_REQUEST_STEP,
        pupil=row.pupil,
        target_id=row.pk,
        summary=f"{label} on {on:%d/%m/%Y}",
        via=via,
    )
    return row


@transaction.atomic
def ehc_request_record_exception(
    *,
    actor,
    request: EhcRequest,
    kind: str,
    reason: str,
    expected_version: int | None,
    via: str = AuditEvent.Via.WEB,
) -> EhcRequest:
    """An exception to the time limits (reg 10(4)), recorded with its reason: shown to school, family
    and LA, and the case is counted as an exception, never hidden."""
    if not actor.has_perm("ehc.record_request_step", request):
        raise PermissionDenied
    row = _locked(request, expected_version)
    if kind not in EhcRequest.ExceptionKind.values:
        raise EhcRequestError("Choose which exception applies", field="kind")
    reason = (reason or "").strip()
    if not reason:
        raise EhcRequestError("Say why the exception applies: school and family read it", field="reason")
    if row.received_on is None:
        raise EhcRequestError("Record the day the request was received first: the time limits run from it")
    row.exception, row.exception_reason = kind, reason
    row.exception_recorded_on = timezone.localdate()
    row.version += 1
    row.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.EHC_REQUEST_STEP,
        pupil=row.pupil,
        target_id=row.pk,
        summary=f"Exception to the time limits recorded: {row.get_exception_display()}",
        via=via,
    )
    return row
