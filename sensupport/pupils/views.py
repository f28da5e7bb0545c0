"""Register pages. Views are thin: fetch through access, validate with a form, call a service."""

from __future__ import annotations

from functools import lru_cache

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sensupport.audit.models import AuditEvent
from sensupport.audit.selectors import audit_events_for_pupil, pupil_record_viewers
from sensupport.audit.services import audit_record, audit_record_many
from sensupport.core.forms import add_service_error
from sensupport.plans.coverage import plan_labels
from sensupport.plans.selectors import current_and_draft_plan, plan_summaries

from . import codes, exports, selectors, services
from .access import get_concern_for_user, get_pupil_for_user
from .forms import (
    ConcernDecisionForm,
    ConcernForm,
    ConcernNoteForm,
    NeedsForm,
    ParentConversationForm,
    RegisterFilterForm,
    StatusChangeForm,
)
from .models import YEAR_GROUP_CHOICES
from .register_rows import ids_url, register_rows
from .sections import pupil_page_sections, uses_family_portal

PAGE_SIZE = selectors.REGISTER_PAGE_SIZE


def _filters(request, groups, counts=None) -> tuple[RegisterFilterForm, selectors.RegisterFilters, int]:
    """The register's filter form, the filters, and how many pupils there are unfiltered.
    `counts` (the whole school's, when the viewer sees it) already says which year groups there
    are; otherwise they are read with the viewer's schools and their number."""
    if counts is not None:
        year_groups, schools, total = counts.year_groups, [], counts.total_pupils
    else:
        choices = selectors.register_choices(request.user)
        year_groups, schools, total = choices.years, choices.schools, choices.total
    form = RegisterFilterForm(request.GET or None, groups=groups, year_groups=year_groups, schools=schools)
    if form.is_bound and form.is_valid():
        return form, form.register_filters(), total
    return form, selectors.RegisterFilters(), total


def _frozen(value):
    """Choices as a cache key: lists (and optgroups' lists) become tuples."""
    return tuple(_frozen(v) for v in value) if isinstance(value, list | tuple) else value


# The filter form's fields whose choices come from the database (the rest are fixed in the form).
_DATA_CHOICES = ("group", "year_group", "school")


def filter_fields_html(form: RegisterFilterForm, *, show_schools: bool) -> str:
    """The register's filter fields as HTML. They are a function of what they show (the values
    submitted, the choices offered), so each combination is rendered once per process: the seven
    GOV.UK fields were a third of the register's time outside the database (issue 14)."""
    data = tuple((name, tuple(form.data.getlist(name))) for name in form.fields if name in form.data)
    choices = tuple(_frozen(form.fields[name].choices) for name in _DATA_CHOICES)
    return _render_filter_fields(form.is_bound, data, choices, show_schools)


@lru_cache(maxsize=512)
def _render_filter_fields(bound: bool, data: tuple, choices: tuple, show_schools: bool) -> str:
    query = QueryDict(mutable=True)
    for name, values in data:
        query.setlist(name, list(values))
    form = RegisterFilterForm(query if bound else None)
    for name, field_choices in zip(_DATA_CHOICES, choices, strict=True):
        form.fields[name].choices = field_choices
    return render_to_string("pupils/includes/register_filters.html", {"form": form, "show_schools": show_schools})


def counts_html(counts: selectors.RegisterCounts) -> str:
    """The register in numbers (the school's figures beside England's), rendered once per set of
    figures: they change only when a pupil's status or need does (issue 14)."""
    return _render_counts(counts.key())


@lru_cache(maxsize=512)
def _render_counts(key: tuple) -> str:
    counts = selectors.RegisterCounts.from_key(key)
    return render_to_string(
        "pupils/includes/register_counts.html", {"counts": counts, "national": selectors.national_figures()}
    )


YEAR_LABELS = dict(YEAR_GROUP_CHOICES)


class RegisterPaginator(Paginator):
    """The first pages are read straight from the register's index (school, surname, forename, id:
    LIMIT and OFFSET, a few hundred index entries). A later page first finds its 50 ids by that
    index alone, then reads those 50 full rows (with the school and EHC summary joined) by id: an
    OFFSET over the full rows would join every row it skips (the last page of 5,000 pupils took
    7 ms that way, against under 1 ms for the first; bench/profile_pages.py)."""

    DIRECT_UP_TO = 500  # rows skipped: below this, LIMIT and OFFSET on the full rows

    def page(self, number):
        pupils = self.object_list
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if pupils.query.distinct or bottom < self.DIRECT_UP_TO:  # DISTINCT over joined filters, or an early page
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(pupils.values_list("pk", flat=True)[bottom:top])
        return self._get_page(pupils.filter(pk__in=ids), number, self)


def register(request):
    user = request.user
    if uses_family_portal(user.role):
        return redirect("portal:home")  # a family's list of their children is in the portal
    if not user.has_perm("pupils.view_register"):
        raise PermissionDenied
    groups = selectors.groups_for_filter(user)
    counts = selectors.register_counts(user) if user.is_school_staff and user.sees_whole_school else None
    form, filters, total = _filters(request, groups, counts)
    pupils = selectors.register_page_selection(user, filters)
    paginator = RegisterPaginator(pupils, PAGE_SIZE)
    if counts is not None and (known := selectors.count_from_counts(filters, counts)) is not None:
        paginator.count = known  # the counts already hold it: no second COUNT(*) over the school
    elif filters == selectors.RegisterFilters():
        paginator.count = total  # unfiltered: the filter's choices counted the pupils already
    page = paginator.get_page(request.GET.get("page"))  # lazy: its rows are read below
    first = None
    if page.number == 1 and filters == selectors.RegisterFilters():
        first = selectors.whole_school_first_page(user)  # the most common view, compiled once
    rows_in = page.object_list if first is None else first
    shown = page.object_list = selectors.register_page_rows(rows_in)  # values in, RegisterRows out
    summaries = plan_summaries(shown)
    for pupil in shown:
        pupil.plan_summary = summaries.get(pupil.pk)
        pupil.year_label = YEAR_LABELS.get(pupil.year_group, pupil.year_group)
    show = pupil_page_sections(user.role)  # the register's columns follow the pupil page's parts
    show_schools = len(form.fields["school"].choices) > 1  # an LA officer's or professional's pupils span schools
    rows = register_rows(
        shown,
        pupil_url=ids_url("pupils:pupil", 1),
        plan_url=ids_url("plans:plan", 2),
        show_classes=show.classes,
        show_concerns=show.concerns,
        show_schools=show_schools,
    )
    audit_record(
        actor=user,
        action=AuditEvent.Action.LIST,
        target=AuditEvent.Target.SEN_REGISTER,
        school=user.school,
        summary=f"Register page {page.number} ({len(shown)} pupils shown)",
    )
    if filters.q:
        # Browsing the register is one list row. A search (by UPN or name) looks a particular
        # child up, so each pupil it surfaced on this page gets a row of their own.
        audit_record_many(
            actor=user,
            action=AuditEvent.Action.LIST,
            target=AuditEvent.Target.PUPIL_RECORD_REGISTER_SEARCH,
            pupils=shown,
            summary=f"Found by searching the register for '{filters.q.strip()[:100]}'",
        )
    return render(
        request,
        "pupils/register.html",
        {
            "form": form,
            "filter_fields": filter_fields_html(form, show_schools=show_schools),
            "page": page,
            "rows": rows,
            "counts": counts,
            "counts_html": counts_html(counts) if counts is not None else "",
            "show": show,
            "show_schools": show_schools,
            "columns": 5 + show.classes + show.concerns + show_schools,  # the register table's, for its empty row
        },
    )


def _family_links(user, pupil) -> dict:
    """The pupil page is the hub: it links to the family's messages (with what is unread)."""
    from sensupport.family.selectors import unread_count

    can_message = user.has_perm("family.message_family", pupil)
    return {
        "can_message": can_message,
        "unread_from_family": unread_count(pupil, for_family=False) if can_message else 0,
    }


def register_export(request, fmt: str):
    user = request.user
    if fmt not in ("csv", "xlsx"):
        raise Http404("Export as csv or xlsx")
    if not user.has_perm("pupils.export_register"):
        raise PermissionDenied
    groups = selectors.groups_for_filter(user)
    _, filters, _total = _filters(request, groups)
    pupils = list(selectors.register_pupils(user, filters))
    labels = plan_labels(pupils)
    for pupil in pupils:
        pupil.plan_label = labels[pupil.pk]
    audit_record_many(
        actor=user,
        action=AuditEvent.Action.EXPORT,
        target=AuditEvent.Target.PUPIL_RECORD_REGISTER_EXPORT,
        pupils=pupils,
        summary=f"Register exported as {fmt}",
    )
    stamp = timezone.localdate().isoformat()
    school = user.school.urn if user.school_id else "register"
    if fmt == "csv":
        response = HttpResponse(exports.register_csv(pupils), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.register_xlsx(pupils),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="sen-register-{school}-{stamp}.{fmt}"'
    return response


def pupil_detail(request, pupil_id: int):
    """The staff page for one pupil. Which parts a role sees is decided in pupils/sections.py;
    parents, carers and young people are sent to their own page in the family portal."""
    user = request.user
    pupil = get_pupil_for_user(user, pupil_id)
    if uses_family_portal(user.role):
        return redirect("portal:child", pupil_id=pupil.pk)
    show = pupil_page_sections(user.role)
    audit_record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.PUPIL_RECORD,
        target_id=pupil.pk,
    )
    current, draft = None, None
    if show.plan:
        current, draft = current_and_draft_plan(pupil, with_draft=user.has_perm("plans.view_draft", pupil))
    context = {
        "pupil": pupil,
        "show": show,
        **selectors.pupil_record(pupil, show),
        # What the user may do here is asked in the template: {% has_perm "app.perm" user pupil %}.
        "current_plan": current,
        "draft_plan": draft,
        **(_family_links(user, pupil) if show.with_the_family else {}),
    }
    return render(request, "pupils/pupil_detail.html", context)


def audit_form_read(request, pupil, target: AuditEvent.Target) -> None:
    """A form page shows the pupil (and often their current needs): a read, like the pupil page."""
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, pupil=pupil, target=target, target_id=pupil.pk)


@require_http_methods(["GET", "POST"])
def concern_raise(request, pupil_id: int):
    pupil = get_pupil_for_user(request.user, pupil_id, perm="pupils.raise_concern")
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            concern = services.concern_raise(pupil=pupil, actor=request.user, **form.cleaned_data)
        except services.RegisterError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                "Concern recorded."
                if request.user.has_perm("pupils.triage_concern", pupil)
                else "Concern recorded. It is on the SENCO's list of open concerns, who will look into it.",
            )
            return redirect("pupils:concern", pupil_id=pupil.pk, concern_id=concern.pk)
    audit_form_read(request, pupil, AuditEvent.Target.CONCERN_FORM)
    return render(request, "pupils/concern_form.html", {"pupil": pupil, "form": form})


@require_http_methods(["GET", "POST"])
def concern_detail(request, pupil_id: int, concern_id: int):
    user = request.user
    concern = get_concern_for_user(user, pupil_id, concern_id, perm="pupils.view_concern")
    pupil = concern.pupil
    audit_record(
        actor=user, action=AuditEvent.Action.VIEW, pupil=pupil, target=AuditEvent.Target.CONCERN, target_id=concern.pk
    )
    can_triage = user.has_perm("pupils.triage_concern", pupil)
    note_form = ConcernNoteForm(prefix="note")
    decision_form = ConcernDecisionForm(
        prefix="decide", initial=ConcernDecisionForm.initial_from(pupil.needs.filter(end_date__isnull=True))
    )
    if request.method == "POST":
        if not can_triage and not (
            request.POST.get("action") == "note" and user.has_perm("pupils.raise_concern", pupil)
        ):
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "note":
                note_form = ConcernNoteForm(request.POST, prefix="note")
                if note_form.is_valid():
                    services.concern_note_add(concern=concern, actor=user, **note_form.cleaned_data)
                    messages.success(request, "Added to the concern.")
                    return redirect("pupils:concern", pupil_id=pupil.pk, concern_id=concern.pk)
            elif action == "decide":
                decision_form = ConcernDecisionForm(request.POST, prefix="decide")
                if decision_form.is_valid():
                    data = decision_form.cleaned_data
                    services.concern_decide(
                        concern=concern,
                        actor=user,
                        decision=data["decision"],
                        notes=data["notes"],
                        needs=decision_form.ranked_needs(),
                        start_date=data.get("start_date"),
                    )
                    messages.success(request, "Decision recorded.")
                    return redirect("pupils:pupil", pupil_id=pupil.pk)
        except services.RegisterError as exc:
            target = note_form if action == "note" else decision_form
            target.add_error(None, exc.message)
    return render(
        request,
        "pupils/concern_detail.html",
        {
            "pupil": pupil,
            "concern": concern,
            "notes": concern.notes.select_related("author"),
            "conversations": pupil.parent_conversations.all(),
            "note_form": note_form,
            "decision_form": decision_form,
            "can_triage": can_triage,
        },
    )


@require_http_methods(["GET", "POST"])
def parent_conversation_new(request, pupil_id: int):
    pupil = get_pupil_for_user(request.user, pupil_id, perm="pupils.record_parent_conversation")
    form = ParentConversationForm(
        request.POST or None, initial={"held_on": timezone.localdate(), "purpose": request.GET.get("purpose", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.parent_conversation_record(pupil=pupil, actor=request.user, **form.cleaned_data)
        except services.RegisterError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Conversation with the parents recorded.")
            back = _safe_local(request, request.POST.get("next", ""), pupil)
            return redirect(back) if back else redirect("pupils:pupil", pupil.pk)
    audit_form_read(request, pupil, AuditEvent.Target.PARENT_CONVERSATION_FORM)
    return render(
        request,
        "pupils/parent_conversation_form.html",
        {"pupil": pupil, "form": form, "next": _safe_local(request, request.GET.get("next", ""), pupil) or ""},
    )


def _safe_local(request, target: str, pupil) -> str | None:
    """`next` if it is one of this pupil's pages on this site, else None: never a way off-site."""
    from django.utils.http import url_has_allowed_host_and_scheme

    on_site = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if on_site and target.startswith(reverse("pupils:pupil", kwargs={"pupil_id": pupil.pk})) else None


@require_http_methods(["GET", "POST"])
def status_change(request, pupil_id: int):
    pupil = get_pupil_for_user(request.user, pupil_id, perm="pupils.change_sen_status")
    current = pupil.needs.filter(end_date__isnull=True)
    initial = {"version": pupil.version, **StatusChangeForm.initial_from(current)}
    form = StatusChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.pupil_status_change(
                pupil=pupil,
                status=data["status"],
                start_date=data["start_date"],
                actor=request.user,
                reason=data["reason"],
                needs=form.ranked_needs(),
                expected_version=data["version"],
            )
        except services.RegisterError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{pupil.display_name} is now recorded as {codes.STATUS_LABELS[data['status']]}.")
            return redirect("pupils:pupil", pupil_id=pupil.pk)
    audit_form_read(request, pupil, AuditEvent.Target.SEN_STATUS_FORM)
    return render(request, "pupils/status_form.html", {"pupil": pupil, "form": form})


@require_http_methods(["GET", "POST"])
def needs_edit(request, pupil_id: int):
    pupil = get_pupil_for_user(request.user, pupil_id, perm="pupils.change_sen_status")
    current = pupil.needs.filter(end_date__isnull=True)
    form = NeedsForm(request.POST or None, initial={"version": pupil.version, **NeedsForm.initial_from(current)})
    if request.method == "POST" and form.is_valid():
        try:
            services.pupil_needs_set(
                pupil=pupil,
                needs=form.ranked_needs(),
                actor=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except services.RegisterError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Needs updated.")
            return redirect("pupils:pupil", pupil_id=pupil.pk)
    audit_form_read(request, pupil, AuditEvent.Target.NEEDS_FORM)
    return render(request, "pupils/needs_form.html", {"pupil": pupil, "form": form})


def audit_trail(request, pupil_id: int):
    pupil = get_pupil_for_user(request.user, pupil_id, perm="pupils.view_audit_trail")
    # Recorded before it is read, so the trail shows this look at it too.
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.AUDIT_TRAIL,
        target_id=pupil.pk,
    )
    return render(
        request,
        "pupils/audit_trail.html",
        {"pupil": pupil, "viewers": pupil_record_viewers(pupil), "events": audit_events_for_pupil(pupil)},
    )
