"""A pupil's EHC plan summary (issue 8): enter or change it, and open the attached plan."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.core.forms import add_service_error

from . import services
from .access import get_pupil_for_user
from .ehc_forms import EhcSummaryForm
from .models import EhcPlanSummary
from .views import audit_form_read


def _summary(pupil) -> EhcPlanSummary | None:
    return EhcPlanSummary.objects.select_related("issuing_local_authority").filter(pupil=pupil).first()


@require_http_methods(["GET", "POST"])
def ehc_summary_edit(request, pupil_id: int):
    pupil = get_pupil_for_user(request.user, pupil_id, perm="pupils.edit_ehc_summary")
    summary = _summary(pupil)
    has_document = bool(summary and summary.document)
    form = EhcSummaryForm(
        request.POST or None,
        request.FILES or None,
        initial=EhcSummaryForm.initial_for(pupil, summary),
        has_document=has_document,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.ehc_summary_record(
                actor=request.user,
                pupil=pupil,
                issuing_local_authority=data["issuing_local_authority"],
                issued_on=data["issued_on"],
                last_reviewed_on=data["last_reviewed_on"],
                outcomes=data["outcomes"],
                provision_summary=data["provision_summary"],
                document=data["document"] or None,
                remove_document=data.get("remove_document", False),
                expected_version=data["version"],
            )
        except services.RegisterError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{pupil.display_name}'s EHC plan summary saved.")
            return redirect("pupils:pupil", pupil_id=pupil.pk)
    audit_form_read(request, pupil, AuditEvent.Target.EHC_PLAN_SUMMARY_FORM)
    return render(request, "pupils/ehc_summary_form.html", {"pupil": pupil, "form": form, "summary": summary})


def ehc_document(request, pupil_id: int):
    """The attached EHC plan, only to those who may read the summary, and each opening audited."""
    pupil = get_pupil_for_user(request.user, pupil_id, perm="pupils.view_ehc_summary")
    summary = _summary(pupil)
    if summary is None or not summary.document:
        raise Http404("No EHC plan document attached")
    try:
        handle = summary.document.open("rb")
    except FileNotFoundError:
        raise Http404("The EHC plan document is missing from storage") from None
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.EHC_PLAN_DOCUMENT,
        target_id=summary.pk,
        summary=f"Opened the attached EHC plan ({summary.document_name})",
    )
    content_type = mimetypes.guess_type(summary.document.name)[0] or "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=True, filename=summary.document_name or "ehc-plan", content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
