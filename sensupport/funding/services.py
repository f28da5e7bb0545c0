"""Every write to the school's SEN money: keyword-only, atomic, audited with `via`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.core.errors import ServiceError

from . import rules, selectors
from .models import SchoolBudget, TopUpEvent, TopUpRequest


class FundingError(ServiceError):
    """A change to the school's SEN money the rules refuse."""


@transaction.atomic
def budget_set(
    *,
    actor,
    school,
    financial_year_start: dt.date,
    notional_sen_budget: Decimal,
    imf_allocation: Decimal,
    via: str = AuditEvent.Via.WEB,
) -> SchoolBudget:
    if not (actor.has_perm("funding.manage_budget") and actor.school_id == school.pk):
        raise FundingError("Only the SENCO or head teacher of the school can set its SEN budget.")
    if notional_sen_budget < 0 or imf_allocation < 0:
        raise FundingError("A budget cannot be less than £0.", field="notional_sen_budget")
    start = selectors.financial_year_start(financial_year_start)
    budget, created = SchoolBudget.objects.select_for_update().get_or_create(
        school=school,
        financial_year_start=start,
        defaults={"notional_sen_budget": notional_sen_budget, "imf_allocation": imf_allocation, "set_by": actor},
    )
    before = None if created else (budget.notional_sen_budget, budget.imf_allocation)
    if not created:
        budget.notional_sen_budget, budget.imf_allocation, budget.set_by = notional_sen_budget, imf_allocation, actor
        budget.save()
    audit_record(
        actor=actor,
        school=school,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.SEN_BUDGET,
        target_id=budget.pk,
        summary=(
            f"SEN budget {selectors.year_label(start)}: notional £{notional_sen_budget:,.2f}, "
            f"IMF £{imf_allocation:,.2f}" + (f" (was £{before[0]:,.2f} and £{before[1]:,.2f})" if before else "")
        ),
        via=via,
    )
    return budget


@transaction.atomic
def topup_create(*, actor, pupil, amount_requested: Decimal, case: str, via: str = AuditEvent.Via.WEB) -> TopUpRequest:
    """A draft request, with the pupil's costed support and the threshold as they are today."""
    if not actor.has_perm("funding.request_topup", pupil):
        raise FundingError("Only the SENCO or head teacher can ask the local authority for top-up funding.")
    today = timezone.localdate()
    start = selectors.financial_year_start(today)
    threshold = selectors.threshold_on(start)
    if threshold is None:
        raise FundingError("No element 2 threshold is set for this financial year: ask the service administrator.")
    cost = selectors.pupil_cost(pupil, financial_year_start=start)
    if rules.band(cost, threshold) != rules.OVER:
        raise FundingError(
            f"{pupil.display_name}'s additional support costs {rules.money_text(cost)} this year, not more than "
            f"the £{threshold.amount:,.2f} the school meets from its notional SEN budget: top-up funding is for "
            "support beyond it."
        )
    if amount_requested is None or amount_requested <= 0:
        raise FundingError("Enter the amount to ask for", field="amount_requested")
    if not case.strip():
        raise FundingError("Say why the pupil needs this support", field="case")
    request = TopUpRequest.objects.create(
        pupil=pupil,
        school_id=pupil.school_id,
        local_authority=pupil.home_local_authority or pupil.school.local_authority,
        financial_year_start=start,
        additional_cost=cost,
        threshold=threshold.amount,
        amount_requested=amount_requested,
        case=case.strip(),
        created_by=actor,
    )
    TopUpEvent.objects.create(request=request, status=TopUpRequest.Status.DRAFT, by=actor, note="Request drafted")
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=AuditEvent.Target.TOP_UP_REQUEST,
        pupil=pupil,
        target_id=request.pk,
        summary=f"Top-up request drafted: £{amount_requested:,.2f} asked, support costs £{cost:,.2f}",
        via=via,
    )
    return request


def _locked(request: TopUpRequest) -> TopUpRequest:
    return TopUpRequest.objects.select_for_update().select_related("pupil", "local_authority").get(pk=request.pk)


@transaction.atomic
def topup_send(*, actor, request: TopUpRequest, via: str = AuditEvent.Via.WEB) -> TopUpRequest:
    request = _locked(request)
    if not actor.has_perm("funding.request_topup", request.pupil):
        raise FundingError("Only the SENCO or head teacher can send a top-up request.")
    if problem := rules.transition_problem(request.status, rules.SENT):
        raise FundingError(problem)
    request.status, request.sent_at = TopUpRequest.Status.SENT, timezone.now()
    request.save(update_fields=["status", "sent_at"])
    TopUpEvent.objects.create(
        request=request, status=request.status, by=actor, note=f"Sent to {request.local_authority.name}"
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.TOP_UP_REQUEST,
        pupil=request.pupil,
        target_id=request.pk,
        summary=f"Top-up request sent to {request.local_authority.name}",
        via=via,
    )
    return request


@transaction.atomic
def topup_decide(
    *,
    actor,
    request: TopUpRequest,
    decided_amount: Decimal | None,
    period_start: dt.date | None,
    period_end: dt.date | None,
    note: str = "",
    via: str = AuditEvent.Via.WEB,
) -> TopUpRequest:
    request = _locked(request)
    if not actor.has_perm("funding.decide_topup", request):
        raise FundingError("You cannot record the decision on this request.")
    if problem := rules.transition_problem(request.status, rules.DECIDED):
        raise FundingError(problem)
    if problem := rules.decision_problem(decided_amount, period_start, period_end):
        raise FundingError(problem, field="period_end" if "period" in problem else "decided_amount")
    request.status, request.decided_at = TopUpRequest.Status.DECIDED, timezone.now()
    request.decided_amount, request.period_start, request.period_end = decided_amount, period_start, period_end
    request.decision_note = note.strip()
    request.save()
    words = f"£{decided_amount:,.2f} agreed" if decided_amount else "refused"
    TopUpEvent.objects.create(request=request, status=request.status, by=actor, note=f"Decided: {words}"[:300])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.TOP_UP_REQUEST,
        pupil=request.pupil,
        target_id=request.pk,
        summary=f"Top-up request decided: {words}",
        via=via,
    )
    return request


# The inclusion strategy (item 8).


def _strategy_perm(actor, school, perm: str = "funding.manage_budget") -> None:
    if not (actor.has_perm(perm) and actor.school_id == school.pk):
        raise FundingError("Only the SENCO or head teacher of the school can change its inclusion strategy.")


@transaction.atomic
def strategy_draft(*, actor, school, financial_year_start: dt.date, via: str = AuditEvent.Via.WEB):
    """A first draft from the school's catalogue (one activity per intervention, its cost this year
    from the support costed from it) and its budget. Refused if the year already has one."""
    from .models import InclusionActivity, InclusionStrategy

    _strategy_perm(actor, school)
    start = selectors.financial_year_start(financial_year_start)
    if InclusionStrategy.objects.filter(school=school, financial_year_start=start).exists():
        raise FundingError("This year's inclusion strategy is already drafted: change it instead.")
    drafted = selectors.strategy_activities(school_id=school.pk, financial_year_start=start)
    budget = SchoolBudget.objects.filter(school=school, financial_year_start=start).first()
    label = selectors.year_label(start)
    money_words = (
        f" Our notional SEN budget this year is £{budget.notional_sen_budget:,.2f} and our Inclusive Mainstream "
        f"Fund allocation £{budget.imf_allocation:,.2f}."
        if budget
        else ""
    )
    strategy = InclusionStrategy.objects.create(
        school=school,
        financial_year_start=start,
        introduction=(
            f"How {school.name} includes pupils with special educational needs and disabilities in "
            f"{label}, and what the support costs.{money_words} Every pupil is taught well in class first; the "
            "activities below add to that teaching for the pupils who need more."
        ),
    )
    InclusionActivity.objects.bulk_create(
        InclusionActivity(strategy=strategy, order=index, **activity) for index, activity in enumerate(drafted)
    )
    audit_record(
        actor=actor,
        school=school,
        action=AuditEvent.Action.CREATE,
        target=AuditEvent.Target.INCLUSION_STRATEGY,
        target_id=strategy.pk,
        summary=f"Inclusion strategy {label} drafted with {len(drafted)} activities",
        via=via,
    )
    return strategy


ACTIVITY_FIELDS = ("name", "who_for", "budgeted_cost", "intended_outcomes", "impact_measure")


@transaction.atomic
def strategy_update(*, actor, strategy, introduction: str, activities: list[dict], via: str = AuditEvent.Via.WEB):
    """The strategy's words and activities become exactly these (in this order)."""
    from .models import InclusionActivity, InclusionStrategy

    strategy = InclusionStrategy.objects.select_for_update().get(pk=strategy.pk)
    _strategy_perm(actor, strategy.school)
    if not introduction.strip():
        raise FundingError("Write an introduction", field="introduction")
    for activity in activities:
        if set(activity) - set(ACTIVITY_FIELDS):
            raise ValueError(f"unknown activity fields {sorted(set(activity) - set(ACTIVITY_FIELDS))}")
        if activity["budgeted_cost"] is None or activity["budgeted_cost"] < 0:
            raise FundingError("A budgeted cost cannot be less than £0")
    strategy.introduction = introduction.strip()
    strategy.save()
    strategy.activities.all().delete()
    InclusionActivity.objects.bulk_create(
        InclusionActivity(strategy=strategy, order=index, **activity) for index, activity in enumerate(activities)
    )
    audit_record(
        actor=actor,
        school=strategy.school,
        action=AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.INCLUSION_STRATEGY,
        target_id=strategy.pk,
        summary=f"Inclusion strategy changed: {len(activities)} activities",
        via=via,
    )
    return strategy


@transaction.atomic
def strategy_publish(*, actor, strategy, via: str = AuditEvent.Via.WEB):
    from .models import InclusionStrategy

    strategy = InclusionStrategy.objects.select_for_update().get(pk=strategy.pk)
    _strategy_perm(actor, strategy.school, perm="funding.publish_strategy")
    if not strategy.activities.exists():
        raise FundingError("Add at least one activity before publishing the strategy.")
    strategy.status, strategy.published_at, strategy.published_by = (
        InclusionStrategy.Status.PUBLISHED,
        timezone.now(),
        actor,
    )
    strategy.save()
    audit_record(
        actor=actor,
        school=strategy.school,
        action=AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.INCLUSION_STRATEGY,
        target_id=strategy.pk,
        summary="Inclusion strategy published",
        via=via,
    )
    return strategy
