"""The funding app's world: Peter (core/testing/people.py) on SEN Support with a draft plan (plans'
fixtures) whose support is costed from the school's catalogue (provision's services), so his
additional support costs what the SENCO chooses: over £6,000, or approaching it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from sensupport.plans.tests.conftest import assessed, draft, on_support  # noqa: F401  (shared plan fixtures)


def cost_support(plan, senco, *, hourly: str, sessions: int = 5, minutes: int = 60, name: str = "1:1 support"):
    """Add a withdrawn support line to the draft `plan`, costed from a new catalogue entry at
    `hourly` pounds an hour: sessions x minutes a week for the school's weeks (38)."""
    from sensupport.plans import services as plan_services
    from sensupport.plans.models import Provision
    from sensupport.provision import services
    from sensupport.provision.rules import financial_year_start

    role = services.pay_role_add(
        actor=senco,
        name=f"{name} staff",
        hourly_cost=Decimal(hourly),
        valid_from=financial_year_start(timezone.localdate()),
    )
    entry = services.intervention_save(
        actor=senco,
        name=name,
        broad_area="Cognition and learning",
        barrier_keys=[],
        sessions_per_week=Decimal(sessions),
        minutes_per_session=minutes,
        group_size=1,
        pay_role=role,
        resources_cost=Decimal("0"),
        measure_name="",
        measure_scale="",
    )
    plan.refresh_from_db()
    line = plan_services.provision_save(
        plan=plan,
        actor=senco,
        expected_edit_version=plan.edit_version,
        barrier_ids=[],
        kind=Provision.Kind.INTERVENTION,
        description=name,
        delivered_by="TA",
        sessions_per_week=Decimal(sessions),
        minutes_per_session=minutes,
        group_size=1,
        setting=Provision.Setting.WITHDRAWN,
        replaces_lessons="Topic",
    )
    services.support_costing_set(actor=senco, provision=line, intervention=entry)
    return line


@pytest.fixture
def over(draft, senco):  # noqa: F811  (plans' fixture)
    """Peter's support: £40 an hour, 5 hours a week, 38 weeks = £7,600."""
    cost_support(draft, senco, hourly="40.00")
    return draft.pupil


@pytest.fixture
def approaching(draft, senco):  # noqa: F811
    """Peter's support: £26 an hour, 5 hours a week, 38 weeks = £4,940 (82% of £6,000)."""
    cost_support(draft, senco, hourly="26.00")
    return draft.pupil


@pytest.fixture
def sent_request(over, senco):
    from sensupport.funding import services

    request = services.topup_create(actor=senco, pupil=over, amount_requested=Decimal("1600.00"), case="Needs 1:1")
    return services.topup_send(actor=senco, request=request)
