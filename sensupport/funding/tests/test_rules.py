"""The pure rules: the threshold in force, the bands, the request's states, the budget, the chart."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from sensupport.funding import charts, rules
from sensupport.funding.rules import APPROACHING, OVER, Threshold

SIX = Threshold(Decimal("6000"), Decimal("0.80"), dt.date(2013, 4, 1))
money = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)
days = st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2040, 1, 1))


@given(st.lists(st.tuples(days, money), min_size=1, max_size=6, unique_by=lambda t: t[0]), days)
def test_the_threshold_on_a_day_is_the_latest_in_force(rows, on):
    thresholds = [Threshold(amount, Decimal("0.8"), day) for day, amount in rows]
    found = rules.threshold_on(thresholds, on)
    earlier = [t for t in thresholds if t.effective_from <= on]
    if not earlier:
        assert found is None
    else:
        assert found == max(earlier, key=lambda t: t.effective_from)


@given(money)
def test_bands_split_at_the_threshold_and_its_share(cost):
    found = rules.band(cost, SIX)
    if cost > Decimal("6000"):
        assert found == OVER
    elif cost >= Decimal("4800") and cost > 0:
        assert found == APPROACHING
    else:
        assert found is None


def test_exactly_the_threshold_is_approaching_not_over():
    assert rules.band(Decimal("6000.00"), SIX) == APPROACHING
    assert rules.band(Decimal("6000.01"), SIX) == OVER
    assert rules.band(Decimal("4799.99"), SIX) is None


@given(money)
def test_above_threshold_is_never_negative_and_adds_back_up(cost):
    above = rules.above_threshold(cost, SIX)
    assert above >= 0
    assert above == (cost - Decimal("6000") if cost > Decimal("6000") else 0)


def test_a_request_moves_draft_sent_decided_and_no_other_way():
    assert rules.transition_problem("draft", "sent") is None
    assert rules.transition_problem("sent", "decided") is None
    assert rules.transition_problem("draft", "decided")
    assert rules.transition_problem("sent", "sent")
    assert rules.transition_problem("decided", "sent")


@given(money, money, money, money)
def test_the_budget_position_adds_up(notional, imf, committed, spent):
    position = rules.BudgetPosition(notional, imf, committed, spent)
    assert position.available == notional + imf
    assert position.uncommitted == position.available - committed
    assert position.over_committed == (committed > position.available)


@given(st.lists(st.tuples(st.text(max_size=40), money), min_size=1, max_size=8))
def test_a_chart_has_one_bar_per_row_and_is_hidden_from_screen_readers(bars):
    svg = charts.bar_chart(bars, marker=("Budget", Decimal("5000")))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<rect") == len(bars)
    assert 'aria-hidden="true"' in svg
    assert "<script" not in svg.lower()
