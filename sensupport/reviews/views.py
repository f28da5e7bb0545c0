"""Do and Review pages: reviews, evidence, read receipts, early review requests, My pupils."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record, audit_record_many
from sensupport.core.forms import add_service_error
from sensupport.plans.access import get_plan_for_user
from sensupport.plans.models import Plan
from sensupport.plans.selectors import open_advice
from sensupport.plans.services import PlanError
from sensupport.provision.selectors import delivery_by_line
from sensupport.pupils.access import get_pupil_for_user

from . import selectors, services
from .forms import EarlyReviewAnswerForm, EarlyReviewForm, EvidenceForm, ReviewForm
from .models import EarlyReviewRequest, Review


@require_http_methods(["GET", "POST"])
def review_new(request, pupil_id: int, plan_id: int):
    plan = get_plan_for_user(request.user, pupil_id, plan_id, perm="reviews.record_review")
    if not plan.is_current:
        messages.error(request, "Only the plan in force can be reviewed.")
        return redirect("plans:plan", pupil_id=plan.pupil_id, plan_id=plan.pk)
    outcomes = list(plan.outcomes.all())
    provisions = list(plan.provisions.prefetch_related("barriers"))
    form = ReviewForm(
        request.POST or None,
        outcomes=outcomes,
        provisions=provisions,
        initial={
            "pupil_views": plan.pupil_views,
            # the family's own words for the meeting, if they prepared
            "parent_views": services.review_parent_views(plan),
        },
    )
    if request.method == "GET":
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.VIEW,
            pupil=plan.pupil,
            target=AuditEvent.Target.PLAN_REVIEW_FORM,
            target_id=plan.pk,
            summary=f"Version {plan.version}",
        )
    if request.method == "POST" and form.is_valid():
        outcome_judgements, provision_judgements = form.judgements()
        data = {
            k: form.cleaned_data[k]
            for k in ("held_on", "attendees", "parent_present", "pupil_views", "parent_views", "decision", "summary")
        }
        try:
            review = services.review_record(
                plan=plan, actor=request.user, outcomes=outcome_judgements, provisions=provision_judgements, **data
            )
        except PlanError as exc:
            add_service_error(form, exc)
        else:
            if review.decision == Review.Decision.SPECIALIST and request.user.has_perm(
                "referrals.make_referral", plan.pupil
            ):
                # The decision is acted on: the referral form, pre-filled from this review (referrals app).
                messages.success(request, "Review recorded. You decided to seek specialist advice: make the referral.")
                return redirect(reverse("referrals:new", args=[plan.pupil_id]) + f"?review={review.pk}")
            if review.decision == Review.Decision.EHC_REQUEST and request.user.has_perm("ehc.make_request", plan.pupil):
                # The decision is acted on: the request form, pre-filled from this review (ehc app).
                messages.success(
                    request, "Review recorded. You decided to request an EHC needs assessment: make the request."
                )
                return redirect(reverse("ehc:requests", args=[plan.pupil_id]) + f"?review={review.pk}")
            draft = plan.pupil.plans.filter(status=Plan.Status.DRAFT).first()
            if draft is not None:
                messages.success(
                    request,
                    f"Review recorded. Version {draft.version} of the plan has been started from this one: update it "
                    "and agree it with the parents.",
                )
                return redirect("plans:plan", pupil_id=plan.pupil_id, plan_id=draft.pk)
            messages.success(request, "Review recorded.")
            return redirect("plans:plan", pupil_id=plan.pupil_id, plan_id=plan.pk)
    delivery = delivery_by_line(provisions=provisions)  # planned against held sessions (provision app)
    return render(
        request,
        "reviews/review_form.html",
        {
            "pupil": plan.pupil,
            "plan": plan,
            "form": form,
            "delivery": delivery,
            "open_advice": open_advice(plan.pupil),
        },
    )


@require_POST
def mark_read(request, pupil_id: int, plan_id: int):
    plan = get_plan_for_user(request.user, pupil_id, plan_id, perm="reviews.confirm_read")
    try:
        services.plan_mark_read(plan=plan, user=request.user)
    except PlanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"Thank you: you have confirmed you have read version {plan.version} of {plan.pupil.display_name}'s plan.",
        )
    from django.urls import reverse

    # Back to the teacher's list if the button was pressed there, else to the plan: `next` only
    # chooses between the two, it is never itself the redirect's target.
    if request.POST.get("next", "") == reverse("reviews:my_pupils"):
        return redirect("reviews:my_pupils")
    return redirect("plans:plan", pupil_id=plan.pupil_id, plan_id=plan.pk)


@require_http_methods(["GET", "POST"])
def evidence_add(request, pupil_id: int, plan_id: int):
    plan = get_plan_for_user(request.user, pupil_id, plan_id, perm="reviews.log_evidence")
    provisions = list(plan.provisions.all())
    form = EvidenceForm(request.POST or None, provisions=provisions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        provision = next((p for p in provisions if str(p.pk) == data["provision"]), None)
        try:
            services.evidence_add(
                plan=plan,
                actor=request.user,
                kind=data["kind"],
                observed_on=data["observed_on"],
                text=data["text"],
                provision=provision,
            )
        except PlanError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Evidence logged against the plan.")
            return redirect("plans:plan", pupil_id=plan.pupil_id, plan_id=plan.pk)
    return render(request, "reviews/evidence_form.html", {"pupil": plan.pupil, "plan": plan, "form": form})


@require_http_methods(["GET", "POST"])
def early_review(request, pupil_id: int):
    pupil = get_pupil_for_user(request.user, pupil_id, perm="reviews.request_early_review")
    form = EarlyReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            req = services.early_review_request(pupil=pupil, actor=request.user, reason=form.cleaned_data["reason"])
        except PlanError as exc:
            form.add_error("reason", exc.message)
        else:
            messages.success(
                request, f"Your request has been sent to the SENCO, who will answer by {req.answer_due:%-d %B %Y}."
            )
            if request.user.is_family:
                return redirect("portal:child", pupil_id=pupil.pk)
            return redirect("plans:overview", pupil_id=pupil.pk)
    requests = pupil.early_review_requests.select_related("requested_by", "answered_by")
    if request.user.is_family:
        # A family member sees the requests they made, never another's reasons (ADR 0006):
        # separated parents, and a young person and their parents, each speak for themselves.
        requests = requests.filter(requested_by=request.user)
    if request.method == "GET":
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.VIEW,
            pupil=pupil,
            target=AuditEvent.Target.EARLY_REVIEW_REQUESTS,
        )
    return render(
        request,
        "reviews/early_review.html",
        {
            "pupil": pupil,
            "form": form,
            "requests": requests,
            "answer_days": services.EARLY_REVIEW_ANSWER_DAYS,
        },
    )


@require_http_methods(["GET", "POST"])
def early_review_answer(request, pupil_id: int, request_id: int):
    pupil = get_pupil_for_user(request.user, pupil_id, perm="reviews.answer_early_review")
    try:
        req = pupil.early_review_requests.select_related("plan").get(pk=request_id)
    except (EarlyReviewRequest.DoesNotExist, ValueError):
        raise Http404("No such request") from None
    form = EarlyReviewAnswerForm(request.POST or None)
    unsent = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.early_review_answer(request=req, actor=request.user, **form.cleaned_data)
        except services.AlreadyAnswered as exc:
            form.add_error(None, exc.message)
            unsent = form.cleaned_data["answer"]  # shown back to them, never lost
        except PlanError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Answer recorded.")
            return redirect("reviews:early_review", pupil_id=pupil.pk)
    if request.method == "GET":
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.VIEW,
            pupil=pupil,
            target=AuditEvent.Target.EARLY_REVIEW_REQUEST,
            target_id=req.pk,
        )
    return render(
        request, "reviews/early_review_answer.html", {"pupil": pupil, "req": req, "form": form, "unsent": unsent}
    )


def my_pupils(request):
    """Every pupil on the register in the classes and groups a member of staff teaches or
    supports: the plan's support and whether they have read it, or, with no plan yet, the needs
    and what helps."""
    user = request.user
    if not user.is_school_staff:
        raise PermissionDenied
    listing = selectors.my_pupils(user)
    shown = listing.pupils.values()
    # Each pupil shown is a read of their record, and the audit trail is how the SENCO sees that
    # class staff were told about a pupil with no plan yet (pupils:audit_trail, "who has looked").
    audit_record_many(
        actor=user,
        action=AuditEvent.Action.LIST,
        target=AuditEvent.Target.MY_PUPILS,
        pupils=[e.pupil for e in shown if e.plan],
        summary="Plan and support shown in My pupils",
        via=AuditEvent.Via.WEB,
    )
    audit_record_many(
        actor=user,
        action=AuditEvent.Action.LIST,
        target=AuditEvent.Target.MY_PUPILS,
        pupils=[e.pupil for e in shown if not e.plan],
        summary="No plan yet: needs and what helps shown in My pupils",
        via=AuditEvent.Via.WEB,
    )
    return render(request, "reviews/my_pupils.html", {"listing": listing, "today": timezone.localdate()})
