"""EHC plans and their annual reviews. Each view: access, form, service, redirect; every read audited."""

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

from . import plan_rules, plan_selectors, plan_services
from .models import PLAN_SECTIONS
from .plan_access import get_plan_for_user, get_review_for_user, get_version_for_user
from .plan_forms import (
    DecisionForm,
    InvitationsForm,
    MeetingForm,
    PlanAmendForm,
    PlanDraftForm,
    PlanIssueForm,
    ReportForm,
    RescheduleForm,
    ReviewScheduleForm,
)

SECTION_NAMES = tuple(name for name, _l, _h in PLAN_SECTIONS)


def _read(request, pupil, target, target_id, summary: str, via: str = AuditEvent.Via.WEB) -> None:
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=target,
        target_id=target_id,
        summary=summary,
        via=via,
    )


def _to_plan(pupil):
    return redirect("ehc:plan", pupil_id=pupil.pk)


# ---------------------------------------------------------------- the plan (everyone who may see the pupil's record)


@require_GET
def plan_detail(request, pupil_id: int):
    user = request.user
    pupil = get_pupil_for_user(user, pupil_id, perm="ehc.view_plan")
    plan = plan_selectors.pupil_plan(pupil)
    today = timezone.localdate()
    row = plan_selectors.plan_row(plan, today=today) if plan else None
    reviews = []
    if plan:
        versions = list(plan.versions.all())
        for review in plan.annual_reviews.order_by("-meeting_on", "-pk"):
            reviews.append({"review": review, "steps": plan_selectors.review_steps(review, versions, today=today)})
    _read(request, pupil, AuditEvent.Target.EHC_PLAN, plan.pk if plan else "", "EHC plan page")
    shown = row.final or row.draft if row else None
    return render(
        request,
        "ehc/plans/plan.html",
        {
            "pupil": pupil,
            "plan": plan,
            "row": row,
            "shown": shown,
            "sections": shown.sections() if shown else [],
            "versions": list(plan.versions.order_by("-number")) if plan else [],
            "reviews": reviews,
            "may_write": user.has_perm("ehc.write_plan", plan or pupil),
            "may_arrange": plan is not None and user.has_perm("ehc.arrange_review", plan),
            "may_decide": plan is not None and user.has_perm("ehc.decide_review", plan),
            "invitations_by": plan_rules.invitations_by,
        },
    )


@require_GET
def plan_version(request, pupil_id: int, ehc_version_id: int):
    version = get_version_for_user(request.user, pupil_id, ehc_version_id)
    pupil = version.plan.pupil
    _read(request, pupil, AuditEvent.Target.EHC_PLAN, version.plan_id, f"EHC plan version {version.number}")
    return render(
        request, "ehc/plans/version.html", {"pupil": pupil, "version": version, "sections": version.sections()}
    )


# ---------------------------------------------------------------- the LA: draft, issue, amend


@require_http_methods(["GET", "POST"])
def plan_draft(request, pupil_id: int):
    """Start the plan's first draft, or change the draft being written."""
    user = request.user
    pupil = get_pupil_for_user(user, pupil_id, perm="ehc.view_plan")
    plan = plan_selectors.pupil_plan(pupil)
    if plan is not None and plan.ceased_on is not None:
        plan = None  # a ceased plan: a new one starts
    if not user.has_perm("ehc.write_plan", plan or pupil):
        raise PermissionDenied
    draft = plan_services.draft_of(plan) if plan else None
    if plan is not None and draft is None:
        messages.info(request, "The plan in force is final: amend it to write a new version.")
        return redirect("ehc:plan_amend", pupil_id=pupil.pk)
    form = PlanDraftForm(request.POST or None, initial=PlanDraftForm.initial_for(draft))
    if request.method == "POST" and form.is_valid():
        sections = {name: form.cleaned_data[name] for name in SECTION_NAMES}
        try:
            if draft is None:
                plan_services.ehc_plan_start(actor=user, pupil=pupil, sections=sections)
            else:
                plan_services.ehc_plan_draft_update(
                    actor=user, version=draft, sections=sections, expected_version=form.cleaned_data["edit_version"]
                )
        except plan_services.EhcPlanError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"The draft EHC plan for {pupil.display_name} is saved.")
            return _to_plan(pupil)
    _read(request, pupil, AuditEvent.Target.EHC_PLAN_FORM, plan.pk if plan else "", "Draft EHC plan form")
    return render(request, "ehc/plans/draft_form.html", {"pupil": pupil, "form": form, "draft": draft})


@require_http_methods(["GET", "POST"])
def plan_issue(request, pupil_id: int):
    user = request.user
    plan = get_plan_for_user(user, pupil_id, perm="ehc.write_plan")
    pupil, draft = plan.pupil, plan_services.draft_of(plan)
    form = PlanIssueForm(request.POST or None)
    if request.method == "POST" and draft is not None and form.is_valid():
        try:
            version = plan_services.ehc_plan_issue(actor=user, version=draft, issued_on=form.cleaned_data["issued_on"])
        except plan_services.EhcPlanError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, f"Version {version.number} of {pupil.display_name}'s EHC plan issued as the final plan."
            )
            return _to_plan(pupil)
    problems = plan_rules.final_problems({n: getattr(draft, n) for n in SECTION_NAMES}) if draft else []
    _read(request, pupil, AuditEvent.Target.EHC_PLAN_FORM, plan.pk, "Issue the final EHC plan form")
    return render(
        request, "ehc/plans/issue_form.html", {"pupil": pupil, "form": form, "draft": draft, "problems": problems}
    )


@require_http_methods(["GET", "POST"])
def plan_amend(request, pupil_id: int):
    user = request.user
    plan = get_plan_for_user(user, pupil_id, perm="ehc.write_plan")
    pupil, draft = plan.pupil, plan_services.draft_of(plan)
    form = PlanAmendForm(request.POST or None)
    if request.method == "POST" and draft is None and form.is_valid():
        try:
            plan_services.ehc_plan_amend(actor=user, plan=plan, reason=form.cleaned_data["reason"])
        except plan_services.EhcPlanError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "A new draft version is ready to amend.")
            return redirect("ehc:plan_draft", pupil_id=pupil.pk)
    _read(request, pupil, AuditEvent.Target.EHC_PLAN_FORM, plan.pk, "Amend the EHC plan form")
    return render(request, "ehc/plans/amend_form.html", {"pupil": pupil, "form": form, "draft": draft, "plan": plan})


# ---------------------------------------------------------------- annual reviews


@require_http_methods(["GET", "POST"])
def review_new(request, pupil_id: int):
    user = request.user
    plan = get_plan_for_user(user, pupil_id, perm="ehc.arrange_review")
    pupil, today = plan.pupil, timezone.localdate()
    row = plan_selectors.plan_row(plan, today=today)
    transfer = plan_rules.phase_transfer(pupil.year_group, on=today)
    form = ReviewScheduleForm(request.POST or None, initial={"phase_transfer": transfer is not None})
    if request.method == "POST" and form.is_valid():
        try:
            review = plan_services.annual_review_schedule(actor=user, plan=plan, **form.cleaned_data)
        except plan_services.EhcPlanError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                f"Annual review meeting arranged for {review.meeting_on:%-d %B %Y}. Send the invitations by "
                f"{plan_rules.invitations_by(review.meeting_on):%-d %B %Y}.",
            )
            return redirect("ehc:review", pupil_id=pupil.pk, annual_review_id=review.pk)
    _read(request, pupil, AuditEvent.Target.EHC_ANNUAL_REVIEW_FORM, plan.pk, "Arrange an annual review form")
    return render(
        request, "ehc/plans/review_new.html", {"pupil": pupil, "form": form, "row": row, "transfer": transfer}
    )


@require_GET
def review_detail(request, pupil_id: int, annual_review_id: int):
    user = request.user
    review = get_review_for_user(user, pupil_id, annual_review_id)
    pupil = review.plan.pupil
    steps = plan_selectors.review_steps(review, list(review.plan.versions.all()), today=timezone.localdate())
    _read(request, pupil, AuditEvent.Target.EHC_ANNUAL_REVIEW, review.pk, "EHC plan annual review")
    return render(
        request,
        "ehc/plans/review.html",
        {
            "pupil": pupil,
            "review": review,
            "steps": steps,
            "may_arrange": user.has_perm("ehc.arrange_review", review),
            "may_decide": user.has_perm("ehc.decide_review", review),
        },
    )


def _review_step(request, pupil_id, annual_review_id, *, perm, form_class, initial, service, what, template_title):
    user = request.user
    review = get_review_for_user(user, pupil_id, annual_review_id, perm=perm)
    pupil = review.plan.pupil
    form = form_class(request.POST or None, initial={"edit_version": review.edit_version, **initial(review)})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("edit_version")
        try:
            service(actor=user, review=review, expected_version=expected, **data)
        except plan_services.EhcPlanError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{what} recorded.")
            return redirect("ehc:review", pupil_id=pupil.pk, annual_review_id=review.pk)
    _read(request, pupil, AuditEvent.Target.EHC_ANNUAL_REVIEW_FORM, review.pk, f"{what} form")
    deadlines = plan_rules.clock.annual_review_deadlines(review.held_on or review.meeting_on)
    return render(
        request,
        "ehc/plans/review_step.html",
        {
            "pupil": pupil,
            "review": review,
            "form": form,
            "title": template_title,
            "deadlines": deadlines,
            "invitations_by": plan_rules.invitations_by(review.meeting_on),
        },
    )


@require_http_methods(["GET", "POST"])
def review_date(request, pupil_id: int, annual_review_id: int):
    return _review_step(
        request,
        pupil_id,
        annual_review_id,
        perm="ehc.arrange_review",
        form_class=RescheduleForm,
        initial=lambda r: {"meeting_on": r.meeting_on},
        service=plan_services.annual_review_reschedule,
        what="The new meeting date",
        template_title="Move the annual review meeting",
    )


@require_http_methods(["GET", "POST"])
def review_invitations(request, pupil_id: int, annual_review_id: int):
    return _review_step(
        request,
        pupil_id,
        annual_review_id,
        perm="ehc.arrange_review",
        form_class=InvitationsForm,
        initial=lambda r: {"sent_on": r.invitations_sent_on or timezone.localdate(), "invited": r.invited},
        service=plan_services.annual_review_invitations,
        what="Invitations",
        template_title="Invitations to the annual review",
    )


@require_http_methods(["GET", "POST"])
def review_meeting(request, pupil_id: int, annual_review_id: int):
    return _review_step(
        request,
        pupil_id,
        annual_review_id,
        perm="ehc.arrange_review",
        form_class=MeetingForm,
        initial=lambda r: {"held_on": r.held_on or r.meeting_on, "attendees": r.attendees},
        service=plan_services.annual_review_meeting,
        what="The review meeting",
        template_title="The annual review meeting",
    )


@require_http_methods(["GET", "POST"])
def review_report(request, pupil_id: int, annual_review_id: int):
    return _review_step(
        request,
        pupil_id,
        annual_review_id,
        perm="ehc.arrange_review",
        form_class=ReportForm,
        initial=lambda r: {
            "family_views": r.family_views,
            "pupil_views": r.pupil_views,
            "report": r.report,
            "recommendation": r.recommendation or None,
            "sent_on": r.report_sent_on or timezone.localdate(),
        },
        service=plan_services.annual_review_report,
        what="The school's report",
        template_title="The school's report of the annual review",
    )


@require_http_methods(["GET", "POST"])
def review_decision(request, pupil_id: int, annual_review_id: int):
    return _review_step(
        request,
        pupil_id,
        annual_review_id,
        perm="ehc.decide_review",
        form_class=DecisionForm,
        initial=lambda r: {"decision": r.recommendation or None, "decided_on": timezone.localdate()},
        service=plan_services.annual_review_decide,
        what="The local authority's decision",
        template_title="The local authority's decision on the annual review",
    )


# ---------------------------------------------------------------- the school-wide page


@require_GET
def school_plans(request):
    user = request.user
    if not user.has_perm("ehc.view_school_plans"):
        raise PermissionDenied
    today = timezone.localdate()
    found = plan_selectors.school_summary(user, today=today)
    audit_record_many(
        actor=user,
        action=AuditEvent.Action.LIST,
        target=AuditEvent.Target.EHC_PLANS,
        pupils=[r.pupil for r in found.rows],
        summary="EHC plans and annual reviews",
    )
    return render(request, "ehc/plans/school.html", {"found": found, "today": today})


# ---------------------------------------------------------------- the family


@require_GET
def family_plan(request, pupil_id: int):
    user = request.user
    pupil = get_pupil_for_user(user, pupil_id, perm="ehc.view_family_plan")
    plan = plan_selectors.pupil_plan(pupil)
    today = timezone.localdate()
    row = plan_selectors.plan_row(plan, today=today) if plan else None
    _read(
        request,
        pupil,
        AuditEvent.Target.EHC_PLAN,
        plan.pk if plan else "",
        "EHC plan shown to the family",
        via=AuditEvent.Via.PORTAL,
    )
    shown = row.final or row.draft if row else None
    review = row.open_review if row else None
    return render(
        request,
        "ehc/plans/family.html",
        {
            "pupil": pupil,
            "plan": plan,
            "row": row,
            "shown": shown,
            "sections": shown.sections() if shown else [],
            "review": review,
            "deadlines": plan_rules.clock.annual_review_deadlines(review.held_on)
            if review and review.held_on
            else None,
            "is_self": user.is_young_person,
            "name": pupil.forename,
        },
    )
