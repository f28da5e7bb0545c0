"""The family portal: parents, carers and young people read the plan in plain language, see
meetings and their written summaries, and give or withdraw consent. Plus the school's page to ask
a family for consent.

Every fetch goes through sensupport.pupils.access / sensupport.plans.access (404 outside scope);
every read writes an audit row. School staff and other roles get 403 on the family pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.core.forms import add_service_error
from sensupport.family import consent as consent_services
from sensupport.family import selectors as family_selectors
from sensupport.family.consent import ConsentError
from sensupport.family.models import Consent, MeetingSummary, PlanResponse
from sensupport.plans.access import get_plan_for_user
from sensupport.plans.models import Plan
from sensupport.plans.selectors import current_plan
from sensupport.pupils.access import get_pupil_for_user

from . import selectors
from .forms import ConsentDecisionForm, ConsentRequestForm


def _require_family(user) -> None:
    if not user.has_perm("portal.use_portal"):
        raise PermissionDenied


def _child_context(user, pupil) -> dict:
    is_self = selectors.is_own_record(user, pupil)
    name = selectors.first_name(pupil)
    return {
        "pupil": pupil,
        "is_self": is_self,
        "name": name,
        "possessive": "your" if is_self else f"{name}’s",
    }


@require_http_methods(["GET"])
def home(request):
    user = request.user
    _require_family(user)
    children = selectors.family_children(user)
    audit_record(
        actor=user,
        action=AuditEvent.Action.LIST,
        target=AuditEvent.Target.FAMILY_PORTAL_CHILDREN,
        summary=f"{len(children)} child record(s) listed",
    )
    return render(request, "portal/home.html", {"children": children, "is_young_person": user.is_young_person})


@require_http_methods(["GET"])
def child(request, pupil_id: int):
    user = request.user
    _require_family(user)
    pupil = get_pupil_for_user(user, pupil_id, perm="plans.view_plan")
    context = _child_context(user, pupil)
    plan = current_plan(pupil)
    context.update(
        plan=plan,
        plain=selectors.plain_plan(plan, is_self=context["is_self"]) if plan is not None else None,
        versions=[row for row in selectors.plan_versions(pupil) if plan is None or row.plan.pk != plan.pk],
        meetings=selectors.meeting_dates(pupil),
        summaries=selectors.meeting_summaries(pupil),
        open_consents=pupil.consents.filter(given_at__isnull=True, withdrawn_at__isnull=True).count(),
        unread_messages=family_selectors.unread_count(pupil, for_family=True, reader=user),
        responses=list(
            PlanResponse.objects.filter(plan__pupil=pupil, parent=user)
            .select_related("plan")
            .order_by("-created_at")[:5]
        ),
        concerns=selectors.concerns_for_family(pupil, name=context["name"], is_self=context["is_self"]),
    )
    audit_record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.FAMILY_PORTAL_CHILD_PAGE,
        target_id=pupil.pk,
        summary=f"Plan version {plan.version} shown" if plan else "No plan yet",
    )
    return render(request, "portal/child.html", context)


@require_http_methods(["GET"])
def plan(request, pupil_id: int, plan_id: int):
    user = request.user
    _require_family(user)
    plan = get_plan_for_user(user, pupil_id, plan_id, perm="plans.view_plan")
    if plan.status == Plan.Status.DRAFT:  # get_plan_for_user already hides drafts from families
        raise Http404("No plan found")
    pupil = plan.pupil
    context = _child_context(user, pupil)
    in_force = current_plan(pupil)
    context.update(
        plan=plan,
        plain=selectors.plain_plan(plan, is_self=context["is_self"]),
        is_current=in_force is not None and in_force.pk == plan.pk,
        current=in_force,
    )
    audit_record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.PLAN,
        target_id=plan.pk,
        summary=f"Plan version {plan.version}, in plain language (family portal)",
    )
    return render(request, "portal/plan.html", context)


@require_http_methods(["GET"])
def summary(request, pupil_id: int, summary_id: int):
    user = request.user
    _require_family(user)
    pupil = get_pupil_for_user(user, pupil_id, perm="plans.view_plan")
    try:
        meeting_summary = selectors.get_meeting_summary(pupil, summary_id)
    except (MeetingSummary.DoesNotExist, ValueError, TypeError):
        raise Http404("No summary found") from None
    audit_record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.MEETING_SUMMARY,
        target_id=meeting_summary.pk,
        summary=meeting_summary.title,
    )
    context = _child_context(user, pupil)
    context["summary"] = meeting_summary
    return render(request, "portal/summary.html", context)


@require_http_methods(["GET", "POST"])
def consents(request, pupil_id: int):
    user = request.user
    _require_family(user)
    pupil = get_pupil_for_user(user, pupil_id, perm="portal.decide_consent")
    context = _child_context(user, pupil)
    if request.method == "POST":
        form = ConsentDecisionForm(request.POST)
        if not form.is_valid():
            raise Http404("No consent found")
        try:
            consent = pupil.consents.select_related("professional").get(pk=form.cleaned_data["consent"])
        except Consent.DoesNotExist:
            raise Http404("No consent found") from None
        who = consent.professional.display_name if consent.professional else "The service"
        try:
            if form.cleaned_data["decision"] == "give":
                consent_services.consent_give(consent=consent, parent=user, via=AuditEvent.Via.PORTAL)
                done = "You have given consent."
                if consent.kind == Consent.Kind.SHARING:
                    done += f" {who} can now see {context['possessive']} record."
            else:
                was_given = consent.state == "given"
                consent_services.consent_withdraw(consent=consent, parent=user, via=AuditEvent.Via.PORTAL)
                done = "You have withdrawn consent." if was_given else "You have said no."
                if consent.kind == Consent.Kind.SHARING:
                    done += f" {who} cannot see {context['possessive']} record."
        except ConsentError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
        return redirect("portal:consents", pupil_id=pupil.pk)
    rows = [
        {"consent": c, "title": selectors.consent_title(c, context["possessive"])}
        for c in selectors.consents_for(pupil)
    ]
    audit_record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.CONSENTS,
        summary=f"{len(rows)} consent(s) shown (family portal)",
    )
    context["rows"] = rows
    return render(request, "portal/consents.html", context)


@require_http_methods(["GET", "POST"])
def staff_consents(request, pupil_id: int):
    """The SENCO or head asks the family for consent, and sees every answer."""
    user = request.user
    pupil = get_pupil_for_user(user, pupil_id, perm="portal.ask_consent")
    form = ConsentRequestForm(request.POST or None, school=pupil.school)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consent_services.consent_request(
                pupil=pupil, actor=user, kind=data["kind"], purpose=data["purpose"], professional=data["professional"]
            )
        except ConsentError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "The family has been asked. They will see the request when they sign in.")
            return redirect("portal:staff_consents", pupil_id=pupil.pk)
    rows = [
        {"consent": c, "title": selectors.consent_title(c, f"{selectors.first_name(pupil)}’s")}
        for c in selectors.consents_for(pupil)
    ]
    audit_record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.CONSENTS,
        summary=f"{len(rows)} consent(s) shown",
    )
    return render(request, "portal/staff_consents.html", {"pupil": pupil, "form": form, "rows": rows})


@require_http_methods(["GET", "POST"])
def raise_concern(request, pupil_id: int):
    """A parent (or a young person) tells the school about a worry. It becomes a concern the
    SENCO triages like any other, and the SENCO is told there is one to look at."""
    from sensupport.pupils import services as register

    from .forms import WorryForm

    user = request.user
    _require_family(user)
    pupil = get_pupil_for_user(user, pupil_id)
    form = WorryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            register.concern_raise(pupil=pupil, actor=user, via=AuditEvent.Via.PORTAL, **form.cleaned_data)
        except register.RegisterError as exc:
            form.add_error("noticed", exc.message)
        else:
            messages.success(
                request,
                "Thank you. The school's special educational needs coordinator (SENCO) will look into it and talk to "
                "you.",
            )
            return redirect("portal:child", pupil_id=pupil.pk)
    return render(request, "portal/raise_concern.html", {**_child_context(user, pupil), "form": form})
