"""Downloads of a plan version's documents: the plan, the one-page profile and the review record,
as PDF or Word. Fetched through the plan's access rules; every download is audited. An agreed
version's documents are rendered once and then streamed from storage (`store.py`, ADR 0010); a
draft's are rendered on demand, outside any transaction."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.http import require_GET

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.plans.access import get_plan_for_user

from . import render, store

TITLES = {"plan": "Support plan", "profile": "One-page profile", "review": "Plan review record"}


def _download(request, pupil_id: int, plan_id: int, fmt: str, kind: str) -> HttpResponse:
    if fmt not in render.MEDIA_TYPES:
        raise Http404("Download as pdf or docx")
    plan = get_plan_for_user(request.user, pupil_id, plan_id, perm="plans.view_plan")
    if kind == "review" and not hasattr(plan, "review"):
        raise Http404("This plan has not been reviewed yet")
    delivery = store.deliver(plan, kind, fmt)
    filename = delivery.filename
    try:
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.EXPORT,
            pupil=plan.pupil,
            target=AuditEvent.Target.PLAN_DOCUMENT,
            target_id=plan.pk,
            summary=f"{TITLES[kind]} for plan version {plan.version} downloaded as {fmt.upper()} ({filename})",
        )
    except BaseException:
        if delivery.handle is not None:
            delivery.handle.close()
        raise
    if delivery.handle is not None:
        response = FileResponse(
            delivery.handle, as_attachment=True, filename=filename, content_type=render.MEDIA_TYPES[fmt]
        )
    else:
        response = HttpResponse(delivery.data, content_type=render.MEDIA_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def plan_document(request, pupil_id: int, plan_id: int, fmt: str):
    return _download(request, pupil_id, plan_id, fmt, "plan")


@require_GET
def profile_document(request, pupil_id: int, plan_id: int, fmt: str):
    return _download(request, pupil_id, plan_id, fmt, "profile")


@require_GET
def review_document(request, pupil_id: int, plan_id: int, fmt: str):
    return _download(request, pupil_id, plan_id, fmt, "review")
