"""The service administrator's pages: local authorities and schools, the GIAS import, a school's
first SENCO or head, and the service's health. Every page is theirs alone (access.py)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from sensupport.accounts.models import SCHOOL_LEADERS
from sensupport.accounts.services import AccountError, school_leader_create
from sensupport.audit.models import AuditEvent
from sensupport.core.forms import add_service_error
from sensupport.organisations.models import LocalAuthority, School
from sensupport.organisations.services import (
    OrganisationError,
    SchoolsImportRejected,
    local_authority_create,
    school_create,
)

from . import services
from .access import service_admin_only
from .forms import GiasUploadForm, LeaderForm, LocalAuthorityForm, SchoolForm
from .health import service_health
from .models import GiasUpload

SESSION_UPLOAD = "administration_gias_upload"
LIST_LIMIT = 200


@service_admin_only
@require_http_methods(["GET"])
def home(request):
    query = " ".join(request.GET.get("q", "").split())[:100]
    authorities = LocalAuthority.objects.annotate(school_count=Count("schools"))
    schools = School.objects.select_related("local_authority").annotate(
        leader_count=Count("staff", filter=Q(staff__role__in=sorted(SCHOOL_LEADERS), staff__is_active=True))
    )
    if query:
        authorities = authorities.filter(Q(name__icontains=query) | Q(code=query))
        schools = schools.filter(
            Q(name__icontains=query)
            | Q(urn=query)
            | Q(local_authority__name__icontains=query)
            | Q(local_authority__code=query)
        )
    return render(
        request,
        "administration/home.html",
        {
            "query": query,
            "authorities": authorities[:LIST_LIMIT],
            "schools": schools[:LIST_LIMIT],
            "school_total": schools.count(),
            "limit": LIST_LIMIT,
        },
    )


def _form_page(request, form, *, title: str, intro: str, button: str):
    return render(request, "administration/form.html", {"form": form, "title": title, "intro": intro, "button": button})


@service_admin_only
@require_http_methods(["GET", "POST"])
def la_create(request):
    form = LocalAuthorityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            authority = local_authority_create(actor=request.user, via=AuditEvent.Via.WEB, **form.cleaned_data)
        except OrganisationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Local authority {authority.name} ({authority.code}) added.")
            return redirect("administration:home")
    return _form_page(
        request,
        form,
        title="Add a local authority",
        button="Add local authority",
        intro="Add one local authority by hand, or load many with their schools from a GIAS file.",
    )


@service_admin_only
@require_http_methods(["GET", "POST"])
def school_create_page(request):
    form = SchoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            school = school_create(actor=request.user, via=AuditEvent.Via.WEB, **form.cleaned_data)
        except OrganisationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{school.name} (URN {school.urn}) added. Now add its SENCO or head teacher.")
            return redirect(f"{reverse('administration:leader_create')}?school={school.urn}")
    return _form_page(
        request,
        form,
        title="Add a school",
        button="Add school",
        intro="The details are the school's entry in Get Information about Schools (GIAS).",
    )


@service_admin_only
@require_http_methods(["GET", "POST"])
def leader_create(request):
    # From the list of schools the school is already chosen (?school=URN); a dropdown of every
    # school in England would not do.
    form = LeaderForm(request.POST or None, initial={"school": request.GET.get("school", "")[:6]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = school_leader_create(
                actor=request.user,
                via=AuditEvent.Via.WEB,
                school=data["school"],
                role=data["role"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except AccountError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                f"{user.display_name} is now {user.get_role_display()} at {user.school.name}. "
                f"We have emailed {user.email} a link to choose a password.",
            )
            return redirect("administration:home")
    chosen = School.objects.filter(urn=request.GET.get("school", "")[:6]).select_related("local_authority").first()
    intro = (
        "They get an email with a link to choose their own password. They can then add the rest of the school's staff."
    )
    if chosen is not None:
        intro = f"For {chosen.name} (URN {chosen.urn}, {chosen.local_authority.name}). {intro}"
    return _form_page(
        request, form, title="Add a school's SENCO or head teacher", button="Add and send invitation", intro=intro
    )


@service_admin_only
@require_http_methods(["GET", "POST"])
def schools_import(request):
    form = GiasUploadForm(request.POST, request.FILES) if request.method == "POST" else GiasUploadForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        created = services.gias_upload_create(actor=request.user, filename=upload.name, content=upload.read())
        request.session[SESSION_UPLOAD] = created.pk
        return redirect("administration:schools_import_preview")
    return render(request, "administration/import_start.html", {"form": form})


def _session_upload(request) -> GiasUpload | None:
    upload_id = request.session.get(SESSION_UPLOAD)
    if not isinstance(upload_id, int):
        return None
    return GiasUpload.objects.filter(pk=upload_id, uploaded_by=request.user).first()


@service_admin_only
@require_http_methods(["GET"])
def schools_import_preview(request):
    upload = _session_upload(request)
    if upload is None:
        messages.info(request, "There is no file waiting to be imported. Upload one.")
        return redirect("administration:schools_import")
    plan = services.gias_upload_plan(upload) if upload.is_pending else None
    return render(request, "administration/import_preview.html", {"upload": upload, "plan": plan})


@service_admin_only
@require_POST
def schools_import_confirm(request):
    upload = _session_upload(request)
    if upload is None:
        messages.info(request, "There is no file waiting to be imported. Upload one.")
        return redirect("administration:schools_import")
    try:
        plan = services.gias_upload_confirm(upload=upload, actor=request.user, via=AuditEvent.Via.IMPORT)
    except services.UploadClosed as closed:
        messages.info(request, str(closed))
        return redirect("administration:schools_import_preview")
    except SchoolsImportRejected as rejected:
        upload.refresh_from_db()
        return render(
            request, "administration/import_preview.html", {"upload": upload, "plan": None, "rejected": rejected}
        )
    messages.success(request, f"{upload.filename} imported: {plan.summary()}.")
    return redirect("administration:schools_import_preview")


@service_admin_only
@require_POST
def schools_import_cancel(request):
    upload = _session_upload(request)
    if upload is not None and upload.is_pending:
        services.gias_upload_close(upload=upload, status=GiasUpload.Status.CANCELLED)
        messages.info(request, f"Import of {upload.filename} cancelled: nothing was changed.")
    request.session.pop(SESSION_UPLOAD, None)
    return redirect("administration:schools_import")


@service_admin_only
@require_http_methods(["GET"])
def health(request):
    return render(request, "administration/health.html", {"health": service_health()})
