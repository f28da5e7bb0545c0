"""What support costs: pure arithmetic over plain values (Decimal GBP), hypothesis-tested.

    annual cost per pupil = hourly cost x hours per week x weeks / group size + resources / group size

Hours per week are sessions per week x minutes per session / 60. Weeks are the weeks the line runs
in the financial year (April to March), at most the school's weeks per year. Rounding happens once,
at the end, to the penny (half up), so a line's figure can be recomputed from the columns of the
export exactly. A rate is the hourly cost in force on a day: a new rate from a date never changes
the cost of days before it (ADR 0011).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
TENTH = Decimal("0.1")
ZERO = Decimal("0")
NO_COST = "No cost"


def money(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def money_text(value: Decimal | None) -> str:
    """£1,234.50; nothing to pay is "No cost", never an empty cell or £0.00."""
    if value is None or value == 0:
        return NO_COST
    return f"£{money(value):,.2f}"


def financial_year_start(on: dt.date) -> dt.date:
    """The 1 April that starts the financial year `on` falls in."""
    return dt.date(on.year if on.month >= 4 else on.year - 1, 4, 1)


def financial_year_end(start: dt.date) -> dt.date:
    return dt.date(start.year + 1, 3, 31)


def financial_year_label(start: dt.date) -> str:
    return f"{start.year}-{str(start.year + 1)[2:]}"


def rate_on(rates: Iterable[tuple[dt.date, Decimal]], on: dt.date) -> Decimal | None:
    """The hourly cost in force on a day: the rate with the latest start on or before it."""
    best: tuple[dt.date, Decimal] | None = None
    for valid_from, hourly in rates:
        if valid_from <= on and (best is None or valid_from > best[0]):
            best = (valid_from, hourly)
    return best[1] if best else None


def costing_day(fy_start: dt.date, *, today: dt.date) -> dt.date:
    """The day whose rate prices a year's planned support: today in the current year, the year's
    last day for a past one, its first day for a future one (so a later rate never reprices a past year)."""
    return min(max(today, fy_start), financial_year_end(fy_start))


def delivery_weeks(start: dt.date | None, end: dt.date | None, *, fy_start: dt.date, weeks_per_year: int) -> Decimal:
    """The school weeks a line runs in the financial year, to a tenth: the whole of the school's
    weeks for a line with no dates, otherwise its share of the year's days (holidays fall evenly)."""
    fy_end = financial_year_end(fy_start)
    first = max(start or fy_start, fy_start)
    last = min(end or fy_end, fy_end)
    if last < first:
        return ZERO.quantize(TENTH)
    days = (last - first).days + 1
    year_days = (fy_end - fy_start).days + 1
    weeks = Decimal(weeks_per_year) * Decimal(days) / Decimal(year_days)
    return min(weeks, Decimal(weeks_per_year)).quantize(TENTH, rounding=ROUND_HALF_UP)


def hours_per_week(sessions_per_week: Decimal, minutes_per_session: int) -> Decimal:
    return Decimal(sessions_per_week) * Decimal(minutes_per_session) / Decimal(60)


def annual_cost_per_pupil(
    *,
    hourly_cost: Decimal,
    sessions_per_week: Decimal,
    minutes_per_session: int,
    weeks: Decimal,
    group_size: int,
    resources_cost: Decimal,
) -> Decimal:
    """hourly cost x hours per week x weeks / group size + resources / group size, to the penny."""
    if group_size < 1:
        raise ValueError("A group has at least one pupil.")
    staff = Decimal(hourly_cost) * hours_per_week(sessions_per_week, minutes_per_session) * Decimal(weeks)
    return money((staff + Decimal(resources_cost)) / Decimal(group_size))


def session_cost_per_pupil(*, hourly_cost: Decimal, minutes: int, group_size: int) -> Decimal:
    """One held session's staff time, shared by the group (unrounded: sums are rounded once)."""
    return Decimal(hourly_cost) * Decimal(minutes) / Decimal(60) / Decimal(max(group_size, 1))


def cost_to_date(*, held: Sequence[tuple[Decimal, int]], group_size: int, resources_cost: Decimal) -> Decimal:
    """What a line has cost so far, from the sessions actually held: each held session's staff time
    at the rate in force that day (`held` = (hourly cost that day, minutes) per session), shared by
    the group; the resources' share counts once the first session has been held."""
    if not held:
        return money(ZERO)
    staff = sum((session_cost_per_pupil(hourly_cost=h, minutes=m, group_size=group_size) for h, m in held), ZERO)
    return money(staff + Decimal(resources_cost) / Decimal(max(group_size, 1)))


def total(values: Iterable[Decimal | None]) -> Decimal:
    return money(sum((v for v in values if v is not None), ZERO))


def impact(entry: Decimal | None, exit_: Decimal | None) -> Decimal | None:
    """The change from entry to exit score (None until both are known)."""
    if entry is None or exit_ is None:
        return None
    return Decimal(exit_) - Decimal(entry)


def sessions_planned(weekdays: Sequence[int], start: dt.date, end: dt.date, *, weeks_per_year: int) -> int:
    """The sessions a group should have held from `start` to `end` (inclusive): each weekly time's
    days in the range, scaled by the school's weeks a year over 52 (holidays assumed spread evenly)."""
    if end < start or not weekdays:
        return 0
    days = (end - start).days + 1
    whole_weeks, extra = divmod(days, 7)
    count = 0
    for weekday in weekdays:
        count += whole_weeks + (1 if (weekday - start.weekday()) % 7 < extra else 0)
    return int((Decimal(count) * Decimal(weeks_per_year) / Decimal(52)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
