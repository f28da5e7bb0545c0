"""Import pupils on the web: upload, preview what will change, then confirm (or cancel)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .access import get_batch_for_user, require_import_permission
from .forms import ImportUploadForm
from .models import ImportBatch

RECENT_UPLOADS = 10


@require_http_methods(["GET", "POST"])
def import_start(request):
    user = request.user
    require_import_permission(user)
    form = ImportUploadForm(request.POST, request.FILES) if request.method == "POST" else ImportUploadForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = services.import_batch_create(school=user.school, actor=user, filename=upload.name, content=upload.read())
        return redirect("interop:import_preview", batch_id=batch.pk)
    recent = ImportBatch.objects.filter(school_id=user.school_id).select_related("uploaded_by").defer("content")[:RECENT_UPLOADS]
    return render(request, "interop/import_start.html", {"form": form, "recent": recent})


@require_http_methods(["GET"])
def import_preview(request, batch_id: int):
    batch = get_batch_for_user(request.user, batch_id)
    plan = services.import_batch_plan(batch) if batch.is_pending else None
    return render(request, "interop/import_preview.html", {"batch": batch, "plan": plan})


@require_POST
def import_confirm(request, batch_id: int):
    batch = get_batch_for_user(request.user, batch_id)
    try:
        result = services.import_batch_confirm(batch=batch, actor=request.user)
    except services.BatchClosed as closed:
        messages.info(request, str(closed))
        return redirect("interop:import_preview", batch_id=batch.pk)
    except services.ImportRejected as rejected:
        services.import_batch_close(batch=batch, status=ImportBatch.Status.REJECTED)
        batch.refresh_from_db()
        return render(request, "interop/import_preview.html", {"batch": batch, "plan": None, "rejected": rejected}, status=200)
    messages.success(
        request,
        f"{batch.filename} imported: {result.created} new pupil{pluralize(result.created)}, "
        f"{result.updated} changed, {result.unchanged} unchanged.",
    )
    return redirect("interop:import_preview", batch_id=batch.pk)


@require_POST
def import_cancel(request, batch_id: int):
    batch = get_batch_for_user(request.user, batch_id)
    if batch.is_pending:
        services.import_batch_close(batch=batch, status=ImportBatch.Status.CANCELLED)
        messages.info(request, f"Import of {batch.filename} cancelled: nothing was changed.")
    return redirect("interop:import_start")
