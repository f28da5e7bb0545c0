"""The Local Offer's pages. Public (no sign-in): the search, a service, the feedback form. Editors:
the LA's queue, a provider's entries, proposing and deciding changes, categories. Schools: a plan
support line's signpost."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.core.forms import add_service_error

from . import access, rules, selectors, services
from .forms import (
    CategoriesForm,
    EditorForm,
    FeedbackForm,
    ProposeForm,
    ProviderForm,
    RejectForm,
    SearchForm,
    ServiceNewForm,
    SignpostForm,
)
from .models import Provider, Service

PER_PAGE = 20


# ---------------------------------------------------------------- Public pages


def _feedback_form(request, service: Service | None = None) -> FeedbackForm:
    return FeedbackForm(initial={"page": request.get_full_path()[:300], "service": service.pk if service else None})


@login_not_required
@require_GET
def search(request):
    choices = selectors.search_choices()
    form = SearchForm(request.GET or None, choices=choices)
    asked = selectors.Search()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        asked = selectors.Search(
            text=data["q"], need=data["need"], category=data["category"], age=data["age"], area=data["area"]
        )
    searched = form.is_bound
    results = selectors.with_listing_details(selectors.services_matching(asked))
    page = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "local_offer/search.html",
        {
            "form": form,
            "page": page,
            "searched": searched,
            "query": query.urlencode(),
            "feedback_form": _feedback_form(request),
            "today": timezone.localdate(),
        },
    )


@login_not_required
@require_GET
def service(request, service_id):
    found = selectors.published_service(service_id)
    if found is None:
        return render(request, "errors/404.html", status=404)
    return render(
        request,
        "local_offer/service.html",
        {
            "service": found,
            "ages": rules.age_range_text(found.minimum_age, found.maximum_age),
            "stale": rules.is_stale(found.last_checked_on, on=timezone.localdate()),
            "feedback_form": _feedback_form(request, found),
            "may_propose": request.user.is_authenticated and request.user.has_perm("local_offer.propose_change", found),
        },
    )


def _back_to(page: str, request) -> str:
    """Only back to a Local Offer page of this site."""
    if page and url_has_allowed_host_and_scheme(page, allowed_hosts={request.get_host()}, require_https=False):
        try:
            if resolve(page.split("?")[0]).namespace == "local_offer":
                return page
        except Resolver404:
            pass
    return reverse("local_offer:search")


@login_not_required
@require_POST
def feedback(request):
    form = FeedbackForm(request.POST)
    if form.is_valid():
        service = selectors.published_service(form.cleaned_data["service"]) if form.cleaned_data["service"] else None
        try:
            services.feedback_leave(
                actor=request.user,
                page=_back_to(form.cleaned_data["page"], request),
                message=form.cleaned_data["message"],
                service=service,
            )
        except services.LocalOfferError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Thank you for your feedback. The local authority's Local Offer team reads it.")
            return redirect(_back_to(form.cleaned_data["page"], request))
    return render(
        request, "local_offer/feedback.html", {"form": form, "back": _back_to(request.POST.get("page", ""), request)}
    )


# ---------------------------------------------------------------- The LA's editors


@require_GET
def manage(request):
    access.require(request.user, "local_offer.manage")
    return render(
        request,
        "local_offer/manage.html",
        {**selectors.la_dashboard(request.user, on=timezone.localdate()), "stale_after": rules.STALE_AFTER_DAYS},
    )


@require_GET
def change(request, change_id: int):
    found = access.get_change_for_user(request.user, change_id)
    return render(request, "local_offer/change.html", _change_context(found, RejectForm()))


def _change_context(found, reject_form) -> dict:
    current = services.current_values(found.service)
    return {
        "change": found,
        "differences": rules.changed_fields(current, found.proposed),
        "form": reject_form,
    }


@require_POST
def change_approve(request, change_id: int):
    found = access.get_change_for_user(request.user, change_id)
    try:
        services.service_change_approve(actor=request.user, change=found)
    except services.LocalOfferError as exc:
        messages.error(request, exc.message)
        return redirect("local_offer:change", change_id=found.pk)
    messages.success(request, f"Change to {found.service.name} approved and published.")
    return redirect("local_offer:manage")


@require_POST
def change_reject(request, change_id: int):
    found = access.get_change_for_user(request.user, change_id)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.service_change_reject(actor=request.user, change=found, reason=form.cleaned_data["reason"])
        except services.LocalOfferError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Change to {found.service.name} not approved. The provider can see why.")
            return redirect("local_offer:manage")
    return render(request, "local_offer/change.html", _change_context(found, form))


@require_http_methods(["GET", "POST"])
def service_manage(request, service_id):
    found = access.get_service_for_user(request.user, service_id, perm="local_offer.manage")
    form = CategoriesForm(request.POST or None, service=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_categorise(actor=request.user, service=found, term_ids=form.term_ids())
        except services.LocalOfferError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Categories of {found.name} saved.")
            return redirect("local_offer:service_manage", service_id=found.pk)
    return render(
        request,
        "local_offer/service_manage.html",
        {
            "service": found,
            "form": form,
            "stale": rules.is_stale(found.last_checked_on, on=timezone.localdate()),
            "pending": found.changes.filter(state="pending").first(),
            "statuses": Service.Status.choices,
        },
    )


@require_POST
def service_status(request, service_id):
    found = access.get_service_for_user(request.user, service_id, perm="local_offer.manage")
    try:
        services.service_status_set(actor=request.user, service=found, status=request.POST.get("status", ""))
    except services.LocalOfferError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{found.name}: {found.get_status_display().lower()}.")
    return redirect("local_offer:service_manage", service_id=found.pk)


@require_POST
def service_checked(request, service_id):
    found = access.get_service_for_user(request.user, service_id, perm="local_offer.manage")
    services.service_mark_checked(actor=request.user, service=found)
    messages.success(request, f"{found.name} marked as checked today.")
    return redirect("local_offer:service_manage", service_id=found.pk)


# ---------------------------------------------------------------- Providers


@require_GET
def my_services(request):
    access.require(request.user, "local_offer.edit_entries")
    providers = selectors.providers_edited_by(request.user)
    return render(
        request,
        "local_offer/my_services.html",
        {"providers": providers, "stale_before": rules.stale_before(timezone.localdate())},
    )


@require_http_methods(["GET", "POST"])
def propose(request, service_id):
    found = access.get_service_for_user(request.user, service_id, perm="local_offer.propose_change")
    form = ProposeForm(request.POST or None, initial=services.current_values(found))
    if request.method == "POST" and form.is_valid():
        try:
            services.service_change_propose(
                actor=request.user, service=found, proposed=form.proposal(), note=form.cleaned_data["note"]
            )
        except services.LocalOfferError as exc:
            add_service_error(form, exc)
        else:
            if request.user.has_perm("local_offer.manage", found):
                messages.success(request, f"{found.name} changed and published.")
                return redirect("local_offer:service_manage", service_id=found.pk)
            messages.success(request, "Change sent to the local authority. It is published once they approve it.")
            return redirect("local_offer:my_services")
    return render(
        request,
        "local_offer/propose.html",
        {"service": found, "form": form, "pending": found.changes.filter(state="pending").first()},
    )


# ---------------------------------------------------------------- A plan's support line


@require_http_methods(["GET", "POST"])
def signpost(request, pupil_id: int, provision_id: int):
    line = access.get_line_for_user(request.user, pupil_id, provision_id)
    pupil = line.plan.pupil
    text = request.GET.get("q", "").strip()[:100]
    options = Service.objects.published().select_related("provider").order_by("name")
    if text:
        options = options.filter(Q(name__icontains=text) | Q(description__icontains=text))
    options = list(options[:50])
    current = getattr(line, "local_offer_signpost", None)
    if current is not None and current.service not in options:
        options.insert(0, current.service)
    form = SignpostForm(
        request.POST or None, services=options, initial={"service": str(current.service_id) if current else None}
    )
    if request.method == "POST" and request.POST.get("remove"):
        services.signpost_remove(actor=request.user, provision=line)
        messages.success(request, "Signpost removed.")
        return redirect("plans:plan", pupil_id=pupil.pk, plan_id=line.plan_id)
    if request.method == "POST" and form.is_valid():
        chosen = Service.objects.get(pk=form.cleaned_data["service"])
        try:
            services.signpost_set(actor=request.user, provision=line, service=chosen)
        except services.LocalOfferError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Support signposted to {chosen.name}.")
            return redirect("plans:plan", pupil_id=pupil.pk, plan_id=line.plan_id)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        target=AuditEvent.Target.PLAN_PROVISION,
        pupil=pupil,
        target_id=line.pk,
        summary="Signpost to the Local Offer form",
        via=AuditEvent.Via.WEB,
    )
    return render(
        request,
        "local_offer/signpost.html",
        {"pupil": pupil, "line": line, "form": form, "q": text, "current": current},
    )


# ---------------------------------------------------------------- The LA's directory: providers, entries, editors


@require_http_methods(["GET", "POST"])
def provider_new(request):
    access.require(request.user, "local_offer.manage")
    form = ProviderForm(request.POST or None, local_authority_id=request.user.local_authority_id)
    if request.method == "POST" and form.is_valid():
        try:
            provider = services.provider_create(actor=request.user, **form.cleaned_data)
        except services.LocalOfferError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{provider.name} added. Add its services and its editors.")
            return redirect("local_offer:provider", provider_id=provider.pk)
    return render(request, "local_offer/provider_new.html", {"form": form})


@require_http_methods(["GET", "POST"])
def service_new(request):
    access.require(request.user, "local_offer.manage")
    providers = list(Provider.objects.filter(local_authority_id=request.user.local_authority_id).order_by("name"))
    form = ServiceNewForm(request.POST or None, providers=providers, initial={"provider": request.GET.get("provider")})
    if request.method == "POST" and form.is_valid():
        provider = next(p for p in providers if str(p.pk) == form.cleaned_data["provider"])
        try:
            service = services.service_create(
                actor=request.user, provider=provider, details=form.proposal(), location=form.location()
            )
        except services.LocalOfferError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{service.name} added and published. Now choose its categories and needs.")
            return redirect("local_offer:service_manage", service_id=service.pk)
    return render(request, "local_offer/service_new.html", {"form": form})


@require_http_methods(["GET", "POST"])
def provider(request, provider_id):
    found = access.get_provider_for_user(request.user, provider_id)
    form = EditorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.provider_editor_add(actor=request.user, provider=found, **form.cleaned_data)
        except services.LocalOfferError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{membership.user.display_name} can now propose changes to these entries.")
            return redirect("local_offer:provider", provider_id=found.pk)
    return render(
        request,
        "local_offer/provider.html",
        {
            "provider": found,
            "form": form,
            "services": found.services.order_by("name"),
            "editors": found.editor_memberships.select_related("user").order_by("user__last_name"),
        },
    )


@require_POST
def provider_editor_remove(request, provider_id, membership_id: int):
    found = access.get_provider_for_user(request.user, provider_id)
    membership = found.editor_memberships.filter(pk=membership_id).select_related("user", "provider").first()
    if membership is None:
        return render(request, "errors/404.html", status=404)
    services.provider_editor_remove(actor=request.user, membership=membership)
    messages.success(request, f"{membership.user.display_name} no longer edits these entries.")
    return redirect("local_offer:provider", provider_id=found.pk)
