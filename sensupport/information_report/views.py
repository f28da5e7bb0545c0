"""The SEN information report: the school's editing pages (SENCO and head), then the public ones."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from sensupport.core.forms import add_service_error

from . import schedule, selectors, services
from .forms import ItemForm


def _school_of(user):
    if not user.has_perm("information_report.edit_report"):
        raise PermissionDenied
    return user.school


@require_http_methods(["GET"])
def edit(request):
    school = _school_of(request.user)
    report = selectors.report_of(school)
    found = selectors.versions(report)
    current = found[0] if found else None
    words = selectors.current_words(school)
    return render(
        request,
        "information_report/edit.html",
        {
            "school": school,
            "report": report,
            "sections": selectors.sections(words, selectors.figures(school, today=timezone.localdate())),
            "versions": found,
            "current": current,
            "unpublished_changes": bool(current and current.words != words),
            "review_due": schedule.review_due(timezone.localdate(current.published_at)) if current else None,
            "local_offer_url": selectors.local_offer_url(school),
        },
    )


@require_http_methods(["GET", "POST"])
def item_edit(request, item: str):
    school = _school_of(request.user)
    found = schedule.BY_KEY.get(item)
    if found is None:
        raise Http404("No such item in Schedule 1")
    report = selectors.report_of(school)
    form = ItemForm(
        request.POST or None,
        initial={
            "words": selectors.current_words(school)[found.key],
            "edit_version": report.edit_version if report else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.report_item_update(
                actor=request.user,
                school=school,
                key=found.key,
                words=form.cleaned_data["words"],
                expected_edit_version=form.cleaned_data["edit_version"],
            )
        except services.InformationReportError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"“{found.title}” saved. Publish the report when it is ready.")
            return redirect("information_report:edit")
    return render(
        request,
        "information_report/item_edit.html",
        {
            "school": school,
            "item": found,
            "form": form,
            "section": {"item": found, "figures": selectors.figures(school, today=timezone.localdate()).get(item, [])},
        },
    )


@require_POST
def publish(request):
    school = _school_of(request.user)
    try:
        version = services.report_publish(actor=request.user, school=school)
    except services.InformationReportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Version {version.number} published: anyone can read it now.")
    return redirect("information_report:edit")


def _published(urn: str, number: int | None = None):
    school = selectors.published_school(urn)
    version = selectors.published_version(school, number) if school else None
    if version is None:
        raise Http404("No published SEN information report")
    return school, version


@login_not_required
@require_http_methods(["GET"])
def public_report(request, urn: str):
    school, version = _published(urn)
    today = timezone.localdate()
    return render(
        request,
        "information_report/public.html",
        {
            "school": school,
            "version": version,
            "current": version,
            "sections": selectors.sections(version.words, selectors.figures(school, today=today)),
            "figures_on": today,
            "versions": selectors.versions(version.report),
            "local_offer_url": selectors.local_offer_url(school),
        },
    )


@login_not_required
@require_http_methods(["GET"])
def public_version(request, urn: str, version: int):
    school, current = _published(urn)
    _, found = _published(urn, version)
    return render(
        request,
        "information_report/public.html",
        {
            "school": school,
            "version": found,
            "current": current,
            "sections": selectors.sections(found.words, found.figures),
            "figures_on": timezone.localdate(found.published_at),
            "versions": selectors.versions(found.report),
            "local_offer_url": selectors.local_offer_url(school),
        },
    )
