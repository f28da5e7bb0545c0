"""Reads: what each pupil's support costs, for one pupil, a school or an LA's many schools.

Every cost is computed (provision.rules) from a support line of the pupil's working plan (its draft
if it has one, otherwise its current agreed plan), the catalogue entry the line is linked to
(SupportCosting), the pay role's dated rates and the sessions actually held. A fixed number of
queries however many pupils: the lines in one, then the rates, the schools' weeks and the held
sessions (`cost_lines`).

Stable API for other apps (the funding app calls these):
    pupil_additional_costs(*, school_ids, financial_year_start) -> {pupil_id: Decimal}
    pupil_cost_lines(*, pupil, financial_year_start=None) -> [CostLine]
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from sensupport.plans.models import Plan, Provision

from . import rules
from .models import DEFAULT_WEEKS_PER_YEAR, PayRate, ProvisionSettings, Session

WORKING_STATUSES = (Plan.Status.DRAFT, Plan.Status.AGREED, Plan.Status.ACTIVE)


@dataclass(frozen=True)
class CostLine:
    """One support line of a pupil's working plan, costed for one financial year."""

    provision_id: int
    plan_id: int
    plan_is_draft: bool
    pupil_id: int
    school_id: int
    upn: str
    pupil_name: str
    year_group: str
    kind: str
    provision: str  # the catalogue entry's name, or the line's own words when it has none
    description: str
    setting: str
    setting_label: str
    staff_role: str
    sessions_per_week: Decimal | None
    minutes_per_session: int | None
    group_size: int
    weeks: Decimal
    hourly_cost: Decimal | None
    resources_cost: Decimal
    annual_cost: Decimal
    cost_to_date: Decimal | None  # None: no group logs its sessions
    intervention_id: int | None
    intervention_area: str
    group_id: int | None
    group_name: str
    held_sessions: int

    @property
    def is_costed(self) -> bool:
        return self.intervention_id is not None

    @property
    def weekly_minutes(self) -> int:
        if self.sessions_per_week is None or self.minutes_per_session is None:
            return 0
        return int(self.sessions_per_week * self.minutes_per_session)

    @property
    def withdrawn_minutes_per_week(self) -> int:
        return self.weekly_minutes if self.setting == Provision.Setting.WITHDRAWN else 0

    @property
    def annual_cost_text(self) -> str:
        return rules.money_text(self.annual_cost)


# What a line's annual cost is made from (`_annual`): the totals read these alone.
ANNUAL_FIELDS = (
    "plan__status",
    "plan__pupil_id",
    "plan__pupil__school_id",
    "sessions_per_week",
    "minutes_per_session",
    "group_size",
    "start_date",
    "end_date",
    "costing__intervention_id",
    "costing__intervention__pay_role_id",
    "costing__intervention__resources_cost",
    "costing__group__starts_on",
    "costing__group__ends_on",
)
# A map line: those, and what the map shows of the pupil, the line, its catalogue entry and group.
LINE_FIELDS = (
    *ANNUAL_FIELDS,
    "pk",
    "plan_id",
    "plan__pupil__upn",
    "plan__pupil__forename",
    "plan__pupil__surname",
    "plan__pupil__preferred_forename",
    "plan__pupil__preferred_surname",
    "plan__pupil__year_group",
    "kind",
    "description",
    "setting",
    "costing__intervention__name",
    "costing__intervention__broad_area",
    "costing__intervention__pay_role__name",
    "costing__group_id",
    "costing__group__teaching_group__name",
)


def _working_lines(pupils: Q, fields: tuple[str, ...] = LINE_FIELDS, *, ordered: bool = True) -> list[dict]:
    """The support lines of each pupil's working plan: the draft's where the pupil has a draft
    (it is what the map added places to, and what the parents are next asked to agree), otherwise
    the current plan's. One query; in the map's order (by pupil, then the plan's order) unless
    `ordered` is False."""
    lines = Provision.objects.filter(pupils, plan__status__in=WORKING_STATUSES)
    order = ("plan__pupil__surname", "plan__pupil__forename", "plan__pupil_id", "order", "pk") if ordered else ()
    rows = list(lines.order_by(*order).values(*fields))
    with_draft = {r["plan__pupil_id"] for r in rows if r["plan__status"] == Plan.Status.DRAFT}
    return [r for r in rows if (r["plan__status"] == Plan.Status.DRAFT) == (r["plan__pupil_id"] in with_draft)]


@dataclass(frozen=True)
class _Prices:
    """What every line's annual cost is priced with: the schools' pay rates and weeks a year, on
    the financial year's costing day."""

    fy_start: dt.date
    priced_on: dt.date
    rates: dict[int, list[tuple[dt.date, Decimal]]]
    weeks_per_year: dict[int, int]


def _prices(school_ids: list[int], *, financial_year_start: dt.date, today: dt.date) -> _Prices:
    """Two queries."""
    fy_start = rules.financial_year_start(financial_year_start)
    rates: dict[int, list[tuple[dt.date, Decimal]]] = defaultdict(list)
    for role_id, valid_from, hourly in PayRate.objects.filter(role__school_id__in=school_ids).values_list(
        "role_id", "valid_from", "hourly_cost"
    ):
        rates[role_id].append((valid_from, hourly))
    weeks_per_year = dict(
        ProvisionSettings.objects.filter(school_id__in=school_ids).values_list("school_id", "weeks_per_year")
    )
    return _Prices(fy_start, rules.costing_day(fy_start, today=today), rates, weeks_per_year)


def _annual(r: dict, prices: _Prices) -> tuple[int, Decimal | None, Decimal, Decimal]:
    """One line's weeks in the financial year, hourly rate, resources cost and annual cost per
    pupil (a line with no catalogue entry costs nothing extra), from its ANNUAL_FIELDS."""
    intervention_id = r["costing__intervention_id"]
    weeks = rules.delivery_weeks(
        r["start_date"] or r["costing__group__starts_on"],
        r["end_date"] or r["costing__group__ends_on"],
        fy_start=prices.fy_start,
        weeks_per_year=prices.weeks_per_year.get(r["plan__pupil__school_id"], DEFAULT_WEEKS_PER_YEAR),
    )
    role_id = r["costing__intervention__pay_role_id"]
    hourly = rules.rate_on(prices.rates.get(role_id, []), prices.priced_on) if role_id else None
    resources = (r["costing__intervention__resources_cost"] or Decimal("0")) if intervention_id else Decimal("0")
    if intervention_id is None:
        return weeks, hourly, resources, rules.money(rules.ZERO)
    annual = rules.annual_cost_per_pupil(
        hourly_cost=hourly or rules.ZERO,
        sessions_per_week=r["sessions_per_week"] or rules.ZERO,
        minutes_per_session=r["minutes_per_session"] or 0,
        weeks=weeks,
        group_size=r["group_size"] or 1,
        resources_cost=resources,
    )
    return weeks, hourly, resources, annual


def cost_lines(
    pupils: Q, *, school_ids: Iterable[int], financial_year_start: dt.date, today: dt.date | None = None
) -> list[CostLine]:
    """Every support line of the pupils matched by `pupils` (a Q over plans.Provision, such as
    Q(plan__pupil__school_id__in=...)), costed for the financial year. Four queries in all."""
    today = today or timezone.localdate()
    prices = _prices(list(school_ids), financial_year_start=financial_year_start, today=today)
    fy_start, fy_end = prices.fy_start, rules.financial_year_end(prices.fy_start)
    rows = _working_lines(pupils)
    group_ids = {r["costing__group_id"] for r in rows if r["costing__group_id"]}
    held: dict[int, list[dt.date]] = defaultdict(list)
    if group_ids:
        for group_id, day in Session.objects.filter(
            group_id__in=group_ids, status=Session.Status.HELD, date__gte=fy_start, date__lte=min(today, fy_end)
        ).values_list("group_id", "date"):
            held[group_id].append(day)

    settings_labels = dict(Provision.Setting.choices)
    lines = []
    for r in rows:
        intervention_id = r["costing__intervention_id"]
        group_id = r["costing__group_id"]
        group_size = r["group_size"] or 1
        weeks, hourly, resources, annual = _annual(r, prices)
        role_id = r["costing__intervention__pay_role_id"]
        role_rates = prices.rates.get(role_id, []) if role_id else []
        sessions, minutes = r["sessions_per_week"], r["minutes_per_session"]
        days = held.get(group_id, []) if group_id else []
        to_date = None
        if group_id:
            to_date = rules.cost_to_date(
                held=[(rules.rate_on(role_rates, day) or rules.ZERO, minutes or 0) for day in days],
                group_size=group_size,
                resources_cost=resources,
            )
        forename = r["plan__pupil__preferred_forename"] or r["plan__pupil__forename"]
        surname = r["plan__pupil__preferred_surname"] or r["plan__pupil__surname"]
        lines.append(
            CostLine(
                provision_id=r["pk"],
                plan_id=r["plan_id"],
                plan_is_draft=r["plan__status"] == Plan.Status.DRAFT,
                pupil_id=r["plan__pupil_id"],
                school_id=r["plan__pupil__school_id"],
                upn=r["plan__pupil__upn"],
                pupil_name=f"{forename} {surname}",
                year_group=r["plan__pupil__year_group"],
                kind=r["kind"],
                provision=r["costing__intervention__name"] or r["description"][:120],
                description=r["description"],
                setting=r["setting"],
                setting_label=settings_labels.get(r["setting"], r["setting"]),
                staff_role=r["costing__intervention__pay_role__name"] or "",
                sessions_per_week=sessions,
                minutes_per_session=minutes,
                group_size=group_size,
                weeks=weeks,
                hourly_cost=hourly,
                resources_cost=resources,
                annual_cost=annual,
                cost_to_date=to_date,
                intervention_id=intervention_id,
                intervention_area=r["costing__intervention__broad_area"] or "",
                group_id=group_id,
                group_name=r["costing__group__teaching_group__name"] or "",
                held_sessions=len(days),
            )
        )
    return lines


def pupil_additional_costs(*, school_ids: Iterable[int], financial_year_start: dt.date) -> dict[int, Decimal]:
    """pupil id -> the total annual additional cost of their support for that financial year, for
    every pupil with a working plan at these schools (one school, or an LA's many). Three queries."""
    school_ids = list(school_ids)
    prices = _prices(school_ids, financial_year_start=financial_year_start, today=timezone.localdate())
    totals: dict[int, Decimal] = defaultdict(lambda: rules.money(rules.ZERO))
    # Each line's annual cost as cost_lines prices it (`_annual`), from the columns it needs: not
    # the held sessions a cost to date needs, the names, or the map's order (the home page of a
    # school with 400 pupils in groups spent 23 ms here).
    for r in _working_lines(Q(plan__pupil__school_id__in=school_ids), ANNUAL_FIELDS, ordered=False):
        totals[r["plan__pupil_id"]] += _annual(r, prices)[3]
    return dict(totals)


def pupil_cost_lines(*, pupil, financial_year_start: dt.date | None = None) -> list[CostLine]:
    """Each support line of one pupil's working plan, costed (financial year: the current one)."""
    start = financial_year_start or rules.financial_year_start(timezone.localdate())
    return cost_lines(Q(plan__pupil_id=pupil.pk), school_ids=[pupil.school_id], financial_year_start=start)


def family_support_lines(*, pupil) -> list[dict]:
    """The support of the pupil's current agreed plan (never a draft), as the family page says it:
    what happens, how often, for how long, and the minutes a week away from class. No costs."""
    plan = pupil.plans.current().first()
    if plan is None:
        return []
    found = []
    for line in plan.provisions.all():
        weekly = line.weekly_minutes or 0
        found.append(
            {
                "what": line.description,
                "who": line.delivered_by,
                "sessions_per_week": line.sessions_per_week,
                "minutes_per_session": line.minutes_per_session,
                "away": line.setting == Provision.Setting.WITHDRAWN,
                "away_minutes": weekly if line.setting == Provision.Setting.WITHDRAWN else 0,
                "replaces": line.replaces_lessons,
            }
        )
    return found


@dataclass(frozen=True)
class Delivery:
    """Sessions of a support line's group: planned so far, held, cancelled, and held with the pupil there."""

    group_name: str
    planned: int
    held: int
    cancelled: int
    attended: int


def delivery_by_line(*, provisions: Iterable[Provision], today: dt.date | None = None) -> dict[int, Delivery]:
    """For each support line delivered by a group: planned against delivered sessions, for the
    review. Three queries whatever the number of lines."""
    from .models import ProvisionSettings, SupportCosting

    today = today or timezone.localdate()
    provisions = list(provisions)
    costings = list(
        SupportCosting.objects.filter(provision__in=provisions, group__isnull=False)
        .select_related("group", "group__teaching_group", "provision__plan")
        .prefetch_related("group__slots")
    )
    if not costings:
        return {}
    group_ids = {c.group_id for c in costings}
    sessions = list(Session.objects.filter(group_id__in=group_ids).values_list("group_id", "status", "pk"))
    attended = set(
        Session.attended.through.objects.filter(session__group_id__in=group_ids).values_list("session_id", "pupil_id")
    )
    weeks = {}
    found = {}
    for costing in costings:
        group = costing.group
        school_id = group.teaching_group.school_id
        if school_id not in weeks:
            weeks[school_id] = (
                ProvisionSettings.objects.filter(school_id=school_id).values_list("weeks_per_year", flat=True).first()
                or DEFAULT_WEEKS_PER_YEAR
            )
        end = min(today, group.ends_on) if group.ends_on else today
        own = [(status, pk) for gid, status, pk in sessions if gid == group.pk]
        pupil_id = costing.provision.plan.pupil_id
        found[costing.provision_id] = Delivery(
            group_name=group.teaching_group.name,
            planned=rules.sessions_planned(
                [slot.weekday for slot in group.slots.all()], group.starts_on, end, weeks_per_year=weeks[school_id]
            ),
            held=sum(1 for status, _ in own if status == Session.Status.HELD),
            cancelled=sum(1 for status, _ in own if status == Session.Status.CANCELLED),
            attended=sum(1 for status, pk in own if status == Session.Status.HELD and (pk, pupil_id) in attended),
        )
    return found
