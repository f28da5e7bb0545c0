"""The Local Offer's rules over plain values: when an entry is stale, reading and writing opening
times, who an entry is for by age, and what a proposed change changes. No database."""

from __future__ import annotations

import datetime as dt
import re

# An entry not confirmed for this long is flagged to its owner and the LA (ADR 0019).
STALE_AFTER_DAYS = 365

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORUK_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# The fields a provider may propose a change to (categories are the LA's: never here).
PROPOSABLE = (
    "name",
    "description",
    "how_to_access",
    "fees",
    "minimum_age",
    "maximum_age",
    "contact_name",
    "email",
    "phone",
    "url",
    "opening_times",
)
LABELS = {
    "name": "Name",
    "description": "What it offers",
    "how_to_access": "How to get it",
    "fees": "Cost",
    "minimum_age": "Youngest age",
    "maximum_age": "Oldest age",
    "contact_name": "Contact",
    "email": "Email",
    "phone": "Phone",
    "url": "Website",
    "opening_times": "Opening times",
}


def stale_before(on: dt.date) -> dt.date:
    """Entries last checked before this date are stale on `on`."""
    return on - dt.timedelta(days=STALE_AFTER_DAYS)


def is_stale(last_checked_on: dt.date, *, on: dt.date) -> bool:
    return last_checked_on < stale_before(on)


def for_age(age: int, minimum: int | None, maximum: int | None) -> bool:
    """A service with no minimum (maximum) age has no lower (upper) limit."""
    return (minimum is None or minimum <= age) and (maximum is None or age <= maximum)


def age_range_text(minimum: int | None, maximum: int | None) -> str:
    if minimum is None and maximum is None:
        return "Any age"
    if minimum is None:
        return f"Up to {maximum}"
    if maximum is None:
        return f"{minimum} and over"
    return f"{minimum} to {maximum}"


class OpeningTimesError(ValueError):
    pass


_LINE = re.compile(r"^\s*([A-Za-z]+)\s+(\d{1,2})[:.](\d{2})\s*(?:-|to|–)\s*(\d{1,2})[:.](\d{2})\s*$")


def parse_opening_times(text: str) -> list[tuple[int, dt.time, dt.time]]:
    """One opening a line, "Monday 09:00-17:00" (or "Mon 9.00 to 17.00"). Raises OpeningTimesError
    naming the line that cannot be read."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if not match:
            raise OpeningTimesError(
                f'Opening times, line {number} ("{line.strip()[:40]}"): write a day and two times, '
                "for example Monday 09:00-17:00."
            )
        day, h1, m1, h2, m2 = match.groups()
        weekday = next((i for i, name in enumerate(WEEKDAYS) if name.lower().startswith(day.lower()[:3])), None)
        if weekday is None or len(day) < 3:
            raise OpeningTimesError(f'Opening times, line {number}: "{day}" is not a day of the week.')
        try:
            opens, closes = dt.time(int(h1), int(m1)), dt.time(int(h2), int(m2))
        except ValueError:
            raise OpeningTimesError(f"Opening times, line {number}: a time is not a time of day.") from None
        if closes <= opens:
            raise OpeningTimesError(f"Opening times, line {number}: it closes before it opens.")
        out.append((weekday, opens, closes))
    return sorted(out)


def format_opening_times(rows) -> str:
    """The text parse_opening_times reads back: [(weekday, opens, closes)]."""
    return "\n".join(f"{WEEKDAYS[d]} {o:%H:%M}-{c:%H:%M}" for d, o, c in sorted(rows))


def changed_fields(current: dict, proposed: dict) -> list[tuple[str, object, object]]:
    """(label, now, proposed) for each proposable field whose value would change."""
    return [
        (LABELS[key], current.get(key), proposed[key])
        for key in PROPOSABLE
        if key in proposed and _blank(current.get(key)) != _blank(proposed[key])
    ]


def _blank(value):
    return "" if value is None else value
