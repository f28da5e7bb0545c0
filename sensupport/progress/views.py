"""Progress pages: the SENCO's pupils to look at (and a teacher's, for their classes), pupils who
recently left SEN Support, one pupil's progress with its chart, raising a concern with the evidence
filled in, and the family's own child's line. Findings are prompts to consider, never identification."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record, audit_record_many
from sensupport.core.forms import add_service_error
from sensupport.pupils import services as pupil_services
from sensupport.pupils.forms import ConcernForm

from . import selectors
from .access import get_progress_pupil_for_user, require_perm
from .pupil_page import family_context, progress_context


@require_GET
def to_look_at(request):
    user = request.user
    require_perm(user, "progress.view_pupils_to_look_at")
    today = timezone.localdate()
    groups, on_register = selectors.pupils_to_look_at(user, on=today)
    shown = [p for g in [*groups, *on_register] for p, _ in g.rows]
    audit_record_many(
        actor=user,
        action=AuditEvent.Action.LIST,
        target=AuditEvent.Target.PUPILS_TO_LOOK_AT,
        pupils=shown,
        summary="Pupils to look at",
    )
    return render(
        request,
        "progress/to_look_at.html",
        {"groups": groups, "on_register": on_register, "today": today, "count": sum(len(g.rows) for g in groups)},
    )


@require_GET
def recently_left(request):
    user = request.user
    require_perm(user, "progress.view_recently_left")
    today = timezone.localdate()
    rows = selectors.recently_left(user.school_id, on=today)
    audit_record_many(
        actor=user,
        action=AuditEvent.Action.LIST,
        target=AuditEvent.Target.RECENTLY_LEFT,
        pupils=[row.pupil for row in rows],
        summary="Recently left SEN Support",
    )
    return render(request, "progress/recently_left.html", {"rows": rows, "today": today})


@require_GET
def pupil_progress(request, pupil_id: int):
    pupil = get_progress_pupil_for_user(request.user, pupil_id)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.PROGRESS,
        target_id=pupil.pk,
    )
    return render(request, "progress/pupil.html", progress_context(pupil, on=timezone.localdate()))


@require_http_methods(["GET", "POST"])
def concern_from_findings(request, pupil_id: int):
    """Raise a concern (or reopen one, for a pupil who left SEN Support) with the findings filled in."""
    pupil = get_progress_pupil_for_user(request.user, pupil_id, perm="pupils.raise_concern")
    findings = selectors.pupil_findings(pupil, on=timezone.localdate())
    evidence = "\n".join(f"- {f.sentence}" for f in findings)
    initial = {
        "noticed": (
            f"sensupport's progress checks suggest looking at {pupil.display_name}'s progress:\n{evidence}\n"
            "What I have noticed in class: "
            if findings
            else ""
        )
    }
    form = ConcernForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            concern = pupil_services.concern_raise(pupil=pupil, actor=request.user, **form.cleaned_data)
        except pupil_services.RegisterError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Concern recorded.")
            return redirect("pupils:concern", pupil_id=pupil.pk, concern_id=concern.pk)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.CONCERN_FORM,
        target_id=pupil.pk,
    )
    return render(request, "progress/concern_form.html", {"pupil": pupil, "form": form, "findings": findings})


@require_GET
def family_progress(request, pupil_id: int):
    pupil = get_progress_pupil_for_user(request.user, pupil_id, perm="progress.view_own_progress")
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.PROGRESS,
        target_id=pupil.pk,
        via=AuditEvent.Via.PORTAL,
    )
    is_self = request.user.own_pupil_record_id == pupil.pk
    return render(request, "progress/family.html", {**family_context(pupil), "is_self": is_self})
