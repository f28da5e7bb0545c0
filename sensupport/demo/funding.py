"""Demo SEN funding (issue 10, items 5 and 7): each mainstream school's SEN budget for this
financial year, a Hillcrest pupil whose costed support is over the £6,000 element 2 threshold with
a top-up request sent to the LA, and an Oakfield pupil approaching it. Through the real services:
provision's pay role, catalogue and support costing, funding's budget and request.

The two pupils are the first pupils on SEN Support with an agreed plan at each school (not Peter,
Lily or Noah, whose stories are told elsewhere); a new draft of their plan carries the costed
support, as the SENCO adding support from the provision map would make it:
- Hillcrest: "1:1 specialist support" 5 x 60 minutes a week and a "Speech and language
  programme" 2 x 30 minutes, at £32 an hour for 38 weeks: £6,080 + £1,216 = £7,296; top-up of
  £1,296 asked and sent.
- Oakfield: "1:1 specialist support" 4 x 60 minutes a week: £4,864, 81% of the threshold.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sensupport.accounts.models import User
from sensupport.funding import services as funding
from sensupport.plans import services as plans
from sensupport.plans.models import Plan, Provision
from sensupport.provision import services as provision
from sensupport.provision.models import Intervention, PayRole
from sensupport.provision.rules import financial_year_start
from sensupport.pupils import codes
from sensupport.pupils.models import Pupil

BUDGETS = {"oak": (Decimal("62000.00"), Decimal("9500.00")), "hillcrest": (Decimal("148000.00"), Decimal("21000.00"))}


def _role(senco: User, valid_from: dt.date) -> PayRole:
    existing = PayRole.objects.filter(school_id=senco.school_id, name="Specialist teaching assistant").first()
    return existing or provision.pay_role_add(
        actor=senco, name="Specialist teaching assistant", hourly_cost=Decimal("32.00"), valid_from=valid_from
    )


def _entry(senco: User, role: PayRole, name: str, sessions: int, minutes: int, area: str) -> Intervention:
    existing = Intervention.objects.filter(school_id=senco.school_id, name=name).first()
    return existing or provision.intervention_save(
        actor=senco,
        name=name,
        broad_area=area,
        barrier_keys=[],
        sessions_per_week=Decimal(sessions),
        minutes_per_session=minutes,
        group_size=1,
        pay_role=role,
        resources_cost=Decimal("0"),
        measure_name="",
        measure_scale="",
    )


def _pupil(school) -> Pupil | None:
    """The first pupil on SEN Support with an agreed plan in force and no draft, outside the stories."""
    with_draft = Plan.objects.filter(status=Plan.Status.DRAFT).values("pupil_id")
    candidates = (
        Pupil.objects.filter(
            school=school, sen_status=codes.STATUS_SUPPORT, plans__status__in=[Plan.Status.AGREED, Plan.Status.ACTIVE]
        )
        .exclude(pk__in=with_draft)
        .exclude(forename="Peter")
        .exclude(forename="Lily", surname="Marsh")
        .exclude(forename="Noah", surname="Bennett")
        .order_by("surname", "forename", "pk")
        .distinct()
    )
    return candidates.first()


def _cost(pupil: Pupil, senco: User, lines: list[tuple[Intervention, int, int]]) -> None:
    current = pupil.plans.filter(status__in=[Plan.Status.AGREED, Plan.Status.ACTIVE]).order_by("-version").first()
    draft = plans.plan_new_version(plan=current, actor=senco)
    for entry, sessions, minutes in lines:
        draft.refresh_from_db()
        line = plans.provision_save(
            plan=draft,
            actor=senco,
            expected_edit_version=draft.edit_version,
            barrier_ids=[],
            kind=Provision.Kind.INTERVENTION,
            description=entry.name,
            delivered_by="Specialist teaching assistant",
            sessions_per_week=Decimal(sessions),
            minutes_per_session=minutes,
            group_size=1,
            setting=Provision.Setting.WITHDRAWN,
            replaces_lessons="Foundation subjects, by rota",
        )
        provision.support_costing_set(actor=senco, provision=line, intervention=entry)


def load_funding(*, schools: dict, sencos: dict, today: dt.date) -> dict[str, int]:
    fy = financial_year_start(today)
    counts = {"SEN budgets": 0, "top-up requests": 0}
    for key, (notional, imf) in BUDGETS.items():
        funding.budget_set(
            actor=sencos[key],
            school=schools[key],
            financial_year_start=fy,
            notional_sen_budget=notional,
            imf_allocation=imf,
        )
        counts["SEN budgets"] += 1
    for key, lines in (
        (
            "hillcrest",
            [
                ("1:1 specialist support", 5, 60, "Cognition and learning"),
                ("Speech and language programme", 2, 30, "Communication and interaction"),
            ],
        ),
        ("oak", [("1:1 specialist support", 4, 60, "Cognition and learning")]),
    ):
        senco = sencos[key]
        pupil = _pupil(schools[key])
        if pupil is None:
            continue
        role = _role(senco, fy)
        _cost(
            pupil,
            senco,
            [
                (_entry(senco, role, name, sessions, minutes, area), sessions, minutes)
                for name, sessions, minutes, area in lines
            ],
        )
        if key == "hillcrest":
            request = funding.topup_create(
                actor=senco,
                pupil=pupil,
                amount_requested=Decimal("1296.00"),
                case=(
                    f"{pupil.forename} needs an hour a day of one-to-one support from a specialist teaching "
                    "assistant to "
                    "take part in lessons, and a speech and language programme twice a week. Together they cost more "
                    "than the school meets from its notional SEN budget."
                ),
            )
            funding.topup_send(actor=senco, request=request)
            counts["top-up requests"] += 1
    return counts
