"""The school's SEN money: the element 2 threshold, top-up requests' states, the budget position.
Pure: plain values in, plain values out (Decimal GBP), hypothesis-tested.

The threshold (the first £6,000 of a pupil's additional support, met from the school's notional
SEN budget before an element 3 top-up) is dated configuration (models.Element2Threshold): the
amount in force on a day is the latest whose effective date is on or before it. It decides when a
school may ask its LA for top-up funding. It is NOT a condition of an EHC needs assessment: the
legal test for one (Children and Families Act 2014, s.36(8)) says nothing about money spent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
ZERO = Decimal("0")

OVER, APPROACHING = "over", "approaching"


@dataclass(frozen=True)
class Threshold:
    amount: Decimal
    approaching_share: Decimal  # e.g. 0.80: a pupil at 80% of the amount or more is approaching it
    effective_from: dt.date

    @property
    def approaching_from(self) -> Decimal:
        return money(self.amount * self.approaching_share)


def money(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def money_text(value: Decimal | None) -> str:
    if value is None or value == 0:
        return "No cost"
    return f"£{money(value):,.2f}"


def threshold_on(thresholds: Iterable[Threshold], on: dt.date) -> Threshold | None:
    """The threshold in force on `on`: the latest effective on or before it (None before the first)."""
    found = None
    for threshold in thresholds:
        if threshold.effective_from <= on and (found is None or threshold.effective_from > found.effective_from):
            found = threshold
    return found


def band(cost: Decimal, threshold: Threshold) -> str | None:
    """OVER when the pupil's additional support costs more than the threshold; APPROACHING from its
    approaching share (80%) up to the threshold itself; otherwise None."""
    if cost > threshold.amount:
        return OVER
    if cost >= threshold.approaching_from and cost > ZERO:
        return APPROACHING
    return None


def share_of(cost: Decimal, threshold: Threshold) -> int:
    """The cost as a whole percentage of the threshold (rounded down, so 99.9% is never "100%")."""
    if threshold.amount <= ZERO:
        return 0
    return int((cost * 100) // threshold.amount)


def above_threshold(cost: Decimal, threshold: Threshold) -> Decimal:
    """What the support costs beyond the threshold: the most a top-up could be asked to meet."""
    return money(max(ZERO, cost - threshold.amount))


# Top-up requests: draft -> sent -> decided.

DRAFT, SENT, DECIDED = "draft", "sent", "decided"
NEXT = {DRAFT: SENT, SENT: DECIDED}


def transition_problem(current: str, wanted: str) -> str | None:
    if NEXT.get(current) == wanted:
        return None
    if current == DECIDED:
        return "The local authority has already decided this request: start a new one for a new period."
    if current == DRAFT and wanted == DECIDED:
        return "Send the request to the local authority before recording its decision."
    return "This request has already been sent."


def decision_problem(amount: Decimal | None, period_start: dt.date | None, period_end: dt.date | None) -> str | None:
    if amount is None or amount < ZERO:
        return "Enter the amount the local authority agreed, £0 if it refused"
    if period_start and period_end and period_end <= period_start:
        return "The period must end after it starts"
    return None


# The budget: notional SEN budget and IMF allocation against commitments and spend.


@dataclass(frozen=True)
class BudgetPosition:
    notional_sen_budget: Decimal
    imf_allocation: Decimal
    committed: Decimal  # what the year's support lines cost in the year (provision's annual costs)
    spent: Decimal  # what the sessions held so far cost

    @property
    def available(self) -> Decimal:
        return money(self.notional_sen_budget + self.imf_allocation)

    @property
    def uncommitted(self) -> Decimal:
        """Left once every planned line is paid for; negative when the plans cost more than the budget."""
        return money(self.available - self.committed)

    @property
    def committed_share(self) -> int | None:
        if self.available <= ZERO:
            return None
        return int((self.committed * 100) // self.available)

    @property
    def over_committed(self) -> bool:
        return self.committed > self.available
