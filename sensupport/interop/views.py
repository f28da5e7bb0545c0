"""Import pupils on the web: upload, preview what will change, then confirm (or cancel)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_http_methods, require_POST

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record_many

from .access import get_batch_for_user, require_import_permission
from .forms import ImportUploadForm
from .models import ImportBatch
from .register_import import background, batches
from .register_import.plan import ImportRejected
from .table_imports import table_import

RECENT_UPLOADS = 10
LISTED = 200  # pupils (or notes) a preview lists at a time: a 30,000-pupil file is 150 pages, not one


@dataclass(frozen=True)
class Listing:
    """One page of a long list on the preview, with links to the pages either side that keep the
    other lists' places (each list has its own query parameter)."""

    page: Page
    previous_url: str
    next_url: str


def _listing(request, items, param: str) -> Listing:
    page = Paginator(items, LISTED).get_page(request.GET.get(param))

    def url(number: int) -> str:
        params = request.GET.copy()
        params[param] = str(number)
        return f"?{params.urlencode()}#{param}"

    return Listing(
        page=page,
        previous_url=url(page.previous_page_number()) if page.has_previous() else "",
        next_url=url(page.next_page_number()) if page.has_next() else "",
    )


@require_http_methods(["GET", "POST"])
def import_start(request):
    user = request.user
    require_import_permission(user)
    form = ImportUploadForm(request.POST, request.FILES) if request.method == "POST" else ImportUploadForm()
    if form.is_bound and form.is_valid():
        upload, what = form.cleaned_data["file"], form.cleaned_data["what"]
        if table := table_import(what):
            batch = table.create(kind=what, school=user.school, actor=user, filename=upload.name, content=upload.read())
        else:
            batch = batches.import_batch_create(
                school=user.school, actor=user, filename=upload.name, content=upload.read()
            )
        return redirect("interop:import_preview", batch_id=batch.pk)
    recent = (
        ImportBatch.objects.filter(school_id=user.school_id)
        .select_related("uploaded_by")
        .defer("content", "parsed")[:RECENT_UPLOADS]
    )
    return render(request, "interop/import_start.html", {"form": form, "recent": recent})


@require_http_methods(["GET"])
def import_preview(request, batch_id: int):
    batch = get_batch_for_user(request.user, batch_id)
    if table := table_import(batch.kind):
        template = table.template
        plan = table.plan(batch, actor=request.user) if batch.is_pending else None
        shown = table.shown
    else:
        template = "interop/import_preview.html"
        plan = batches.import_batch_plan(batch) if batch.is_pending else None

        def shown(plan):  # current details beside the file's: the page of them listed
            return [change.pupil for change in listings["changed"].page.object_list]

    if plan is not None and plan.problems:
        # A file with problems can never be confirmed: it is refused now, not left "waiting for
        # confirmation" in the list of uploads. The page still shows every problem.
        batches.import_batch_close(batch=batch, status=ImportBatch.Status.REJECTED, problems=plan.problems)
        batch.refresh_from_db()
        plan = None
    listings = {}
    if plan is not None and template == "interop/import_preview.html":
        listings = {
            "notes": _listing(request, plan.notes, "notes"),
            "new": _listing(request, plan.new_pupils, "new"),
            "changed": _listing(request, plan.changed_pupils, "changed"),
        }
    if plan is not None and (pupils := shown(plan)):
        # The page names these register pupils: a read of each.
        audit_record_many(
            actor=request.user,
            action=AuditEvent.Action.VIEW,
            target=AuditEvent.Target.PUPIL_RECORD_IMPORT_PREVIEW,
            pupils=pupils,
            summary=f"Import preview of {batch.filename}",
        )
    # A file importing in the background: the page shows how far it has got each time it is opened
    # ("Check how far it has got" reloads it). No timed refresh: a page that reloads itself moves
    # a screen reader's place and fails WCAG 2.2.1 unless the reader can stop it (axe: meta-refresh).
    return render(request, template, {"batch": batch, "plan": plan, "listings": listings})


@require_POST
def import_confirm(request, batch_id: int):
    batch = get_batch_for_user(request.user, batch_id)
    if table := table_import(batch.kind):
        return _table_confirm(request, batch, table.confirm)
    try:
        if batch.is_pending and background.import_batch_is_large(batch):
            background.import_batch_start(batch=batch, actor=request.user, via=AuditEvent.Via.IMPORT)
            messages.info(
                request,
                f"{batch.filename} is being imported in the background. This page shows how far it has got; "
                "you will get an email when it has finished.",
            )
            return redirect("interop:import_preview", batch_id=batch.pk)
        result = batches.import_batch_confirm(batch=batch, actor=request.user, via=AuditEvent.Via.IMPORT)
    except batches.BatchClosed as closed:
        messages.info(request, str(closed))
        return redirect("interop:import_preview", batch_id=batch.pk)
    except batches.ImportConflict as conflict:
        messages.error(request, str(conflict))
        return redirect("interop:import_preview", batch_id=batch.pk)
    except ImportRejected as rejected:
        batches.import_batch_close(batch=batch, status=ImportBatch.Status.REJECTED, problems=rejected.problems)
        batch.refresh_from_db()
        return render(request, "interop/import_preview.html", {"batch": batch, "plan": None}, status=200)
    messages.success(
        request,
        f"{batch.filename} imported: {result.created} new pupil{pluralize(result.created)}, "
        f"{result.updated} changed, {result.unchanged} unchanged.",
    )
    return redirect("interop:import_preview", batch_id=batch.pk)


def _table_confirm(request, batch: ImportBatch, confirm):
    try:
        result = confirm(batch=batch, actor=request.user, via=AuditEvent.Via.IMPORT)
    except batches.BatchClosed as closed:
        messages.info(request, str(closed))
    except batches.ImportConflict as conflict:
        messages.error(request, str(conflict))
    except ImportRejected as rejected:
        batches.import_batch_close(batch=batch, status=ImportBatch.Status.REJECTED, problems=rejected.problems)
    else:
        messages.success(request, f"{batch.filename} imported: {result.summary()}.")
    return redirect("interop:import_preview", batch_id=batch.pk)


@require_POST
def import_cancel(request, batch_id: int):
    batch = get_batch_for_user(request.user, batch_id)
    if batch.is_pending:
        batches.import_batch_close(batch=batch, status=ImportBatch.Status.CANCELLED)
        messages.info(request, f"Import of {batch.filename} cancelled: nothing was changed.")
    return redirect("interop:import_start")


def pupil_leaving(request, pupil_id: int):
    """A pupil is leaving: the SENCO or school administrator downloads the CTF to send to the new
    school. If the new school uses sensupport, the pupil is recorded as leaving for it, and its
    import of this file moves the record."""
    from django import forms as django_forms
    from django.core.exceptions import PermissionDenied
    from django.db import transaction
    from django.http import HttpResponse
    from django.utils import timezone

    from sensupport.organisations.models import School
    from sensupport.pupils.access import get_pupil_for_user
    from sensupport.pupils.services import RegisterError, pupil_transfer_out

    from .ctf import ctf_write

    class LeavingForm(django_forms.Form):
        dest_lea = django_forms.RegexField(
            label="New school's local authority code",
            regex=r"^[0-9]{3}$",
            max_length=3,
            help_text="Three digits, for example 201",
            error_messages={
                "invalid": "Enter the local authority code as three digits, for example 201",
                "required": "Enter the new school's local authority code",
            },
        )
        dest_estab = django_forms.RegexField(
            label="New school's establishment number",
            regex=r"^[0-9]{4}$",
            max_length=4,
            help_text="Four digits, for example 3614",
            error_messages={
                "invalid": "Enter the establishment number as four digits, for example 3614",
                "required": "Enter the new school's establishment number",
            },
        )

    pupil = get_pupil_for_user(request.user, pupil_id, perm="pupils.edit_pupil")
    form = LeavingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        lea, estab = form.cleaned_data["dest_lea"], form.cleaned_data["dest_estab"]
        if lea == pupil.school.local_authority.code and estab == pupil.school.establishment_number:
            form.add_error("dest_estab", "That is this school: enter the school the pupil is moving to")
        else:
            destination = School.objects.filter(local_authority__code=lea, establishment_number=estab).first()
            with transaction.atomic():
                if destination is not None:
                    try:
                        pupil_transfer_out(pupil=pupil, to_school=destination, actor=request.user)
                    except RegisterError as exc:
                        raise PermissionDenied(exc.message) from exc
                audit_record_many(
                    actor=request.user,
                    action=AuditEvent.Action.EXPORT,
                    target=AuditEvent.Target.PUPIL_RECORD_CTF,
                    pupils=[pupil],
                    summary=f"Leaver's CTF for LA {lea} establishment {estab}",
                )
            content = ctf_write(pupil.school, [pupil], dest=(lea, estab))
            response = HttpResponse(content, content_type="application/xml")
            response["Content-Disposition"] = (
                "attachment; "
                f'filename="CTF_{pupil.school.local_authority.code}{pupil.school.establishment_number}_{lea}{estab}_{timezone.localdate():%Y%m%d}.xml"'
            )
            return response
    return render(request, "interop/pupil_leaving.html", {"pupil": pupil, "form": form})
