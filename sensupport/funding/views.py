"""The school's SEN money: the element 2 monitor, the budget, top-up requests; the LA's list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record, audit_record_many
from sensupport.core.forms import add_service_error
from sensupport.pupils.access import get_pupil_for_user

from . import charts, rules, selectors, services
from .access import get_topup_for_user
from .forms import ActivityFormSet, BudgetForm, DecisionForm, StrategyForm, TopUpForm


def _require(user, perm: str) -> None:
    if not user.has_perm(perm) or (perm != "funding.view_la_requests" and not user.school_id):
        raise PermissionDenied


@require_http_methods(["GET"])
def element2(request):
    _require(request.user, "funding.view_element2")
    start = selectors.financial_year_start(timezone.localdate())
    watch = selectors.element2_watch(school_id=request.user.school_id, financial_year_start=start)
    if watch.shown:
        audit_record_many(
            actor=request.user,
            action=AuditEvent.Action.LIST,
            target=AuditEvent.Target.ELEMENT_2_MONITOR,
            pupils=watch.shown,
            summary=f"Element 2 monitor, {selectors.year_label(start)}",
        )
    return render(request, "funding/element2.html", {"watch": watch, "year": selectors.year_label(start)})


def _year(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", ""))
        return selectors.financial_year_start(timezone.datetime(year, 4, 1).date())
    except (TypeError, ValueError, OverflowError):
        return selectors.financial_year_start(today)


@require_http_methods(["GET", "POST"])
def budget(request):
    _require(request.user, "funding.manage_budget")
    school = request.user.school
    start = _year(request)
    found = selectors.school_budget(school_id=school.pk, financial_year_start=start)
    initial = (
        {"notional_sen_budget": found.budget.notional_sen_budget, "imf_allocation": found.budget.imf_allocation}
        if found.budget
        else None
    )
    form = BudgetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_set(actor=request.user, school=school, financial_year_start=start, **form.cleaned_data)
        except services.FundingError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"SEN budget for {found.label} saved.")
            return redirect(f"{request.path}?year={start.year}")
    bars = [("Committed to support", found.committed), ("Spent so far", found.spent)]
    marker = ("Budget", found.position.available) if found.position else None
    lines_chart = charts.bar_chart([(line.name, line.committed) for line in found.lines[:12]]) if found.lines else ""
    return render(
        request,
        "funding/budget.html",
        {
            "form": form,
            "found": found,
            "years": selectors.budget_years(school.pk, timezone.localdate()),
            "chart": charts.bar_chart(bars, marker=marker),
            "lines_chart": lines_chart,
        },
    )


@require_http_methods(["GET", "POST"])
def topup_new(request, pupil_id: int):
    pupil = get_pupil_for_user(request.user, pupil_id, perm="funding.request_topup")
    start = selectors.financial_year_start(timezone.localdate())
    threshold = selectors.threshold_on(start)
    cost = selectors.pupil_cost(pupil, financial_year_start=start)
    over = threshold is not None and rules.band(cost, threshold) == rules.OVER
    form = TopUpForm(
        request.POST or None,
        initial={"amount_requested": rules.above_threshold(cost, threshold)} if over else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            topup = services.topup_create(actor=request.user, pupil=pupil, **form.cleaned_data)
        except services.FundingError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Top-up request drafted. Check it, download it, then send it.")
            return redirect("funding:topup", pupil_id=pupil.pk, topup_id=topup.pk)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        target=AuditEvent.Target.TOP_UP_REQUEST,
        pupil=pupil,
        target_id=pupil.pk,
        summary="Top-up request form",
    )
    return render(
        request,
        "funding/topup_form.html",
        {"pupil": pupil, "form": form, "threshold": threshold, "cost": cost, "over": over},
    )


@require_http_methods(["GET"])
def topup(request, pupil_id: int, topup_id: int):
    found = get_topup_for_user(request.user, pupil_id, topup_id)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        target=AuditEvent.Target.TOP_UP_REQUEST,
        pupil=found.pupil,
        target_id=found.pk,
    )
    user = request.user
    return render(
        request,
        "funding/topup.html",
        {
            "pupil": found.pupil,
            "topup": found,
            "history": found.history.select_related("by"),
            "may_send": found.status == rules.DRAFT and user.has_perm("funding.request_topup", found.pupil),
            "may_decide": found.status == rules.SENT and user.has_perm("funding.decide_topup", found),
            "is_school": user.has_perm("funding.request_topup", found.pupil),
        },
    )


@require_POST
def topup_send(request, pupil_id: int, topup_id: int):
    found = get_topup_for_user(request.user, pupil_id, topup_id, perm="funding.view_topup")
    if not request.user.has_perm("funding.request_topup", found.pupil):
        raise PermissionDenied
    try:
        services.topup_send(actor=request.user, request=found)
    except services.FundingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Sent to {found.local_authority.name}.")
    return redirect("funding:topup", pupil_id=found.pupil.pk, topup_id=found.pk)


@require_http_methods(["GET", "POST"])
def topup_decide(request, pupil_id: int, topup_id: int):
    found = get_topup_for_user(request.user, pupil_id, topup_id, perm="funding.decide_topup")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.topup_decide(actor=request.user, request=found, **form.cleaned_data)
        except services.FundingError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Decision recorded.")
            return redirect("funding:topup", pupil_id=found.pupil.pk, topup_id=found.pk)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        target=AuditEvent.Target.TOP_UP_REQUEST,
        pupil=found.pupil,
        target_id=found.pk,
        summary="Top-up decision form",
    )
    return render(request, "funding/topup_decide.html", {"pupil": found.pupil, "topup": found, "form": form})


@require_http_methods(["GET"])
def la_requests(request):
    _require(request.user, "funding.view_la_requests")
    found = list(selectors.requests_for_la(request.user)[:500])
    if found:
        audit_record_many(
            actor=request.user,
            action=AuditEvent.Action.LIST,
            target=AuditEvent.Target.TOP_UP_REQUESTS,
            pupils=[r.pupil for r in found],
            summary="Top-up requests sent to the local authority",
        )
    return render(request, "funding/la_requests.html", {"requests": found})


# The inclusion strategy (item 8): the school's pages, then the public ones (no sign-in).


def _strategy(school, start):
    from .models import InclusionStrategy

    return InclusionStrategy.objects.filter(school=school, financial_year_start=start).first()


@require_http_methods(["GET"])
def strategy(request):
    _require(request.user, "funding.manage_budget")
    start = _year(request)
    found = _strategy(request.user.school, start)
    return render(
        request,
        "funding/strategy.html",
        {
            "strategy": found,
            "activities": list(found.activities.all()) if found else [],
            "year": selectors.year_label(start),
            "start": start,
            "may_publish": request.user.has_perm("funding.publish_strategy"),
        },
    )


@require_POST
def strategy_draft(request):
    _require(request.user, "funding.manage_budget")
    start = _year(request)
    try:
        services.strategy_draft(actor=request.user, school=request.user.school, financial_year_start=start)
    except services.FundingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Inclusion strategy drafted from the catalogue and the budget. Check and change it.")
    return redirect(f"{reverse('funding:strategy')}?year={start.year}")


@require_http_methods(["GET", "POST"])
def strategy_edit(request):
    _require(request.user, "funding.manage_budget")
    start = _year(request)
    found = _strategy(request.user.school, start)
    if found is None:
        return redirect(f"{reverse('funding:strategy')}?year={start.year}")
    activities = [{field: getattr(a, field) for field in services.ACTIVITY_FIELDS} for a in found.activities.all()]
    form = StrategyForm(request.POST or None, initial={"introduction": found.introduction})
    formset = ActivityFormSet(request.POST or None, initial=activities, prefix="activity")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        kept = [
            {field: f.cleaned_data[field] for field in services.ACTIVITY_FIELDS}
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            services.strategy_update(
                actor=request.user, strategy=found, introduction=form.cleaned_data["introduction"], activities=kept
            )
        except services.FundingError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Inclusion strategy saved.")
            return redirect(f"{reverse('funding:strategy')}?year={start.year}")
    return render(
        request,
        "funding/strategy_edit.html",
        {"strategy": found, "form": form, "formset": formset, "year": selectors.year_label(start), "start": start},
    )


@require_POST
def strategy_publish(request):
    _require(request.user, "funding.publish_strategy")
    start = _year(request)
    found = _strategy(request.user.school, start)
    if found is None:
        messages.error(request, "Draft the strategy before publishing it.")
    else:
        try:
            services.strategy_publish(actor=request.user, strategy=found)
        except services.FundingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Inclusion strategy published: anyone can read it now.")
    return redirect(f"{reverse('funding:strategy')}?year={start.year}")


def _published(request):
    """The published strategy the query names (?school=URN&year=YYYY), None if it names none; 404
    for one that does not exist or is not published."""
    urn = request.GET.get("school", "").strip()
    if not urn:
        return None
    found = selectors.published_strategies().filter(school__urn=urn)
    if year := request.GET.get("year", "").strip():
        if not year.isdigit():
            raise Http404("No such inclusion strategy")
        found = found.filter(financial_year_start__year=int(year))
    strategy = found.order_by("-financial_year_start").first()
    if strategy is None:
        raise Http404("No such inclusion strategy")
    return strategy


@login_not_required
@require_http_methods(["GET"])
def public_strategies(request):
    found = _published(request)
    if found is None:
        return render(
            request,
            "funding/public_index.html",
            {"strategies": selectors.published_strategies().order_by("school__name", "-financial_year_start")[:500]},
        )
    return render(
        request,
        "funding/public_strategy.html",
        {
            "strategy": found,
            "activities": list(found.activities.all()),
            "year": selectors.year_label(found.financial_year_start),
        },
    )


@login_not_required
@require_http_methods(["GET"])
def public_strategy_pdf(request):
    from .strategy_pdf import strategy_pdf

    found = _published(request)
    if found is None:
        return redirect("funding:public_strategies")
    response = HttpResponse(strategy_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="inclusion-strategy-{found.school.urn}-{found.financial_year_start.year}.pdf"'
    )
    return response
