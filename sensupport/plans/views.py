"""Assess and Plan pages. Thin: fetch through access, validate with a form, call a service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.core.forms import add_service_error
from sensupport.pupils.access import get_pupil_for_user
from sensupport.pupils.selectors import pupil_groups

from . import bank, selectors, services
from .access import get_assessment_for_user, get_plan_for_user
from .forms import (
    AgreeForm,
    AssessmentSummaryForm,
    BarrierForm,
    ContributorViewForm,
    CustomStrategyForm,
    LockTokenForm,
    NoOutcomeReasonForm,
    OutcomeForm,
    PlanDraftForm,
    ProvisionForm,
    SettleForm,
)
from .models import Outcome, Plan, Provision
from .snapshot import plan_content


def _form_error(form, exc: services.PlanError, **fresh_token) -> None:
    """Put the service's refusal on the form. After a stale save, `fresh_token` (the lock field and
    its latest value) goes into the re-shown form, so the person can compare and deliberately save
    again instead of being refused for ever."""
    add_service_error(form, exc)
    if fresh_token:
        data = form.data.copy()
        for name, value in fresh_token.items():
            data[form.add_prefix(name)] = value
        form.data = data


def overview(request, pupil_id: int):
    pupil = get_pupil_for_user(request.user, pupil_id, perm="plans.view_plan")
    audit_record(
        actor=request.user, action=AuditEvent.Action.VIEW, pupil=pupil, target=AuditEvent.Target.PLANS_OVERVIEW
    )
    staff = request.user.has_perm("plans.view_draft", pupil)
    plans = pupil.plans.all() if staff else pupil.plans.exclude(status=Plan.Status.DRAFT)
    return render(
        request,
        "plans/overview.html",
        {
            "pupil": pupil,
            "plans": plans.order_by("-version"),
            "current": selectors.current_plan(pupil),
            "draft": selectors.draft_plan(pupil) if staff else None,
            "assessments": pupil.assessments.order_by("-cycle") if staff else [],
            "open_assessment": selectors.open_assessment(pupil),
            "staff": staff,
        },
    )


@require_POST
def assessment_start(request, pupil_id: int):
    pupil = get_pupil_for_user(request.user, pupil_id, perm="plans.manage_assessment")
    try:
        assessment = services.assessment_start(pupil=pupil, actor=request.user)
    except services.AlreadyExists as exc:  # someone started it a moment ago: go to theirs
        messages.info(request, exc.message)
        return redirect("plans:assessment", pupil_id=pupil.pk, assessment_id=exc.existing.pk)
    except services.PlanError as exc:
        messages.error(request, exc.message)
        return redirect("plans:overview", pupil_id=pupil.pk)
    return redirect("plans:assessment", pupil_id=pupil.pk, assessment_id=assessment.pk)


@require_http_methods(["GET", "POST"])
def assessment(request, pupil_id: int, assessment_id: int):
    user = request.user
    assessment = get_assessment_for_user(user, pupil_id, assessment_id, perm="plans.contribute_view")
    pupil = assessment.pupil
    can_manage = user.has_perm("plans.manage_assessment", pupil)
    barriers = [
        s.barrier
        for s in assessment.barrier_statuses.select_related("barrier").order_by("barrier__created_at", "barrier_id")
    ]
    barrier_form = BarrierForm(prefix="barrier", initial=_bank_initial(request.GET.get("bank"), pupil))
    view_form = ContributorViewForm(prefix="view", barriers=barriers)
    summary_form = AssessmentSummaryForm(
        prefix="summary",
        initial={
            "strengths": assessment.strengths,
            "interests": assessment.interests,
            "what_helps": assessment.what_helps,
            "summary_version": assessment.summary_version,
        },
    )
    settle_form = None
    summary_saved_by_someone_else = None
    action = request.POST.get("action")
    if request.method == "POST":
        if action in ("barrier", "settle", "summary", "complete") and not can_manage:
            raise PermissionDenied
        try:
            if action == "barrier":
                barrier_form = BarrierForm(request.POST, prefix="barrier")
                if barrier_form.is_valid():
                    services.barrier_add(assessment=assessment, actor=user, **barrier_form.cleaned_data)
                    messages.success(request, "Barrier added.")
                    return redirect(request.path)
            elif action == "view":
                view_form = ContributorViewForm(request.POST, prefix="view", barriers=barriers)
                if view_form.is_valid():
                    data = {k: v for k, v in view_form.cleaned_data.items() if not k.startswith(("seen_", "impact_"))}
                    services.contributor_view_record(
                        assessment=assessment, actor=user, opinions=view_form.opinions(), **data
                    )
                    messages.success(request, "View recorded.")
                    return redirect(request.path)
            elif action == "settle":
                settle_form = SettleForm(request.POST, prefix="settle")
                if settle_form.is_valid():
                    data = settle_form.cleaned_data
                    barrier = next((b for b in barriers if b.pk == data["barrier"]), None)
                    if barrier is None:
                        raise Http404("No such barrier in this assessment")
                    services.barrier_status_settle(
                        assessment=assessment,
                        barrier=barrier,
                        actor=user,
                        present=data["present"],
                        impact=data["impact"],
                        resolution=data["resolution"],
                    )
                    messages.success(request, f"Judgement on “{barrier.title}” recorded.")
                    return redirect(request.path)
            elif action == "summary":
                summary_form = AssessmentSummaryForm(request.POST, prefix="summary")
                if summary_form.is_valid():
                    data = dict(summary_form.cleaned_data)
                    try:
                        services.assessment_update_summary(
                            assessment=assessment,
                            actor=user,
                            expected_summary_version=data.pop("summary_version"),
                            **data,
                        )
                    except services.StaleSummaryEdit as exc:
                        # Their text stays in the form; the other person's is shown beside it.
                        assessment.refresh_from_db()
                        summary_saved_by_someone_else = assessment
                        _form_error(summary_form, exc, summary_version=assessment.summary_version)
                    else:
                        messages.success(request, "Saved.")
                        return redirect(request.path)
            elif action == "complete":
                services.assessment_complete(assessment=assessment, actor=user)
                messages.success(request, "Assessment complete. Now plan the support.")
                return redirect("plans:overview", pupil_id=pupil.pk)
        except services.PlanError as exc:
            target = {"barrier": barrier_form, "view": view_form, "summary": summary_form}.get(action)
            if target is not None:
                _form_error(target, exc)
            else:
                messages.error(request, exc.message)
    else:
        audit_record(
            actor=user,
            action=AuditEvent.Action.VIEW,
            pupil=pupil,
            target=AuditEvent.Target.ASSESSMENT,
            target_id=assessment.pk,
        )
    grid = selectors.assessment_grid(assessment)
    return render(
        request,
        "plans/assessment.html",
        {
            "pupil": pupil,
            "assessment": assessment,
            "grid": grid,
            "barrier_form": barrier_form,
            "view_form": view_form,
            "summary_form": summary_form,
            "settle_form": settle_form,
            "can_manage": can_manage,
            "bank_areas": bank.barriers_by_area(),
            "is_open": assessment.status == assessment.Status.OPEN,
            "impact_choices": SettleForm.base_fields["impact"].choices,
            "summary_saved_by_someone_else": summary_saved_by_someone_else,
        },
    )


def _first_name(pupil) -> str:
    return pupil.preferred_forename or pupil.forename


def _bank_initial(key: str | None, pupil) -> dict:
    """A bank barrier as the first text of the form, about this pupil by name (the SENCO edits it)."""
    entry = bank.shipped_bank().get(key or "")
    if entry is None:
        return {}
    name = _first_name(pupil)
    return {
        "title": entry.name,
        "broad_area": entry.broad_area,
        "description": bank.personalise(entry.description, name),
        "where_when": bank.personalise("; ".join(entry.shows_as), name),
        "bank_key": entry.key,
    }


@require_POST
def plan_new(request, pupil_id: int):
    pupil = get_pupil_for_user(request.user, pupil_id, perm="plans.edit_draft")
    try:
        plan = services.plan_create_draft(pupil=pupil, actor=request.user)
    except services.AlreadyExists as exc:
        messages.info(request, exc.message)
        return redirect("plans:plan", pupil_id=pupil.pk, plan_id=exc.existing.pk)
    except services.PlanError as exc:
        messages.error(request, exc.message)
        return redirect("plans:overview", pupil_id=pupil.pk)
    return redirect("plans:plan", pupil_id=pupil.pk, plan_id=plan.pk)


def plan_detail(request, pupil_id: int, plan_id: int):
    user = request.user
    plan = get_plan_for_user(user, pupil_id, plan_id, perm="plans.view_plan")
    pupil = plan.pupil
    audit_record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.PLAN,
        target_id=plan.pk,
        summary=f"Version {plan.version}",
    )
    staff = user.has_perm("plans.view_draft", pupil)
    content = plan_content(plan)  # an agreed version shows what was agreed, from its snapshot
    # A draft has no readers, evidence or review yet (the page shows them for agreed versions):
    # they are not read for it.
    agreed = not plan.is_editable
    receipts = (
        selectors.plan_read_receipts(plan) if agreed and user.has_perm("reviews.see_read_receipts", pupil) else None
    )
    if not agreed:
        has_read = False
    elif receipts is not None:
        has_read = any(receipt.user_id == user.pk for receipt in receipts)
    else:
        has_read = plan.read_receipts.filter(user=user).exists()
    return render(
        request,
        "plans/plan_detail.html",
        {
            "pupil": pupil,
            "plan": plan,
            "content": content,
            "checks": selectors.plan_checks(plan, content=content) if staff else None,
            "receipts": receipts,
            "readers_missing": _readers_missing(plan, receipts) if receipts is not None else None,
            "has_read": has_read,
            "evidence": selectors.plan_evidence(plan) if staff and agreed else None,
            "review": selectors.plan_review(plan) if agreed else None,
            # What the user may do is asked in the template ({% has_perm %}); whether this version can
            # have a next one is the service's own rule.
            "can_new_version": user.has_perm("plans.edit_draft", plan) and services.new_version_refusal(plan) is None,
            "staff": staff,
        },
    )


def _readers_missing(plan: Plan, receipts) -> list:
    """Staff who work with the pupil and have not confirmed reading this version."""
    if plan.status in (Plan.Status.DRAFT, Plan.Status.SUPERSEDED):
        return []
    read = {r.user_id for r in receipts}
    staff = {u.pk: u for g in pupil_groups(plan.pupil, with_staff=True) for u in g.staff_list if u.is_active}
    return [u for uid, u in staff.items() if uid not in read]


@require_http_methods(["GET", "POST"])
def plan_edit(request, pupil_id: int, plan_id: int):
    plan = get_plan_for_user(request.user, pupil_id, plan_id, perm="plans.edit_draft")
    if not plan.is_editable:
        messages.error(
            request, "This version has been agreed with the parents and cannot be changed. Make a new version instead."
        )
        return redirect("plans:plan", pupil_id=plan.pupil_id, plan_id=plan.pk)
    initial = {name: getattr(plan, name) for name in services.PLAN_TEXT_FIELDS}
    form = PlanDraftForm(
        request.POST or None, initial={**initial, "review_date": plan.review_date, "edit_version": plan.edit_version}
    )
    saved_by_someone_else = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.plan_update_draft(
                plan=plan,
                actor=request.user,
                expected_edit_version=data.pop("edit_version"),
                review_date=data.pop("review_date"),
                **data,
            )
        except services.StalePlanEdit as exc:
            saved_by_someone_else = Plan.objects.get(pk=plan.pk)
            _form_error(form, exc, edit_version=saved_by_someone_else.edit_version)
        except services.PlanError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Draft saved.")
            return redirect("plans:plan", pupil_id=plan.pupil_id, plan_id=plan.pk)
    return render(
        request,
        "plans/plan_edit.html",
        {"pupil": plan.pupil, "plan": plan, "form": form, "latest": saved_by_someone_else},
    )


@require_http_methods(["GET", "POST"])
def outcome_add(request, pupil_id: int, plan_id: int):
    plan = get_plan_for_user(request.user, pupil_id, plan_id, perm="plans.edit_draft")
    barriers = [line.barrier for line in plan_content(plan).barriers]
    form = OutcomeForm(request.POST or None, barriers=barriers, initial={"edit_version": plan.edit_version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        barrier_ids = [int(pk) for pk in data.pop("barriers")]
        try:
            services.outcome_save(
                plan=plan,
                actor=request.user,
                expected_edit_version=data.pop("edit_version"),
                barrier_ids=barrier_ids,
                **data,
            )
        except services.StalePlanEdit as exc:
            _form_error(form, exc, edit_version=Plan.objects.get(pk=plan.pk).edit_version)
        except services.PlanError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Outcome added.")
            return redirect("plans:plan", pupil_id=plan.pupil_id, plan_id=plan.pk)
    return render(request, "plans/outcome_form.html", {"pupil": plan.pupil, "plan": plan, "form": form})


@require_POST
def no_outcome_reason(request, pupil_id: int, plan_id: int):
    """Why a barrier on the draft has no outcome: saved from the plan page."""
    plan = get_plan_for_user(request.user, pupil_id, plan_id, perm="plans.edit_draft")
    form = NoOutcomeReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("plans:plan", pupil_id=plan.pupil_id, plan_id=plan.pk)
    barrier = plan.pupil.barriers.filter(pk=form.cleaned_data["barrier"]).first()
    if barrier is None:
        raise Http404("No such barrier")
    try:
        services.no_outcome_reason_save(
            plan=plan,
            actor=request.user,
            expected_edit_version=form.cleaned_data["edit_version"],
            barrier=barrier,
            reason=form.cleaned_data["reason"],
        )
    except services.PlanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"Saved why {barrier.title} has no outcome." if form.cleaned_data["reason"].strip() else "Reason removed.",
        )
    return redirect("plans:plan", pupil_id=plan.pupil_id, plan_id=plan.pk)


@require_http_methods(["GET", "POST"])
def provision_add(request, pupil_id: int, plan_id: int):
    plan = get_plan_for_user(request.user, pupil_id, plan_id, perm="plans.edit_draft")
    pupil = plan.pupil
    barriers = list(pupil.barriers.filter(resolved_on__isnull=True))
    initial = {"edit_version": plan.edit_version, "setting": Provision.Setting.IN_CLASS}
    if request.GET.get("barrier"):
        initial["barriers"] = [request.GET["barrier"]]
    strategy = _strategy_from(request.GET.get("strategy", ""), pupil.school)
    if strategy is not None:
        initial.update(
            {
                "kind": strategy.kind,
                "description": bank.personalise(f"{strategy.title}: {strategy.description}", _first_name(pupil)),
                "delivered_by": strategy.delivered_by,
                "bank_strategy_key": strategy.key,
                "cost": 0 if strategy.cost == "none" else None,
            }
        )
        if strategy.setting in ("in_class", "withdrawn"):
            initial["setting"] = strategy.setting
    form = ProvisionForm(request.POST or None, barriers=barriers, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        barrier_ids = [int(b) for b in data.pop("barriers")]
        try:
            services.provision_save(
                plan=plan,
                actor=request.user,
                expected_edit_version=data.pop("edit_version"),
                barrier_ids=barrier_ids,
                **data,
            )
        except services.StalePlanEdit as exc:
            _form_error(form, exc, edit_version=Plan.objects.get(pk=plan.pk).edit_version)
        except services.PlanError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Support added.")
            return redirect("plans:plan", pupil_id=pupil.pk, plan_id=plan.pk)
    suggestions = []
    for barrier in barriers:
        key = barrier.bank_key or next(
            (entry.key for entry in bank.match_barrier(f"{barrier.title} {barrier.description}")[:1]), ""
        )
        suggestions.append((barrier, key, bank.strategies_for(key, school=pupil.school) if key else []))
    return render(
        request, "plans/provision_form.html", {"pupil": pupil, "plan": plan, "form": form, "suggestions": suggestions}
    )


def _strategy_from(value: str, school):
    if ":" not in value:
        return None
    barrier_key, strategy_key = value.split(":", 1)
    return next((s for s in bank.strategies_for(barrier_key, school=school) if s.key == strategy_key), None)


@require_POST
def item_remove(request, pupil_id: int, plan_id: int):
    plan = get_plan_for_user(request.user, pupil_id, plan_id, perm="plans.edit_draft")
    model = Outcome if request.POST.get("kind") == "outcome" else Provision
    try:
        item = model.objects.get(pk=request.POST.get("item"), plan=plan)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404("No such item") from None
    edit_version = LockTokenForm(request.POST)
    if not edit_version.is_valid():  # missing, not a number, or out of range: nothing is removed
        messages.error(
            request, "The page you removed it from was out of date, so nothing was removed. Try again from this page."
        )
        return redirect("plans:plan", pupil_id=plan.pupil_id, plan_id=plan.pk)
    try:
        services.plan_item_remove(
            plan=plan, actor=request.user, expected_edit_version=edit_version.cleaned_data["edit_version"], item=item
        )
    except services.PlanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Removed from the draft.")
    return redirect("plans:plan", pupil_id=plan.pupil_id, plan_id=plan.pk)


@require_http_methods(["GET", "POST"])
def plan_agree(request, pupil_id: int, plan_id: int):
    plan = get_plan_for_user(request.user, pupil_id, plan_id, perm="plans.agree_plan")
    form = AgreeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_agree(plan=plan, actor=request.user, **form.cleaned_data)
        except services.PlanError as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request,
                f"Version {plan.version} is agreed. It is now shared with everyone who works with "
                f"{plan.pupil.display_name}.",
            )
            return redirect("plans:plan", pupil_id=plan.pupil_id, plan_id=plan.pk)
    assessment = plan.assessment or selectors.latest_assessment(plan.pupil)
    return render(
        request,
        "plans/agree.html",
        {
            "pupil": plan.pupil,
            "plan": plan,
            "form": form,
            "checks": selectors.plan_checks(plan),
            "assessment_open": assessment is not None and assessment.status == assessment.Status.OPEN,
        },
    )


@require_POST
def plan_new_version(request, pupil_id: int, plan_id: int):
    plan = get_plan_for_user(request.user, pupil_id, plan_id, perm="plans.edit_draft")
    try:
        draft = services.plan_new_version(plan=plan, actor=request.user)
    except services.AlreadyExists as exc:
        messages.info(request, exc.message)
        return redirect("plans:plan", pupil_id=plan.pupil_id, plan_id=exc.existing.pk)
    except services.PlanError as exc:
        messages.error(request, exc.message)
        return redirect("plans:plan", pupil_id=plan.pupil_id, plan_id=plan.pk)
    messages.success(
        request,
        f"Version {draft.version} started as a copy of version {plan.version}. Version {plan.version} stays as agreed.",
    )
    return redirect("plans:plan", pupil_id=plan.pupil_id, plan_id=draft.pk)


def plan_compare(request, pupil_id: int):
    pupil = get_pupil_for_user(request.user, pupil_id, perm="plans.view_plan")
    visible = (
        pupil.plans.all()
        if request.user.has_perm("plans.view_draft", pupil)
        else pupil.plans.exclude(status=Plan.Status.DRAFT)
    )
    versions = list(visible.order_by("version"))
    if len(versions) < 2:
        messages.info(request, "There is only one version of this plan so far.")
        return redirect("plans:overview", pupil_id=pupil.pk)
    by_id = {str(p.pk): p for p in versions}
    left = by_id.get(request.GET.get("left", "")) or versions[-2]
    right = by_id.get(request.GET.get("right", "")) or versions[-1]
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.PLAN_COMPARISON,
        summary=f"Versions {left.version} and {right.version}",
    )
    return render(
        request,
        "plans/compare.html",
        {
            "pupil": pupil,
            "left": left,
            "right": right,
            "versions": versions,
            "rows": selectors.plan_compare(left, right),
        },
    )


def profile(request, pupil_id: int, plan_id: int):
    plan = get_plan_for_user(request.user, pupil_id, plan_id, perm="plans.view_plan")
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        pupil=plan.pupil,
        target=AuditEvent.Target.ONE_PAGE_PROFILE,
        target_id=plan.pk,
    )
    return render(
        request, "plans/profile.html", {"pupil": plan.pupil, "plan": plan, "profile": selectors.one_page_profile(plan)}
    )


def timeline(request, pupil_id: int):
    pupil = get_pupil_for_user(request.user, pupil_id, perm="plans.view_draft")
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, pupil=pupil, target=AuditEvent.Target.TIMELINE)
    return render(request, "plans/timeline.html", {"pupil": pupil, "entries": selectors.pupil_timeline(pupil)})


@require_http_methods(["GET", "POST"])
def strategy_bank(request):
    """The shipped bank, with the school's and the LA's own strategies; SENCOs, heads and LA
    officers add their own."""
    user = request.user
    if not user.has_perm("plans.view_strategy_bank"):
        raise PermissionDenied
    can_add = user.has_perm("plans.add_strategy")
    form = CustomStrategyForm(request.POST or None) if can_add else None
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.custom_strategy_add(actor=user, **form.cleaned_data)
            except services.PlanError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, "Strategy added. It will be suggested for that barrier.")
                return redirect("plans:strategy_bank")
    la_id = user.school.local_authority_id if user.school_id else user.local_authority_id
    own = bank.custom_strategies(school_id=user.school_id, local_authority_id=la_id)
    custom: dict[str, list] = {}
    for strategy in own:
        custom.setdefault(strategy.barrier_key, []).append(strategy)
    return render(
        request, "plans/strategy_bank.html", {"areas": bank.barriers_by_area(), "custom": custom, "form": form}
    )
