"""The demo's provision map (sensupport/demo/provision.py): one load, everything the issue asks of it."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db.models import Q
from django.utils import timezone

from sensupport.demo import builder
from sensupport.organisations.models import School
from sensupport.provision import rules, selectors
from sensupport.provision.map import export_csv, provision_map
from sensupport.provision.models import Intervention, PayRate, Score, Session
from sensupport.pupils.models import Pupil


@pytest.mark.django_db
def test_the_demo_schools_have_a_costed_provision_map():
    builder.demo_load()
    fy = rules.financial_year_start(timezone.localdate())
    for name in ("Oakfield Primary School", "Hillcrest Academy"):
        school = School.objects.get(name=name)
        assert 8 <= Intervention.objects.filter(school=school).count() <= 12
        assert (
            PayRate.objects.filter(role__school=school).count()
            > PayRate.objects.filter(role__school=school).values("role").distinct().count()
        ), "a pay award from a date: some roles have two rates"
        sessions = Session.objects.filter(group__intervention__school=school)
        assert sessions.filter(status="held").exists() and sessions.filter(status="cancelled").exists()
        assert Score.objects.filter(group__intervention__school=school, exit__isnull=False).exists()

    oak_and_hillcrest = list(School.objects.filter(name__in=["Oakfield Primary School", "Hillcrest Academy"]))
    costs = selectors.pupil_additional_costs(school_ids=[s.pk for s in oak_and_hillcrest], financial_year_start=fy)
    assert any(cost > 6000 for cost in costs.values()), "a pupil over the £6,000 of element 2"
    assert any(4800 <= cost < 6000 for cost in costs.values()), "a pupil approaching it"

    # The totals are priced line by line as the map prices them (from fewer columns: issue 14).
    by_line: dict[int, Decimal] = defaultdict(Decimal)
    ids = [s.pk for s in oak_and_hillcrest]
    for line in selectors.cost_lines(Q(plan__pupil__school_id__in=ids), school_ids=ids, financial_year_start=fy):
        by_line[line.pupil_id] += line.annual_cost
    assert costs == dict(by_line) and len(costs) > 20

    peter = Pupil.objects.get(forename="Peter", surname="Marsh")
    lines = selectors.pupil_cost_lines(pupil=peter, financial_year_start=fy)
    assert costs[peter.pk] == sum(line.annual_cost for line in lines) > 0
    assert any(line.is_costed and line.sessions_per_week == 5 and line.minutes_per_session == 10 for line in lines)

    for school in oak_and_hillcrest:
        rows = list(csv.DictReader(io.StringIO(export_csv(provision_map(school_ids=[school.pk]).lines))))
        for row in rows:
            if row["HourlyCost"]:
                exact = (
                    Decimal(row["HourlyCost"])
                    * Decimal(row["SessionsPerWeek"])
                    * Decimal(row["MinutesPerSession"])
                    / 60
                    * Decimal(row["Weeks"])
                    + Decimal(row["ResourcesCost"])
                ) / Decimal(row["GroupSize"])
                assert Decimal(row["AnnualCostPerPupil"]) == exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
