"""School set-up: a school manages its own staff, classes and groups, and pupils' parents and
carers. Views are thin: access, form, service, redirect. Who may: accounts/permissions.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from sensupport.accounts import services as accounts
from sensupport.accounts.models import SCHOOL_ROLES, User
from sensupport.core.forms import add_service_error
from sensupport.pupils import services as register
from sensupport.pupils.access import get_pupil_for_user
from sensupport.pupils.codes import is_ascii_digits
from sensupport.pupils.models import YEAR_GROUP_CHOICES, Pupil, TeachingGroup

from .access import get_contact_for_user, get_group_for_user, get_staff_for_user, require
from .forms import ContactEndForm, ContactForm, GroupForm, NewContactForm, NewStaffForm, StaffForm


def _do_and_say(request, action, refusal, success: str) -> None:
    """Run a service from a button; say that it worked, or why it was refused."""
    try:
        action()
    except refusal as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)


def home(request):
    user = request.user
    if not (user.has_perm("accounts.manage_staff") or user.has_perm("pupils.manage_groups")):
        raise PermissionDenied
    return render(request, "schooladmin/home.html", {"school": user.school})


# ---- Staff


def staff_list(request):
    user = request.user
    require(user, "accounts.manage_staff")
    staff = User.objects.filter(school_id=user.school_id, role__in=sorted(SCHOOL_ROLES)).order_by(
        "-is_active", "last_name", "first_name"
    )
    with_device = set(TOTPDevice.objects.filter(user__in=staff, confirmed=True).values_list("user_id", flat=True))
    return render(
        request,
        "schooladmin/staff_list.html",
        {
            "school": user.school,
            "staff": staff,
            "with_device": with_device,
            "security_link": user.has_perm("accounts.view_school_security"),
        },
    )


@require_http_methods(["GET", "POST"])
def staff_add(request):
    user = request.user
    require(user, "accounts.manage_staff")
    form = NewStaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = accounts.staff_create(actor=user, **form.cleaned_data)
        except accounts.AccountError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, f"{new.display_name} added. We have emailed {new.email} a link to choose a password."
            )
            return redirect("schooladmin:staff")
    return render(request, "schooladmin/staff_form.html", {"form": form, "adding": True})


@require_http_methods(["GET", "POST"])
def staff_edit(request, staff_id: int):
    user = request.user
    staff = get_staff_for_user(user, staff_id)
    form = StaffForm(
        request.POST or None, initial={"first_name": staff.first_name, "last_name": staff.last_name, "role": staff.role}
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = accounts.staff_update(actor=user, staff=staff, **form.cleaned_data)
        except accounts.AccountError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{staff.display_name}'s details saved." if changed else "Nothing was changed.")
            return redirect("schooladmin:staff")
    return render(
        request, "schooladmin/staff_form.html", {"form": form, "staff": staff, "is_self": staff.pk == user.pk}
    )


@require_POST
def staff_active(request, staff_id: int):
    """Switch an account off or back on (the buttons on the staff page)."""
    user = request.user
    staff = get_staff_for_user(user, staff_id)
    switch_on = request.POST.get("active") == "on"
    try:
        if switch_on:
            accounts.staff_reactivate(actor=user, staff=staff)
            messages.success(request, f"{staff.display_name}'s account is switched back on. They can sign in again.")
        else:
            accounts.staff_deactivate(actor=user, staff=staff)
            messages.success(
                request, f"{staff.display_name}'s account is switched off. They cannot sign in; their history is kept."
            )
    except accounts.AccountError as exc:
        messages.error(request, exc.message)
        return redirect("schooladmin:staff_edit", staff_id=staff.pk)
    return redirect("schooladmin:staff")


@require_POST
def staff_invite(request, staff_id: int):
    """Send a new link to choose a password."""
    staff = get_staff_for_user(request.user, staff_id)
    _do_and_say(
        request,
        lambda: accounts.staff_invite(actor=request.user, staff=staff),
        accounts.AccountError,
        f"We have emailed {staff.email} a new link to choose a password.",
    )
    return redirect("schooladmin:staff_edit", staff_id=staff.pk)


# ---- Classes, sets and intervention groups


def group_list(request):
    user = request.user
    require(user, "pupils.manage_groups")
    groups = (
        TeachingGroup.objects.filter(school_id=user.school_id)
        .prefetch_related("staff")
        .annotate(pupil_count=Count("pupils", distinct=True))
        .order_by("year_group", "name")
    )
    return render(request, "schooladmin/group_list.html", {"school": user.school, "groups": groups})


@require_http_methods(["GET", "POST"])
def group_add(request):
    user = request.user
    require(user, "pupils.manage_groups")
    form = GroupForm(request.POST or None, initial={"kind": TeachingGroup.Kind.CLASS})
    if request.method == "POST" and form.is_valid():
        try:
            group = register.group_create(actor=user, **form.cleaned_data)
        except register.RegisterError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{group.name} added. Now choose its staff and pupils.")
            return redirect("schooladmin:group_members", group_id=group.pk)
    return render(request, "schooladmin/group_form.html", {"form": form, "adding": True})


@require_http_methods(["GET", "POST"])
def group_edit(request, group_id: int):
    user = request.user
    group = get_group_for_user(user, group_id)
    form = GroupForm(
        request.POST or None, initial={"name": group.name, "kind": group.kind, "year_group": group.year_group}
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = register.group_update(actor=user, group=group, **form.cleaned_data)
        except register.RegisterError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{form.cleaned_data['name']} saved." if changed else "Nothing was changed.")
            return redirect("schooladmin:groups")
    return render(request, "schooladmin/group_form.html", {"form": form, "group": group})


def _ids(values) -> set[int]:
    """The row ids ticked on a form: anything else (other scripts' digits, a number too large for
    an id column) names no row and is dropped."""
    return {int(v) for v in values if is_ascii_digits(str(v)) and len(str(v)) <= 18}


@require_http_methods(["GET", "POST"])
def group_members(request, group_id: int):
    """The group's staff and pupils, as checkboxes. Pupils can be filtered by year group (a large
    school): pupils not shown keep their membership as it was."""
    user = request.user
    group = get_group_for_user(user, group_id)
    years = dict(YEAR_GROUP_CHOICES)
    year = request.GET.get("year", group.year_group or "")
    year = year if year in years else ""
    school_pupils = Pupil.objects.filter(school_id=group.school_id)
    shown = school_pupils.filter(year_group=year) if year else school_pupils
    staff = User.objects.filter(school_id=group.school_id, is_active=True, role__in=sorted(SCHOOL_ROLES)).order_by(
        "last_name", "first_name"
    )
    if request.method == "POST":
        members = set(group.pupils.values_list("pk", flat=True))
        on_page = _ids(request.POST.getlist("shown")) & set(shown.values_list("pk", flat=True))
        wanted_pupils = (members - on_page) | (_ids(request.POST.getlist("pupils")) & on_page)
        # Switched-off members are not listed, and stay members (back when switched on again).
        wanted_staff = (_ids(request.POST.getlist("staff")) & set(staff.values_list("pk", flat=True))) | set(
            group.staff.filter(is_active=False).values_list("pk", flat=True)
        )
        try:
            staff_changes = register.group_staff_set(
                actor=user, group=group, staff=list(User.objects.filter(pk__in=wanted_staff))
            )
            pupil_changes = register.group_pupils_set(
                actor=user, group=group, pupils=list(school_pupils.filter(pk__in=wanted_pupils))
            )
        except register.RegisterError as exc:
            messages.error(request, exc.message)
        else:
            added, removed = len(pupil_changes["added"]), len(pupil_changes["removed"])
            staff_changed = bool(staff_changes["added"] or staff_changes["removed"])
            messages.success(
                request,
                f"{group.name} saved: {added} pupil{'s' if added != 1 else ''} added, {removed} removed"
                + (", staff changed." if staff_changed else "."),
            )
            return redirect("schooladmin:groups")
    return render(
        request,
        "schooladmin/group_members.html",
        {
            "group": group,
            "staff": staff,
            "pupils": shown.order_by("surname", "forename"),
            "year": year,
            "year_label": years.get(year, ""),
            "year_choices": [("", "All year groups")] + YEAR_GROUP_CHOICES,
            "staff_ids": set(group.staff.values_list("pk", flat=True)),
            "pupil_ids": set(group.pupils.values_list("pk", flat=True)),
        },
    )


# ---- A pupil's parents and carers


def contact_list(request, pupil_id: int):
    pupil = get_pupil_for_user(request.user, pupil_id, perm="pupils.manage_contacts")
    links = pupil.parent_links.select_related("parent").order_by("ended_at", "parent__last_name", "parent__first_name")
    return render(request, "schooladmin/contact_list.html", {"pupil": pupil, "links": links})


@require_http_methods(["GET", "POST"])
def contact_add(request, pupil_id: int):
    pupil = get_pupil_for_user(request.user, pupil_id, perm="pupils.manage_contacts")
    form = NewContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            link = register.contact_add(actor=request.user, pupil=pupil, **form.cleaned_data)
        except register.RegisterError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, f"{link.parent.display_name} added as {pupil.display_name}'s {link.relationship.lower()}."
            )
            return redirect("schooladmin:contacts", pupil_id=pupil.pk)
    return render(request, "schooladmin/contact_form.html", {"pupil": pupil, "form": form, "adding": True})


@require_http_methods(["GET", "POST"])
def contact_edit(request, pupil_id: int, contact_id: int):
    link = get_contact_for_user(request.user, pupil_id, contact_id)
    pupil = link.pupil
    form = ContactForm(
        request.POST or None,
        initial={
            "relationship": link.relationship,
            "has_parental_responsibility": "yes" if link.has_parental_responsibility else "no",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = register.contact_update(actor=request.user, link=link, **form.cleaned_data)
        except register.RegisterError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, f"{link.parent.display_name}'s details saved." if changed else "Nothing was changed."
            )
            return redirect("schooladmin:contacts", pupil_id=pupil.pk)
    return render(request, "schooladmin/contact_form.html", {"pupil": pupil, "form": form, "link": link})


@require_http_methods(["GET", "POST"])
def contact_end(request, pupil_id: int, contact_id: int):
    link = get_contact_for_user(request.user, pupil_id, contact_id)
    pupil = link.pupil
    form = ContactEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            register.contact_end(actor=request.user, link=link, ended_on=form.cleaned_data["ended_on"])
        except register.RegisterError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                f"{link.parent.display_name} is no longer linked to {pupil.display_name}. They no longer see "
                f"{pupil.display_name}'s record.",
            )
            return redirect("schooladmin:contacts", pupil_id=pupil.pk)
    return render(request, "schooladmin/contact_end.html", {"pupil": pupil, "form": form, "link": link})


@require_POST
def contact_invite(request, pupil_id: int, contact_id: int):
    link = get_contact_for_user(request.user, pupil_id, contact_id)
    _do_and_say(
        request,
        lambda: register.parent_invite(actor=request.user, link=link),
        register.RegisterError,
        f"We have emailed {link.parent.display_name} an invitation to sign in.",
    )
    return redirect("schooladmin:contacts", pupil_id=link.pupil_id)
