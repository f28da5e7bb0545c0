"""What a pupil's support costs (provision.selectors): computed from the catalogue, the dated pay
rates and the sessions held, never typed; in a fixed number of queries for a school or an LA."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sensupport.core import factories
from sensupport.plans import services as plan_services
from sensupport.plans.models import Plan, Provision
from sensupport.provision import rules, selectors, services
from sensupport.provision.models import SupportCosting

from .conftest import FY

# Precision teaching: £18 an hour x 3 x 20 minutes x 38 weeks / 1 + £30 resources.
PRECISION_A_YEAR = Decimal("714.00")


def test_a_costed_line_costs_the_formula(costed_line, pupil):
    lines = selectors.pupil_cost_lines(pupil=pupil, financial_year_start=FY)
    costed = [line for line in lines if line.provision_id == costed_line.pk]
    assert len(costed) == 1
    line = costed[0]
    assert line.provision == "Precision teaching"
    assert line.staff_role == "Teaching assistant"
    assert line.hourly_cost == Decimal("18.00")
    assert line.weeks == Decimal("38.0")
    assert line.annual_cost == PRECISION_A_YEAR
    assert line.withdrawn_minutes_per_week == 60


def test_support_linked_to_nothing_costs_nothing_and_says_so(costed_line, pupil):
    lines = selectors.pupil_cost_lines(pupil=pupil, financial_year_start=FY)
    adjustments = [line for line in lines if line.provision_id != costed_line.pk]
    assert adjustments, "Peter's plan has two adjustments in class"
    assert all(line.annual_cost == 0 and line.annual_cost_text == "No cost" for line in adjustments)


def test_the_pupils_total_is_the_sum_of_the_working_plans_lines(costed_line, pupil):
    totals = selectors.pupil_additional_costs(school_ids=[pupil.school_id], financial_year_start=FY)
    assert totals[pupil.pk] == PRECISION_A_YEAR


def test_a_draft_s_lines_replace_the_current_plan_s(costed_line, pupil):
    """The draft is a copy of the agreed plan: counting both would cost each line twice."""
    lines = selectors.pupil_cost_lines(pupil=pupil, financial_year_start=FY)
    assert {line.plan_id for line in lines} == {costed_line.plan_id}
    assert all(line.plan_is_draft for line in lines)


def test_the_typed_cost_is_ignored(costed_line, pupil):
    Provision.objects.filter(pk=costed_line.pk).update(cost=Decimal("9999.00"))
    assert selectors.pupil_additional_costs(school_ids=[pupil.school_id], financial_year_start=FY)[pupil.pk] == (
        PRECISION_A_YEAR
    )


def test_a_new_rate_from_a_later_date_does_not_reprice_a_past_year(costed_line, pupil, senco, ta_role):
    last_year = rules.financial_year_start(FY - dt.timedelta(days=1))
    services.pay_rate_set(actor=senco, role=ta_role, hourly_cost=Decimal("12.00"), valid_from=last_year)
    before = selectors.pupil_additional_costs(school_ids=[pupil.school_id], financial_year_start=last_year)
    services.pay_rate_set(actor=senco, role=ta_role, hourly_cost=Decimal("30.00"), valid_from=FY + dt.timedelta(1))
    after = selectors.pupil_additional_costs(school_ids=[pupil.school_id], financial_year_start=last_year)
    assert before == after == {pupil.pk: Decimal("486.00")}  # 12 x 1h x 38 + 30


def test_costing_follows_the_line_into_the_next_version(costed_line, pupil, senco):
    draft = costed_line.plan
    Plan.objects.filter(pk=draft.pk).update(review_date=dt.date.today() + dt.timedelta(weeks=8))
    draft.refresh_from_db()
    draft = plan_services.plan_agree(
        plan=draft, actor=senco, agreed_on=dt.date.today(), how=Plan.AgreedHow.MEETING, agreed_with="Mum"
    )
    following = plan_services.plan_new_version(plan=draft, actor=senco)
    copy = following.provisions.get(description=costed_line.description)
    assert SupportCosting.objects.get(provision=copy).intervention.name == "Precision teaching"
    assert selectors.pupil_additional_costs(school_ids=[pupil.school_id], financial_year_start=FY)[pupil.pk] == (
        PRECISION_A_YEAR
    )


def _school_with_costed_pupils(school, senco, intervention, count):
    for _ in range(count):
        other = factories.PupilFactory(school=school)
        plan = Plan.objects.create(pupil=other, version=1, status=Plan.Status.ACTIVE)
        line = Provision.objects.create(
            plan=plan,
            kind="intervention",
            description="x",
            delivered_by="TA",
            sessions_per_week=2,
            minutes_per_session=30,
            group_size=2,
        )
        SupportCosting.objects.create(provision=line, intervention=intervention)


def test_a_school_s_costs_take_the_same_queries_however_many_pupils(
    costed_line, pupil, school, senco, precision_teaching
):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            selectors.pupil_additional_costs(school_ids=[school.pk], financial_year_start=FY)
        return len(ctx.captured_queries)

    _school_with_costed_pupils(school, senco, precision_teaching, 2)
    few = queries()
    _school_with_costed_pupils(school, senco, precision_teaching, 10)
    assert queries() == few


def test_the_school_map_takes_the_same_queries_however_many_pupils(
    costed_line, pupil, school, senco, precision_teaching
):
    from sensupport.provision.map import provision_map

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            provision_map(school_ids=[school.pk])
        return len(ctx.captured_queries)

    _school_with_costed_pupils(school, senco, precision_teaching, 2)
    few = queries()
    _school_with_costed_pupils(school, senco, precision_teaching, 10)
    assert queries() == few
