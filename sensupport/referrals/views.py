"""Outside services, referrals and the advice that comes back. Each view: access, form, service, redirect."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record, audit_record_many
from sensupport.core.forms import add_service_error
from sensupport.pupils.access import get_pupil_for_user
from sensupport.reviews.models import Review

from . import selectors, services
from .access import (
    get_recommendation_for_user,
    get_referral_for_user,
    get_report_for_user,
    get_service_for_user,
    require_professional,
)
from .forms import (
    AcceptForm,
    AppointmentForm,
    DecisionForm,
    DeclineForm,
    MemberForm,
    RecommendationForm,
    ReferralForm,
    ReportForm,
    ServiceForm,
)
from .models import Referral

# ---------------------------------------------------------------- Services (service administrator, LA officers)


@require_GET
def services_list(request):
    if not request.user.has_perm("referrals.manage_services"):
        raise PermissionDenied
    rows = list(selectors.services_for(request.user).prefetch_related("memberships__professional"))
    return render(request, "referrals/services.html", {"services": rows})


@require_http_methods(["GET", "POST"])
def service_new(request):
    user = request.user
    if not user.has_perm("referrals.manage_services"):
        raise PermissionDenied
    form = ServiceForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service = services.service_create(
                actor=user,
                name=data["name"],
                kind=data["kind"],
                local_authority=data["local_authority"] if "local_authority" in form.fields else user.local_authority,
                email=data["email"],
                usual_wait_weeks=data["usual_wait_weeks"],
            )
        except services.ReferralError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{service.name} added. Now add its professionals.")
            return redirect("referrals:service", service_id=service.pk)
    return render(request, "referrals/service_new.html", {"form": form})


@require_http_methods(["GET", "POST"])
def service_detail(request, service_id: int):
    service = get_service_for_user(request.user, service_id)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.service_member_add(actor=request.user, service=service, **form.cleaned_data)
        except services.ReferralError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{membership.professional.display_name} added to {service.name}.")
            return redirect("referrals:service", service_id=service.pk)
    members = service.memberships.select_related("professional")
    return render(request, "referrals/service.html", {"service": service, "members": members, "form": form})


# ---------------------------------------------------------------- The professional's own referrals


@require_GET
def my_referrals(request):
    user = request.user
    require_professional(user)
    own = selectors.own_referrals(user)
    audit_record_many(
        actor=user,
        action=AuditEvent.Action.LIST,
        target=AuditEvent.Target.REFERRALS,
        pupils=[r.pupil for r in own.rows],
        summary="Referrals to the professional's service",
    )
    rows = [{"referral": r, "waiting": selectors.waiting(r)} for r in own.rows]
    return render(
        request,
        "referrals/my_referrals.html",
        {"rows": rows, "waiting_for_share": own.waiting_for_share, "service": selectors.service_of(user)},
    )


# ---------------------------------------------------------------- A pupil's referrals (the school's side)


@require_GET
def overview(request, pupil_id: int):
    user = request.user
    pupil = get_pupil_for_user(user, pupil_id, perm="referrals.view_referrals")
    referrals = list(selectors.referrals_for(pupil, user))
    audit_record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.REFERRALS,
        summary=f"{len(referrals)} referral(s) shown",
    )
    rows = [{"referral": r, "waiting": selectors.waiting(r)} for r in referrals]
    return render(request, "referrals/overview.html", {"pupil": pupil, "rows": rows})


def _review_for(pupil, review_id) -> Review | None:
    if not review_id:
        return None
    try:
        return Review.objects.select_related("plan").get(pk=int(review_id), plan__pupil=pupil)
    except (Review.DoesNotExist, ValueError, TypeError):
        return None


def _initial_from_review(review: Review | None) -> dict:
    """The referral starts from the review that decided to seek specialist advice: its summary as the
    evidence, and the barriers the reviewed plan worked on."""
    if review is None:
        return {}
    barriers = {str(pk) for pk in review.plan.provisions.values_list("barriers", flat=True) if pk}
    return {
        "evidence": f"Review on {review.held_on:%d/%m/%Y}: {review.summary}"[:4000],
        "barriers": sorted(barriers),
    }


@require_http_methods(["GET", "POST"])
def referral_new(request, pupil_id: int):
    user = request.user
    pupil = get_pupil_for_user(user, pupil_id, perm="referrals.make_referral")
    review = _review_for(pupil, request.GET.get("review") or request.POST.get("review"))
    consents = selectors.given_referral_consents(pupil)
    form = ReferralForm(request.POST or None, pupil=pupil, consents=consents, initial=_initial_from_review(review))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_make(
                actor=user,
                pupil=pupil,
                service=data["service"],
                consent=data["consent"],
                question=data["question"],
                evidence=data["evidence"],
                barrier_ids=[int(pk) for pk in data["barriers"]],
                review=review,
            )
        except services.ReferralError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Referral sent to {referral.service.name}.")
            return redirect("referrals:referral", pupil_id=pupil.pk, referral_id=referral.pk)
    audit_record(actor=user, action=AuditEvent.Action.VIEW, pupil=pupil, target=AuditEvent.Target.REFERRAL_FORM)
    return render(
        request,
        "referrals/referral_new.html",
        {
            "pupil": pupil,
            "form": form,
            "review": review,
            "has_consent": consents.exists(),
            "no_consent": services.NO_CONSENT,
        },
    )


def _referral_page(request, referral: Referral, *, status: int = 200, **forms):
    user = request.user
    audit_record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        pupil=referral.pupil,
        target=AuditEvent.Target.REFERRAL,
        target_id=referral.pk,
        summary=f"Referral to {referral.service.name}",
    )
    context = {
        "pupil": referral.pupil,
        "referral": referral,
        "waiting": selectors.waiting(referral),
        "service_can_read": selectors.service_can_read(referral),
        "appointments": referral.appointments.all(),
        "reports": referral.reports.all(),
        "recommendations": referral.recommendations.select_related("plan", "report"),
        "barriers": referral.barriers.all(),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "appointment_form": forms.get("appointment_form") or AppointmentForm(),
        "report_form": forms.get("report_form") or ReportForm(),
        "recommendation_form": forms.get("recommendation_form") or RecommendationForm(referral=referral),
        "form": next(iter(forms.values()), None),  # the one with errors, for the error summary
    }
    return render(request, "referrals/referral.html", context, status=status)


@require_GET
def referral_detail(request, pupil_id: int, referral_id: int):
    return _referral_page(request, get_referral_for_user(request.user, pupil_id, referral_id))


@require_POST
def referral_decide(request, pupil_id: int, referral_id: int):
    referral = get_referral_for_user(request.user, pupil_id, referral_id, perm="referrals.decide_referral")
    form = DecisionForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.referral_decide(
                actor=request.user, referral=referral, accept=accept, reason=form.cleaned_data["reason"]
            )
        except services.ReferralError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Referral accepted." if accept else "Referral declined.")
            return redirect("referrals:referral", pupil_id=referral.pupil_id, referral_id=referral.pk)
    return _referral_page(request, referral, status=400, decision_form=form)


@require_POST
def appointment_add(request, pupil_id: int, referral_id: int):
    referral = get_referral_for_user(request.user, pupil_id, referral_id, perm="referrals.add_appointment")
    form = AppointmentForm(request.POST)
    if form.is_valid():
        try:
            services.appointment_add(actor=request.user, referral=referral, **form.cleaned_data)
        except services.ReferralError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Appointment added.")
            return redirect("referrals:referral", pupil_id=referral.pupil_id, referral_id=referral.pk)
    return _referral_page(request, referral, status=400, appointment_form=form)


@require_POST
def report_upload(request, pupil_id: int, referral_id: int):
    referral = get_referral_for_user(request.user, pupil_id, referral_id, perm="referrals.upload_report")
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.report_upload(actor=request.user, referral=referral, **form.cleaned_data)
        except services.ReferralError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Report uploaded. Now add its recommendations, one at a time.")
            return redirect("referrals:referral", pupil_id=referral.pupil_id, referral_id=referral.pk)
    return _referral_page(request, referral, status=400, report_form=form)


@require_GET
def report_download(request, pupil_id: int, referral_id: int, report_id: int):
    """A report, only to those who may see the referral, each opening audited."""
    report = get_report_for_user(request.user, pupil_id, referral_id, report_id)
    try:
        handle = report.file.open("rb")
    except FileNotFoundError:
        raise Http404("The report is missing from storage") from None
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        pupil=report.referral.pupil,
        target=AuditEvent.Target.REFERRAL_REPORT,
        target_id=report.pk,
        summary=f"Opened the report of {report.written_on:%d/%m/%Y} ({report.file_name})",
    )
    content_type = mimetypes.guess_type(report.file.name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=report.file_name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def recommendation_add(request, pupil_id: int, referral_id: int):
    referral = get_referral_for_user(request.user, pupil_id, referral_id, perm="referrals.add_recommendation")
    form = RecommendationForm(request.POST, referral=referral)
    if form.is_valid():
        try:
            services.recommendation_add(actor=request.user, referral=referral, **form.cleaned_data)
        except services.ReferralError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Recommendation added. The school will accept it into the plan or say why not.")
            return redirect("referrals:referral", pupil_id=referral.pupil_id, referral_id=referral.pk)
    return _referral_page(request, referral, status=400, recommendation_form=form)


# ---------------------------------------------------------------- Acting on a recommendation (SENCO, head)


def _recommendation_page(request, recommendation, *, status: int = 200, accept_form=None, decline_form=None):
    pupil = recommendation.referral.pupil
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.RECOMMENDATION,
        target_id=recommendation.pk,
    )
    return render(
        request,
        "referrals/recommendation.html",
        {
            "pupil": pupil,
            "referral": recommendation.referral,
            "recommendation": recommendation,
            "credit": services.credit(recommendation),
            "accept_form": accept_form
            or AcceptForm(
                pupil=pupil,
                initial={"barriers": [str(pk) for pk in recommendation.referral.barriers.values_list("pk", flat=True)]},
            ),
            "decline_form": decline_form or DeclineForm(),
            "form": accept_form or decline_form,
        },
        status=status,
    )


def _recommendation(request, pupil_id, referral_id, recommendation_id):
    return get_recommendation_for_user(
        request.user, pupil_id, referral_id, recommendation_id, perm="referrals.act_on_recommendation"
    )


@require_GET
def recommendation_detail(request, pupil_id: int, referral_id: int, recommendation_id: int):
    return _recommendation_page(request, _recommendation(request, pupil_id, referral_id, recommendation_id))


@require_POST
def recommendation_accept(request, pupil_id: int, referral_id: int, recommendation_id: int):
    recommendation = _recommendation(request, pupil_id, referral_id, recommendation_id)
    pupil = recommendation.referral.pupil
    form = AcceptForm(request.POST, pupil=pupil)
    if form.is_valid():
        data = form.cleaned_data
        try:
            provision = services.recommendation_accept(
                actor=request.user,
                recommendation=recommendation,
                barrier_ids=[int(pk) for pk in data["barriers"]],
                kind=data["kind"],
                delivered_by=data["delivered_by"],
            )
        except services.ReferralError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                f"Added to version {provision.plan.version} of the plan (a draft): agree it with the family.",
            )
            return redirect("plans:plan", pupil_id=pupil.pk, plan_id=provision.plan_id)
    return _recommendation_page(request, recommendation, status=400, accept_form=form)


@require_POST
def recommendation_decline(request, pupil_id: int, referral_id: int, recommendation_id: int):
    recommendation = _recommendation(request, pupil_id, referral_id, recommendation_id)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.recommendation_decline(
                actor=request.user, recommendation=recommendation, reason=form.cleaned_data["reason"]
            )
        except services.ReferralError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Recommendation declined. The family will see your reason.")
            return redirect(
                "referrals:referral", pupil_id=recommendation.referral.pupil_id, referral_id=recommendation.referral_id
            )
    return _recommendation_page(request, recommendation, status=400, decline_form=form)


# ---------------------------------------------------------------- The family's page


@require_GET
def family_referrals(request, pupil_id: int):
    user = request.user
    pupil = get_pupil_for_user(user, pupil_id, perm="referrals.view_family_referrals")
    referrals = list(
        pupil.referrals.select_related("service").prefetch_related("appointments", "recommendations__plan")
    )
    audit_record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.REFERRALS,
        summary=f"{len(referrals)} referral(s) shown to the family",
        via=AuditEvent.Via.PORTAL,
    )
    rows = [{"referral": r, "waiting": selectors.waiting(r)} for r in referrals]
    is_self = user.is_young_person
    return render(
        request,
        "referrals/family.html",
        {"pupil": pupil, "rows": rows, "is_self": is_self, "name": pupil.forename},
    )
