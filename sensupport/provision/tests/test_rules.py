"""The cost arithmetic (provision.rules): plain values in, Decimal out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from sensupport.provision import rules

pennies = st.decimals(min_value=Decimal("0"), max_value=Decimal("200"), places=2)
sessions = st.decimals(min_value=Decimal("0.5"), max_value=Decimal("10"), places=1)
minutes = st.integers(min_value=1, max_value=120)
sizes = st.integers(min_value=1, max_value=12)
weeks = st.decimals(min_value=Decimal("0"), max_value=Decimal("52"), places=1)
days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))


def test_a_ta_five_times_ten_minutes_one_to_one_is_not_free():
    """The issue's example: typed costs showed £0.00 for it."""
    cost = rules.annual_cost_per_pupil(
        hourly_cost=Decimal("18.00"),
        sessions_per_week=Decimal("5"),
        minutes_per_session=10,
        weeks=Decimal("38"),
        group_size=1,
        resources_cost=Decimal("0"),
    )
    assert cost == Decimal("570.00")  # 18 x 50/60 x 38


def test_resources_and_staff_time_are_shared_by_the_group():
    cost = rules.annual_cost_per_pupil(
        hourly_cost=Decimal("20"),
        sessions_per_week=Decimal("2"),
        minutes_per_session=30,
        weeks=Decimal("38"),
        group_size=4,
        resources_cost=Decimal("100"),
    )
    assert cost == Decimal("215.00")  # (20 x 1 x 38 + 100) / 4


@given(pennies, sessions, minutes, weeks, sizes, pennies)
def test_annual_cost_is_the_formula_to_the_penny(hourly, per_week, mins, wks, size, resources):
    exact = (hourly * per_week * Decimal(mins) / 60 * wks + resources) / size
    cost = rules.annual_cost_per_pupil(
        hourly_cost=hourly,
        sessions_per_week=per_week,
        minutes_per_session=mins,
        weeks=wks,
        group_size=size,
        resources_cost=resources,
    )
    assert cost.as_tuple().exponent == -2
    assert abs(cost - exact) <= Decimal("0.005")


@given(pennies, sessions, minutes, weeks, sizes, pennies)
def test_a_bigger_group_never_costs_each_pupil_more(hourly, per_week, mins, wks, size, resources):
    def cost(n):
        return rules.annual_cost_per_pupil(
            hourly_cost=hourly,
            sessions_per_week=per_week,
            minutes_per_session=mins,
            weeks=wks,
            group_size=n,
            resources_cost=resources,
        )

    assert cost(size + 1) <= cost(size)


@given(days)
def test_the_financial_year_runs_april_to_march(day):
    start = rules.financial_year_start(day)
    assert start.month == 4 and start.day == 1
    assert start <= day <= rules.financial_year_end(start)


@given(days, days, days, st.integers(min_value=1, max_value=52))
def test_a_line_never_runs_more_weeks_than_the_school_has(a, b, fy_day, per_year):
    start, end = sorted([a, b])
    fy = rules.financial_year_start(fy_day)
    found = rules.delivery_weeks(start, end, fy_start=fy, weeks_per_year=per_year)
    assert Decimal("0") <= found <= per_year
    assert rules.delivery_weeks(None, None, fy_start=fy, weeks_per_year=per_year) == per_year


def test_a_line_outside_the_year_runs_no_weeks_in_it():
    fy = dt.date(2026, 4, 1)
    assert rules.delivery_weeks(dt.date(2025, 9, 1), dt.date(2026, 3, 1), fy_start=fy, weeks_per_year=38) == 0


def test_half_a_year_is_about_half_the_weeks():
    fy = dt.date(2026, 4, 1)
    weeks = rules.delivery_weeks(dt.date(2026, 10, 1), None, fy_start=fy, weeks_per_year=38)
    assert Decimal("18") < weeks < Decimal("20")


@given(st.lists(st.tuples(days, pennies), min_size=1, max_size=6, unique_by=lambda r: r[0]), days)
def test_the_rate_on_a_day_is_the_latest_started_by_then(rates, day):
    found = rules.rate_on(rates, day)
    started = [r for r in rates if r[0] <= day]
    if not started:
        assert found is None
    else:
        assert found == max(started)[1]


@given(st.lists(st.tuples(days, pennies), min_size=1, max_size=6, unique_by=lambda r: r[0]), days, pennies)
def test_a_new_rate_never_changes_the_rate_of_days_before_it(rates, day, new_hourly):
    later = max(r[0] for r in rates) + dt.timedelta(days=1)
    if day < later:
        assert rules.rate_on([*rates, (later, new_hourly)], day) == rules.rate_on(rates, day)


@given(days)
def test_a_past_year_is_priced_at_its_own_last_day(today):
    fy = rules.financial_year_start(today) - dt.timedelta(days=400)
    fy = rules.financial_year_start(fy)
    assert rules.costing_day(fy, today=today) == rules.financial_year_end(fy)


@given(st.lists(st.tuples(pennies, minutes), max_size=20), sizes, pennies)
def test_cost_to_date_is_the_held_sessions_shared_by_the_group(held, size, resources):
    found = rules.cost_to_date(held=held, group_size=size, resources_cost=resources)
    if not held:
        assert found == 0
    else:
        # In exact fractions: Decimal's 28 digits put 5.375 at 5.37499...9 in a test's own sum.
        exact = (sum(Fraction(h) * m / 60 for h, m in held) + Fraction(resources)) / size
        assert abs(Fraction(found) - exact) <= Fraction(1, 200)


def test_support_costing_nothing_says_no_cost():
    assert rules.money_text(Decimal("0")) == "No cost"
    assert rules.money_text(None) == "No cost"
    assert rules.money_text(Decimal("6123.4")) == "£6,123.40"


def test_impact_needs_both_scores():
    assert rules.impact(Decimal("12"), None) is None
    assert rules.impact(Decimal("12"), Decimal("20")) == Decimal("8")


@given(st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=3, unique=True), days, days)
def test_a_whole_year_of_weekly_times_plans_the_school_s_weeks(weekdays, a, b):
    start, end = sorted([a, b])
    planned = rules.sessions_planned(weekdays, start, end, weeks_per_year=52)
    days_in = (end - start).days + 1
    assert days_in // 7 * len(weekdays) <= planned <= (days_in // 7 + 1) * len(weekdays)


def test_a_term_of_mondays_at_38_weeks_a_year():
    # 1 Sep to 19 Dec 2025: 16 Mondays; 38/52 of them is about 12 sessions.
    assert rules.sessions_planned([0], dt.date(2025, 9, 1), dt.date(2025, 12, 19), weeks_per_year=38) == 12
