"""EHC needs-assessment request pages. Each view: access, form, service, redirect.

The school's page for a pupil (its requests, and a new one), one request (school and LA, the same
dates), the LA's steps and exceptions, the LA's list, and the family's page in the portal."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record, audit_record_many
from sensupport.core.forms import add_service_error
from sensupport.pupils.access import get_pupil_for_user
from sensupport.reviews.models import Review

from . import checklist, evidence, request_rules, request_selectors, request_services
from .models import EhcRequest
from .request_access import get_ehc_request_for_user
from .request_forms import ExceptionForm, FamilyRequestForm, SchoolRequestForm, StepForm


def _review_for(pupil, review_id) -> Review | None:
    if not review_id:
        return None
    try:
        return Review.objects.select_related("plan").get(pk=int(review_id), plan__pupil=pupil)
    except (Review.DoesNotExist, ValueError, TypeError):
        return None


def _unsent(pupil) -> EhcRequest:
    """A request not yet made, so the checklist can be shown before it is sent."""
    return EhcRequest(
        pupil=pupil,
        school=pupil.school,
        local_authority=pupil.school.local_authority,
        made_by_kind=EhcRequest.MadeBy.SCHOOL,
        reasons="",
        sent_on=timezone.localdate(),
    )


@require_http_methods(["GET", "POST"])
def pupil_requests(request, pupil_id: int):
    """The school's page: the pupil's requests with their dates, and a new request (pre-filled from
    the review that decided to request an assessment)."""
    user = request.user
    pupil = get_pupil_for_user(user, pupil_id, perm="ehc.make_request")
    review = _review_for(pupil, request.GET.get("review") or request.POST.get("review"))
    initial = None
    if review is not None:
        opening = f"The review on {review.held_on:%d/%m/%Y} decided to request an EHC needs assessment."
        initial = {"reasons": f"{opening} {review.summary}"[:5000]}
    form = SchoolRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            made = request_services.ehc_request_submit(actor=user, pupil=pupil, review=review, **form.cleaned_data)
        except request_services.EhcRequestError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Request sent to {made.local_authority.name}.")
            return redirect("ehc:request", pupil_id=pupil.pk, ehc_request_id=made.pk)
    rows = request_selectors.requests_of(pupil)
    still_open = request_services.open_request(pupil)
    pack = None if still_open else evidence.evidence_pack(_unsent(pupil))
    audit_record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.EHC_REQUEST_FORM,
        summary=f"{len(rows)} request(s) shown",
    )
    return render(
        request,
        "ehc/request/pupil_requests.html",
        {
            "pupil": pupil,
            "rows": rows,
            "form": form,
            "review": review,
            "open_request": still_open,
            "checklist": pack.checklist if pack else [],
            "legal_test": checklist.LEGAL_TEST,
        },
    )


@require_GET
def request_detail(request, pupil_id: int, ehc_request_id: int):
    user = request.user
    found = get_ehc_request_for_user(user, pupil_id, ehc_request_id)
    dates = request_rules.RequestDates.of(found)
    pack = evidence.evidence_pack(found)
    audit_record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        pupil=found.pupil,
        target=AuditEvent.Target.EHC_REQUEST,
        target_id=found.pk,
    )
    may_record = user.has_perm("ehc.record_request_step", found)
    return render(
        request,
        "ehc/request/request.html",
        {
            "pupil": found.pupil,
            "ehc_request": found,
            "milestones": pack.milestones,
            "comments_close": request_rules.comments_close(found.draft_issued_on),
            "checklist": pack.checklist,
            "legal_test": checklist.LEGAL_TEST,
            "appeal": request_rules.APPEAL,
            "may_record": may_record and bool(request_rules.next_steps(dates)),
            "may_record_exception": may_record and found.received_on is not None,
            "is_school": user.has_perm("ehc.make_request", found.pupil),
            "report_count": len(pack.reports),
        },
    )


@require_http_methods(["GET", "POST"])
def request_step(request, pupil_id: int, ehc_request_id: int):
    found = get_ehc_request_for_user(request.user, pupil_id, ehc_request_id, perm="ehc.record_request_step")
    steps = request_rules.next_steps(request_rules.RequestDates.of(found))
    form = StepForm(request.POST or None, steps=steps, initial={"version": found.version, "on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            request_services.ehc_request_record_step(
                actor=request.user,
                request=found,
                step=data["step"],
                on=data["on"],
                reasons=data["reasons"],
                expected_version=data["version"],
            )
        except request_services.EhcRequestError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Recorded: {request_rules.STEPS[data['step']][0]}.")
            return redirect("ehc:request", pupil_id=found.pupil.pk, ehc_request_id=found.pk)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        pupil=found.pupil,
        target=AuditEvent.Target.EHC_REQUEST,
        target_id=found.pk,
        summary="Step form",
    )
    return render(
        request, "ehc/request/step.html", {"pupil": found.pupil, "ehc_request": found, "form": form, "steps": steps}
    )


@require_http_methods(["GET", "POST"])
def request_exception(request, pupil_id: int, ehc_request_id: int):
    found = get_ehc_request_for_user(request.user, pupil_id, ehc_request_id, perm="ehc.record_request_step")
    form = ExceptionForm(
        request.POST or None,
        initial={"version": found.version, "kind": found.exception, "reason": found.exception_reason},
    )
    if request.method == "POST" and form.is_valid():
        try:
            request_services.ehc_request_record_exception(
                actor=request.user,
                request=found,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except request_services.EhcRequestError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Exception to the time limits recorded.")
            return redirect("ehc:request", pupil_id=found.pupil.pk, ehc_request_id=found.pk)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        pupil=found.pupil,
        target=AuditEvent.Target.EHC_REQUEST,
        target_id=found.pk,
        summary="Exception form",
    )
    return render(request, "ehc/request/exception.html", {"pupil": found.pupil, "ehc_request": found, "form": form})


@require_GET
def la_requests(request):
    user = request.user
    if not user.has_perm("ehc.view_la_requests"):
        raise PermissionDenied
    rows = request_selectors.with_milestones(request_selectors.requests_for_la(user)[:500])
    if rows:
        audit_record_many(
            actor=user,
            action=AuditEvent.Action.LIST,
            target=AuditEvent.Target.EHC_REQUESTS,
            pupils=[row.request.pupil for row in rows],
            summary="EHC needs assessment requests sent to the local authority",
        )
    # An officer without an LA sees no figures (0 matches no LA), never every LA's.
    figures = request_selectors.request_figures(local_authority=user.local_authority_id or 0)
    return render(request, "ehc/request/la_requests.html", {"rows": rows, "figures": figures})


@require_http_methods(["GET", "POST"])
def family_request(request, pupil_id: int):
    """The family's page: ask for an EHC needs assessment (their right), and follow the request."""
    user = request.user
    pupil = get_pupil_for_user(user, pupil_id, perm="ehc.make_family_request")
    is_self = user.is_young_person
    still_open = request_services.open_request(pupil)
    form = FamilyRequestForm(request.POST or None, is_self=is_self, name=pupil.forename)
    if request.method == "POST" and form.is_valid():
        try:
            request_services.ehc_request_submit(actor=user, pupil=pupil, via=AuditEvent.Via.PORTAL, **form.cleaned_data)
        except request_services.EhcRequestError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Your request has been sent to {pupil.school.local_authority.name}.")
            return redirect("ehc:family_request", pupil_id=pupil.pk)
    rows = request_selectors.requests_of(pupil)
    audit_record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.EHC_REQUEST,
        summary=f"{len(rows)} request(s) shown to the family",
        via=AuditEvent.Via.PORTAL,
    )
    return render(
        request,
        "ehc/request/family.html",
        {
            "pupil": pupil,
            "rows": rows,
            "form": form,
            "open_request": still_open,
            "is_self": is_self,
            "name": pupil.forename,
            "la": pupil.school.local_authority,
            "appeal": request_rules.APPEAL,
        },
    )
