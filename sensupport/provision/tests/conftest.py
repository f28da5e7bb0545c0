"""The provision app's world: Peter (core/testing/people.py) with an agreed plan (plans' fixtures),
a TA pay role with a dated rate, and a catalogue entry his plan's support line is costed from."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from sensupport.plans import services as plan_services
from sensupport.plans.models import Provision
from sensupport.plans.tests.conftest import agreed, assessed, draft, on_support  # noqa: F401  (shared plan fixtures)
from sensupport.provision import services
from sensupport.provision.rules import financial_year_start

FY = financial_year_start(timezone.localdate())


@pytest.fixture
def ta_role(senco):
    return services.pay_role_add(actor=senco, name="Teaching assistant", hourly_cost=Decimal("18.00"), valid_from=FY)


@pytest.fixture
def precision_teaching(senco, ta_role):
    return services.intervention_save(
        actor=senco,
        name="Precision teaching",
        broad_area="Cognition and learning",
        barrier_keys=[],
        sessions_per_week=Decimal("3"),
        minutes_per_session=20,
        group_size=1,
        pay_role=ta_role,
        resources_cost=Decimal("30.00"),
        measure_name="Words read a minute",
        measure_scale="words",
    )


@pytest.fixture
def costed_line(agreed, senco, precision_teaching):  # noqa: F811  (plans' fixture)
    """A new draft of Peter's plan with a precision-teaching line, costed from the catalogue."""
    following = plan_services.plan_new_version(plan=agreed, actor=senco)
    line = plan_services.provision_save(
        plan=following,
        actor=senco,
        expected_edit_version=None,
        barrier_ids=[],
        kind=Provision.Kind.INTERVENTION,
        description="Precision teaching of high-frequency words",
        delivered_by="TA",
        sessions_per_week=Decimal("3"),
        minutes_per_session=20,
        group_size=1,
        setting=Provision.Setting.WITHDRAWN,
        replaces_lessons="Assembly",
    )
    services.support_costing_set(actor=senco, provision=line, intervention=precision_teaching)
    return line


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def a_day():
    return dt.timedelta(days=1)
