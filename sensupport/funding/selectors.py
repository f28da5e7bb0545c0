"""Reads of the school's SEN money. Pupils' costs come from the provision app
(provision.selectors.pupil_additional_costs, cost_lines): computed, never typed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from sensupport.provision import rules as provision_rules
from sensupport.provision import selectors as provision
from sensupport.pupils.models import Pupil

from . import rules
from .models import Element2Threshold, SchoolBudget, TopUpRequest


def financial_year_start(on: dt.date) -> dt.date:
    return provision_rules.financial_year_start(on)


def year_label(start: dt.date) -> str:
    return provision_rules.financial_year_label(start)


def threshold_on(on: dt.date) -> rules.Threshold | None:
    return rules.threshold_on((t.as_rule for t in Element2Threshold.objects.all()), on)


def pupil_cost(pupil, *, financial_year_start: dt.date) -> Decimal:
    lines = provision.pupil_cost_lines(pupil=pupil, financial_year_start=financial_year_start)
    return rules.money(sum((line.annual_cost for line in lines), rules.ZERO))


@dataclass
class Watched:
    pupil: Pupil
    cost: Decimal
    band: str
    share: int
    above: Decimal
    request: TopUpRequest | None  # the latest top-up request this year, if any

    @property
    def cost_text(self) -> str:
        return rules.money_text(self.cost)


@dataclass
class Watch:
    threshold: rules.Threshold | None
    financial_year_start: dt.date
    over: list[Watched]
    approaching: list[Watched]

    @property
    def shown(self) -> list[Pupil]:
        return [w.pupil for w in self.over + self.approaching]


def element2_watch(*, school_id: int, financial_year_start: dt.date) -> Watch:
    """Pupils of the school whose additional support this financial year is over the threshold
    or approaching it, most expensive first. A fixed number of queries however many pupils."""
    start = financial_year_start
    threshold = threshold_on(start)
    if threshold is None:
        return Watch(None, start, [], [])
    costs = provision.pupil_additional_costs(school_ids=[school_id], financial_year_start=start)
    bands = {pk: rules.band(cost, threshold) for pk, cost in costs.items()}
    flagged = [pk for pk, found in bands.items() if found]
    pupils = {p.pk: p for p in Pupil.objects.filter(pk__in=flagged, school_id=school_id).select_related("school")}
    requests: dict[int, TopUpRequest] = {}
    for request in TopUpRequest.objects.filter(pupil_id__in=pupils, financial_year_start=start).order_by("created_at"):
        requests[request.pupil_id] = request
    watched = defaultdict(list)
    for pk, pupil in pupils.items():
        cost = costs[pk]
        watched[bands[pk]].append(
            Watched(
                pupil,
                cost,
                bands[pk],
                rules.share_of(cost, threshold),
                rules.above_threshold(cost, threshold),
                requests.get(pk),
            )
        )
    order = lambda w: (-w.cost, w.pupil.surname, w.pupil.pk)  # noqa: E731
    return Watch(
        threshold, start, sorted(watched[rules.OVER], key=order), sorted(watched[rules.APPROACHING], key=order)
    )


@dataclass
class BudgetLine:
    name: str
    pupils: int
    committed: Decimal
    spent: Decimal


@dataclass
class Budget:
    financial_year_start: dt.date
    budget: SchoolBudget | None
    position: rules.BudgetPosition | None
    lines: list[BudgetLine]
    committed: Decimal
    spent: Decimal

    @property
    def label(self) -> str:
        return year_label(self.financial_year_start)


def school_budget(*, school_id: int, financial_year_start: dt.date) -> Budget:
    """The school's budget for the year against what its pupils' support commits (annual costs) and
    has spent (sessions held), by intervention. A fixed number of queries."""
    start = financial_year_start
    budget = SchoolBudget.objects.filter(school_id=school_id, financial_year_start=start).first()
    lines = provision.cost_lines(
        Q(plan__pupil__school_id=school_id), school_ids=[school_id], financial_year_start=start
    )
    by_name: dict[str, BudgetLine] = {}
    pupils: dict[str, set] = defaultdict(set)
    for line in lines:
        if not line.is_costed:
            continue
        entry = by_name.setdefault(line.provision, BudgetLine(line.provision, 0, rules.ZERO, rules.ZERO))
        entry.committed += line.annual_cost
        entry.spent += line.cost_to_date or rules.ZERO
        pupils[line.provision].add(line.pupil_id)
    for name, entry in by_name.items():
        entry.pupils = len(pupils[name])
        entry.committed, entry.spent = rules.money(entry.committed), rules.money(entry.spent)
    committed = rules.money(sum((e.committed for e in by_name.values()), rules.ZERO))
    spent = rules.money(sum((e.spent for e in by_name.values()), rules.ZERO))
    position = (
        rules.BudgetPosition(budget.notional_sen_budget, budget.imf_allocation, committed, spent) if budget else None
    )
    return Budget(
        start, budget, position, sorted(by_name.values(), key=lambda e: (-e.committed, e.name)), committed, spent
    )


def budget_years(school_id: int, around: dt.date) -> list[dt.date]:
    """This financial year, the one before and the next, and any year the school has a budget for."""
    this = financial_year_start(around)
    years = {this, dt.date(this.year - 1, 4, 1), dt.date(this.year + 1, 4, 1)}
    years |= set(SchoolBudget.objects.filter(school_id=school_id).values_list("financial_year_start", flat=True))
    return sorted(years, reverse=True)


def requests_for_la(user):
    """Top-up requests sent to the officer's local authority, for pupils the officer may see."""
    return (
        TopUpRequest.objects.filter(local_authority_id=user.local_authority_id)
        .exclude(status=TopUpRequest.Status.DRAFT)
        .filter(pupil__in=Pupil.objects.visible_to(user).values("pk"))
        .select_related("pupil", "school")
        .order_by("status", "-sent_at")
    )


def strategy_activities(*, school_id: int, financial_year_start: dt.date) -> list[dict]:
    """One activity per catalogue intervention in use or offered: who it is for, its cost this year
    (the support costed from it), its intended outcomes and how impact is judged."""
    from sensupport.provision.models import Intervention

    lines = provision.cost_lines(
        Q(plan__pupil__school_id=school_id), school_ids=[school_id], financial_year_start=financial_year_start
    )
    cost: dict[int, Decimal] = defaultdict(lambda: rules.ZERO)
    pupils: dict[int, set] = defaultdict(set)
    for line in lines:
        if line.intervention_id:
            cost[line.intervention_id] += line.annual_cost
            pupils[line.intervention_id].add(line.pupil_id)
    found = []
    for entry in Intervention.objects.filter(school_id=school_id, archived=False).order_by("name"):
        count = len(pupils[entry.pk])
        found.append(
            {
                "name": entry.name,
                "who_for": f"Pupils with {entry.broad_area.lower()} needs"
                + (f": {count} pupil{'s' if count != 1 else ''} this year" if count else ""),
                "budgeted_cost": rules.money(cost[entry.pk]),
                "intended_outcomes": entry.description.strip()
                or f"Pupils make progress with their {entry.broad_area.lower()} needs and take a full part in lessons.",
                "impact_measure": (
                    f"Each pupil's score on {entry.measure_name} at the start and the end"
                    if entry.measure_name
                    else "Progress towards each pupil's plan outcomes, judged at their plan reviews"
                ),
            }
        )
    return sorted(found, key=lambda a: (-a["budgeted_cost"], a["name"]))


def published_strategies():
    from .models import InclusionStrategy

    return InclusionStrategy.objects.filter(status=InclusionStrategy.Status.PUBLISHED).select_related("school")
