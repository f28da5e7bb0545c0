"""The provision pages: the catalogue, pay roles and rates, groups and their sessions, a pupil's
costed support, the school's map and its exports. Short: access, form, service, redirect."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sensupport.accounts.models import SCHOOL_ROLES, User
from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record, audit_record_many
from sensupport.core.errors import ServiceError
from sensupport.core.forms import add_service_error
from sensupport.pupils.access import get_pupil_for_user
from sensupport.pupils.models import Pupil

from . import groups as group_services
from . import rules, selectors, services
from .access import get_group_for_user, get_intervention_for_user, get_line_for_user, get_pay_role_for_user, require
from .forms import (
    CostingForm,
    GroupForm,
    InterventionForm,
    PayRateForm,
    PayRoleForm,
    PlacePupilForm,
    ScoreForm,
    SessionForm,
    WeeksForm,
)
from .map import bar_chart, export_csv, export_xlsx, provision_map
from .map import time_out_of_class as map_time_out_of_class
from .models import Group, Intervention, PayRate, PayRole, Score, Session, SupportCosting

# ---------------------------------------------------------------- The catalogue


def catalogue(request):
    user = request.user
    require(user, "provision.view_catalogue")
    entries = list(Intervention.objects.filter(school_id=user.school_id).select_related("pay_role"))
    weeks = services.school_weeks_per_year(user.school)
    today = timezone.localdate()
    rates = {}
    for role_id, valid_from, hourly in PayRate.objects.filter(role__school_id=user.school_id).values_list(
        "role_id", "valid_from", "hourly_cost"
    ):
        rates.setdefault(role_id, []).append((valid_from, hourly))
    for entry in entries:
        hourly = rules.rate_on(rates.get(entry.pay_role_id, []), today) if entry.pay_role_id else None
        entry.cost_per_pupil = rules.annual_cost_per_pupil(
            hourly_cost=hourly or rules.ZERO,
            sessions_per_week=entry.sessions_per_week,
            minutes_per_session=entry.minutes_per_session,
            weeks=weeks,
            group_size=entry.group_size,
            resources_cost=entry.resources_cost,
        )
        entry.barrier_names = services.bank_barrier_names(entry.barrier_keys)
    return render(request, "provision/catalogue.html", {"entries": entries, "weeks": weeks})


@require_http_methods(["GET", "POST"])
def intervention_add(request):
    return _intervention_form(request, None)


@require_http_methods(["GET", "POST"])
def intervention_edit(request, intervention_id: int):
    return _intervention_form(request, get_intervention_for_user(request.user, intervention_id))


def _intervention_form(request, intervention: Intervention | None):
    user = request.user
    require(user, "provision.manage_catalogue")
    initial = None
    if intervention is not None:
        initial = {name: getattr(intervention, name) for name in services.CATALOGUE_FIELDS}
    form = InterventionForm(request.POST or None, initial=initial, school=user.school)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.intervention_save(actor=user, intervention=intervention, **form.cleaned_data)
        except services.ProvisionError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{saved.name} saved in your catalogue.")
            return redirect("provision:catalogue")
    return render(request, "provision/intervention_form.html", {"form": form, "intervention": intervention})


# ---------------------------------------------------------------- Pay roles and rates


def pay_roles(request):
    user = request.user
    require(user, "provision.set_pay_rates")
    roles = PayRole.objects.filter(school_id=user.school_id).prefetch_related("rates")
    today = timezone.localdate()
    listed = []
    for role in roles:
        history = list(role.rates.all())
        listed.append(
            {
                "role": role,
                "rates": history,
                "now": rules.rate_on([(r.valid_from, r.hourly_cost) for r in history], today),
            }
        )
    return render(
        request,
        "provision/pay_roles.html",
        {"roles": listed, "weeks": services.school_weeks_per_year(user.school), "today": today},
    )


@require_http_methods(["GET", "POST"])
def pay_role_add(request):
    user = request.user
    require(user, "provision.set_pay_rates")
    form = PayRoleForm(request.POST or None, initial={"valid_from": rules.financial_year_start(timezone.localdate())})
    if request.method == "POST" and form.is_valid():
        try:
            role = services.pay_role_add(actor=user, **form.cleaned_data)
        except services.ProvisionError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{role.name} added.")
            return redirect("provision:pay_roles")
    return render(request, "provision/pay_role_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def pay_rate_add(request, pay_role_id: int):
    user = request.user
    role = get_pay_role_for_user(user, pay_role_id)
    form = PayRateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pay_rate_set(actor=user, role=role, **form.cleaned_data)
        except services.ProvisionError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"New rate for {role.name} saved. Costs before its date keep the old rate.")
            return redirect("provision:pay_roles")
    return render(request, "provision/pay_rate_form.html", {"form": form, "role": role})


@require_http_methods(["GET", "POST"])
def weeks(request):
    user = request.user
    require(user, "provision.set_pay_rates")
    form = WeeksForm(request.POST or None, initial={"weeks": services.school_weeks_per_year(user.school)})
    if request.method == "POST" and form.is_valid():
        try:
            services.weeks_per_year_set(actor=user, weeks=form.cleaned_data["weeks"])
        except services.ProvisionError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Weeks a year saved.")
            return redirect("provision:pay_roles")
    return render(request, "provision/weeks_form.html", {"form": form})


# ---------------------------------------------------------------- Groups and sessions


def group_list(request):
    user = request.user
    if not user.is_school_staff:
        raise PermissionDenied
    found = Group.objects.filter(teaching_group__school_id=user.school_id).select_related(
        "intervention", "teaching_group"
    )
    if not user.sees_whole_school:
        found = found.filter(teaching_group__staff=user)
    return render(request, "provision/group_list.html", {"groups": found.prefetch_related("slots")})


@require_http_methods(["GET", "POST"])
def group_add(request, intervention_id: int):
    user = request.user
    intervention = get_intervention_for_user(user, intervention_id, perm="provision.manage_groups")
    staff = User.objects.filter(school_id=user.school_id, role__in=sorted(SCHOOL_ROLES), is_active=True).order_by(
        "first_name", "last_name"
    )
    form = GroupForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = group_services.group_create(
                actor=user,
                intervention=intervention,
                name=data["name"],
                staff=list(data["staff"]),
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                slots=form.slots(),
            )
        except ServiceError as exc:  # ours, or the register's (a group name already used)
            add_service_error(form, exc)
        else:
            messages.success(request, f"{group.name} set up. Now give pupils their places.")
            return redirect("provision:group", intervention_group_id=group.pk)
    return render(request, "provision/group_form.html", {"form": form, "intervention": intervention})


def _group_context(user, group: Group) -> dict:
    members = list(group.teaching_group.pupils.order_by("surname", "forename"))
    sessions = list(group.sessions.prefetch_related("attended").order_by("-date", "-starts_at"))
    scores = {s.pupil_id: s for s in Score.objects.filter(group=group)}
    held = [s for s in sessions if s.status == Session.Status.HELD]
    for pupil in members:
        pupil.score = scores.get(pupil.pk)
        pupil.attended_count = sum(1 for s in held if any(p.pk == pupil.pk for p in s.attended.all()))
        pupil.impact = rules.impact(pupil.score.entry, pupil.score.exit) if pupil.score else None
    return {
        "group": group,
        "members": members,
        "sessions": sessions[:30],
        "held": len(held),
        "cancelled": len(sessions) - len(held),
        "slots": list(group.slots.all()),
        "may_manage": user.has_perm("provision.manage_groups", group),
        "may_log": user.has_perm("provision.log_session", group),
    }


def group_detail(request, intervention_group_id: int):
    group = get_group_for_user(request.user, intervention_group_id)
    context = _group_context(request.user, group)
    audit_record_many(
        actor=request.user,
        action=AuditEvent.Action.LIST,
        target=AuditEvent.Target.INTERVENTION_GROUP,
        pupils=context["members"],
        summary=f"Group {group.name}",
        via=AuditEvent.Via.WEB,
    )
    return render(request, "provision/group_detail.html", context)


@require_http_methods(["GET", "POST"])
def group_place(request, intervention_group_id: int):
    user = request.user
    group = get_group_for_user(user, intervention_group_id, perm="provision.manage_groups")
    candidates = (
        Pupil.objects.visible_to(user)
        .filter(school_id=group.teaching_group.school_id)
        .exclude(teaching_groups=group.teaching_group)
        .order_by("surname", "forename")
    )
    form = PlacePupilForm(request.POST or None, pupils=candidates)
    if request.method == "POST" and form.is_valid():
        pupil = form.cleaned_data["pupil"]
        try:
            group_services.group_pupil_place(
                actor=user, group=group, pupil=pupil, replaces_lessons=form.cleaned_data["replaces_lessons"]
            )
        except services.ProvisionError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                f"{pupil.display_name} has a place. The support is in the draft of their plan, "
                "ready to agree with their parents.",
            )
            return redirect("provision:group", intervention_group_id=group.pk)
    return render(request, "provision/group_place.html", {"form": form, "group": group})


def _next_slot(group: Group, today) -> dict:
    """The slot most likely being logged: today's, else the latest before today."""
    slots = list(group.slots.all())
    if not slots:
        return {"date": today}
    todays = [s for s in slots if s.weekday == today.weekday()]
    if todays:
        return {"date": today, "starts_at": todays[0].starts_at.strftime("%H:%M")}
    for back in range(1, 8):
        day = today - dt.timedelta(days=back)
        found = [s for s in slots if s.weekday == day.weekday()]
        if found and day >= group.starts_on:
            return {"date": day, "starts_at": found[0].starts_at.strftime("%H:%M")}
    return {"date": today, "starts_at": slots[0].starts_at.strftime("%H:%M")}


@require_http_methods(["GET", "POST"])
def session_log(request, intervention_group_id: int):
    user = request.user
    group = get_group_for_user(user, intervention_group_id, perm="provision.log_session")
    members = group.teaching_group.pupils.order_by("surname", "forename")
    initial = {**_next_slot(group, timezone.localdate()), "status": Session.Status.HELD, "attended": list(members)}
    if request.GET.get("date") and request.GET.get("time"):  # "Log it" from the home page's week
        initial.update(date=request.GET["date"], starts_at=request.GET["time"])
    form = SessionForm(request.POST or None, initial=initial, pupils=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group_services.session_log(
                actor=user,
                group=group,
                date=data["date"],
                starts_at=data["starts_at"],
                status=data["status"],
                attended=list(data["attended"]),
                cancel_reason=data["cancel_reason"],
                note=data["note"],
            )
        except services.ProvisionError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Session logged.")
            return redirect("provision:group", intervention_group_id=group.pk)
    audit_record_many(
        actor=user,
        action=AuditEvent.Action.VIEW,
        target=AuditEvent.Target.INTERVENTION_SESSION,
        pupils=list(members),
        summary=f"Session form for {group.name}",
        via=AuditEvent.Via.WEB,
    )
    when = initial["date"]
    if isinstance(when, str):
        try:
            when = dt.date.fromisoformat(when)
        except ValueError:
            when = None
    return render(
        request,
        "provision/session_form.html",
        {"form": form, "group": group, "when": when, "when_time": initial.get("starts_at", "")},
    )


@require_http_methods(["GET", "POST"])
def scores(request, intervention_group_id: int):
    user = request.user
    group = get_group_for_user(user, intervention_group_id, perm="provision.log_session")
    members = list(group.teaching_group.pupils.order_by("surname", "forename"))
    existing = {s.pupil_id: s for s in Score.objects.filter(group=group)}
    forms_by_pupil = [
        (
            pupil,
            ScoreForm(
                request.POST or None,
                prefix=f"p{pupil.pk}",
                initial={
                    "entry": getattr(existing.get(pupil.pk), "entry", None),
                    "exit": getattr(existing.get(pupil.pk), "exit", None),
                },
            ),
        )
        for pupil in members
    ]
    if request.method == "POST" and all(form.is_valid() for _, form in forms_by_pupil):
        for pupil, form in forms_by_pupil:
            if form.has_changed():
                group_services.score_record(
                    actor=user,
                    group=group,
                    pupil=pupil,
                    entry=form.cleaned_data["entry"],
                    exit=form.cleaned_data["exit"],
                )
        messages.success(request, "Scores saved.")
        return redirect("provision:group", intervention_group_id=group.pk)
    audit_record_many(
        actor=user,
        action=AuditEvent.Action.VIEW,
        target=AuditEvent.Target.INTERVENTION_SCORE,
        pupils=members,
        summary=f"Scores form for {group.name}",
        via=AuditEvent.Via.WEB,
    )
    errors = [
        (field.auto_id, f"{pupil.display_name}: {error}")
        for pupil, form in forms_by_pupil
        for field in form
        for error in field.errors
    ]
    return render(
        request, "provision/scores_form.html", {"group": group, "forms": forms_by_pupil, "score_errors": errors}
    )


# ---------------------------------------------------------------- A pupil's support and its cost


def pupil_support(request, pupil_id: int):
    user = request.user
    pupil = get_pupil_for_user(user, pupil_id, perm="provision.view_pupil_costs")
    lines = selectors.pupil_cost_lines(pupil=pupil)
    audit_record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        target=AuditEvent.Target.SUPPORT_COSTS,
        pupil=pupil,
        target_id=pupil.pk,
        via=AuditEvent.Via.WEB,
    )
    fy = rules.financial_year_start(timezone.localdate())
    return render(
        request,
        "provision/pupil_support.html",
        {
            "pupil": pupil,
            "lines": lines,
            "total": rules.total(line.annual_cost for line in lines),
            "to_date": rules.total(line.cost_to_date for line in lines),
            "withdrawn": sum(line.withdrawn_minutes_per_week for line in lines),
            "year_label": rules.financial_year_label(fy),
            "may_cost": user.has_perm("provision.place_pupil", pupil),
        },
    )


@require_http_methods(["GET", "POST"])
def line_costing(request, pupil_id: int, provision_id: int):
    user = request.user
    line = get_line_for_user(user, pupil_id, provision_id)
    pupil = line.plan.pupil
    current = SupportCosting.objects.filter(provision=line).select_related("intervention").first()
    form = CostingForm(
        request.POST or None,
        initial={"intervention": current.intervention if current else None},
        interventions=Intervention.objects.filter(school_id=pupil.school_id, archived=False),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.support_costing_set(actor=user, provision=line, intervention=form.cleaned_data["intervention"])
        except services.ProvisionError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Support costed.")
            return redirect("provision:pupil_support", pupil_id=pupil.pk)
    audit_record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        target=AuditEvent.Target.SUPPORT_COSTS,
        pupil=pupil,
        target_id=line.pk,
        summary="Costing form",
        via=AuditEvent.Via.WEB,
    )
    return render(request, "provision/line_costing.html", {"pupil": pupil, "line": line, "form": form})


# ---------------------------------------------------------------- The school's map


def _school_map(request):
    user = request.user
    require(user, "provision.view_map")
    return provision_map(school_ids=[user.school_id])


def school_map(request):
    found = _school_map(request)
    pupils = found.pupil_rows()
    audit_record_many(
        actor=request.user,
        action=AuditEvent.Action.LIST,
        target=AuditEvent.Target.PROVISION_MAP,
        pupils=[row.pupil for row in pupils],
        summary=f"Provision map {found.year_label}",
        via=AuditEvent.Via.WEB,
    )
    charts = {
        "year": bar_chart((row.label, row.cost) for row in found.by_year),
        "class": bar_chart((row.label, row.cost) for row in found.by_class),
        "need": bar_chart((row.label, row.cost) for row in found.by_need),
        "intervention": bar_chart((row.label, row.cost) for row in found.by_intervention),
    }
    return render(
        request,
        "provision/map.html",
        {"map": found, "charts": charts, "pupils": pupils, "time_out": map_time_out_of_class(found.lines)},
    )


def _export(request, body, content_type: str, extension: str, found) -> HttpResponse:
    audit_record_many(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        target=AuditEvent.Target.PROVISION_MAP_EXPORT,
        pupils=[row.pupil for row in found.pupil_rows()],
        summary=f"Provision map {found.year_label} ({extension})",
        via=AuditEvent.Via.WEB,
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="provision-map-{found.year_label}.{extension}"'
    return response


def map_csv(request):
    found = _school_map(request)
    return _export(request, export_csv(found.lines), "text/csv; charset=utf-8", "csv", found)


def map_xlsx(request):
    found = _school_map(request)
    return _export(
        request,
        export_xlsx(found.lines),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        found,
    )


# ---------------------------------------------------------------- The family's view


def family_support(request, pupil_id: int):
    """The child's support as the parents agreed it, in plain words: what, how often, and the time
    it takes them out of class each week. Never what it costs, and never who else is in a group."""
    user = request.user
    pupil = get_pupil_for_user(user, pupil_id, perm="provision.view_support_in_plain_words")
    lines = selectors.family_support_lines(pupil=pupil)
    time_out = None
    if plan := pupil.plans.current().first():  # what the agreed plan's withdrawal groups take, by subject
        agreed = selectors.cost_lines(
            Q(plan_id=plan.pk),
            school_ids=[pupil.school_id],
            financial_year_start=rules.financial_year_start(timezone.localdate()),
        )
        time_out = next(iter(map_time_out_of_class(agreed)), None)
    audit_record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        target=AuditEvent.Target.SUPPORT_COSTS,
        pupil=pupil,
        target_id=pupil.pk,
        summary="Support in plain words (family)",
        via=AuditEvent.Via.PORTAL,
    )
    return render(
        request,
        "provision/family_support.html",
        {
            "pupil": pupil,
            "lines": lines,
            "away_minutes": sum(line["away_minutes"] for line in lines),
            "time_out": time_out,
            "is_self": getattr(user, "own_pupil_record_id", None) == pupil.pk,
        },
    )
