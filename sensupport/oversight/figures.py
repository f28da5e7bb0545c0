"""One school's SEN Support quality figures as plain values (issue 13), and the pure rules that make
them: terms, year group at first identification, who left SEN Support recently. No queries here:
`selectors.py` gathers the facts, `tables.py` shows them (with suppression outside the school).

A school's figures travel as a JSON-able dict too (`as_dict`/`from_dict`): the LA dashboard reads
them from `SchoolSummary` rows refreshed by a task (docs/adr/0016-oversight-freshness.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from sensupport.pupils import codes
from sensupport.pupils.models import YEAR_GROUPS

TERMS_SHOWN = 6
RECENTLY_LEFT_MONTHS = 24
SEN_STATUSES = (codes.STATUS_SUPPORT, codes.STATUS_EHC)
BEFORE_SCHOOL = "Before school"
NOT_KNOWN = "Not known"


@dataclass
class TermFigures:
    term: str  # "Autumn 2026"
    identified: int = 0  # pupils first placed on SEN Support (or given an EHC plan) in the term
    reviews_held: int = 0
    reviews_on_time: int = 0  # held on or before the plan's agreed review date
    parent_meetings: int = 0  # distinct pupil-days met with parents (not letters or emails)


@dataclass
class SchoolFigures:
    """Counts of pupils (and money) for one school, or added up for an LA."""

    pupils: int = 0
    support: int = 0  # SEN Support (K)
    ehc: int = 0  # EHC plan (E)
    need_support: dict[str, int] = field(default_factory=dict)  # primary need code -> pupils on K
    need_ehc: dict[str, int] = field(default_factory=dict)
    support_with_plan: int = 0  # K pupils with a plan agreed with parents and in force
    reviews_held: int = 0  # reviews held in the last 12 months
    reviews_on_time: int = 0
    reviews_overdue: int = 0  # plans in force whose review date has passed
    parents_met: int = 0  # K pupils whose parents were met three times in 12 months
    with_plan: int = 0  # K and E pupils with a plan in force
    barriers_no_provision: int = 0  # of `with_plan`: a present barrier no support in the plan meets
    plans_with_teachers: int = 0  # plans in force whose pupil has class staff
    plans_read: int = 0  # of those: read by every teacher and TA of the pupil's classes and groups
    first_year: dict[str, int] = field(default_factory=dict)  # year group at first identification -> pupils
    flagged: int = 0  # pupils with no SEN flagged by the progress checks
    flagged_not_acted: int = 0  # of those: no concern raised in the last 12 months
    ex_sen_watched: int = 0  # left SEN Support in the last 24 months, watched by the progress checks
    topups_sent: int = 0  # element 3 requests sent to the LA (not drafts)
    topups_decided: int = 0
    topup_requested: str = "0.00"  # money as text (JSON keeps it exact)
    topup_decided_amount: str = "0.00"
    additional_spend: str = "0.00"  # this financial year's additional cost of support in working plans
    terms: list[TermFigures] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> SchoolFigures:
        known = set(cls.__dataclass_fields__)
        values = {key: value for key, value in data.items() if key in known}
        values["terms"] = [TermFigures(**term) for term in data.get("terms", [])]
        return cls(**values)


MONEY_FIELDS = ("topup_requested", "topup_decided_amount", "additional_spend")
COUNT_FIELDS = tuple(name for name, spec in SchoolFigures.__dataclass_fields__.items() if spec.type == "int")
DICT_FIELDS = ("need_support", "need_ehc", "first_year")


def add_up(many: Iterable[SchoolFigures]) -> SchoolFigures:
    """The LA's figures: every count and sum added up, terms matched by name."""
    counts = dict.fromkeys(COUNT_FIELDS, 0)
    money = dict.fromkeys(MONEY_FIELDS, Decimal(0))
    dicts: dict[str, dict[str, int]] = {name: {} for name in DICT_FIELDS}
    terms: dict[str, TermFigures] = {}
    for one in many:
        values = one.__dict__
        for name in COUNT_FIELDS:
            counts[name] += values[name]
        for name in MONEY_FIELDS:
            money[name] += Decimal(values[name])
        for name in DICT_FIELDS:
            into = dicts[name]
            for key, n in values[name].items():
                into[key] = into.get(key, 0) + n
        for term in one.terms:
            into = terms.setdefault(term.term, TermFigures(term.term))
            into.identified += term.identified
            into.reviews_held += term.reviews_held
            into.reviews_on_time += term.reviews_on_time
            into.parent_meetings += term.parent_meetings
    return SchoolFigures(
        **counts,
        **{name: str(amount) for name, amount in money.items()},
        **dicts,
        terms=sorted(terms.values(), key=lambda t: term_sort_key(t.term)),
    )


# ---- terms ---------------------------------------------------------------------------------------

TERM_NAMES = ("Spring", "Summer", "Autumn")


def term_of(day: dt.date) -> tuple[int, int]:
    """(calendar year, 0 spring / 1 summer / 2 autumn): spring January to March, summer April to
    August, autumn September to December (the census's three collections)."""
    return day.year, 0 if day.month <= 3 else (1 if day.month <= 8 else 2)


def term_label(term: tuple[int, int]) -> str:
    return f"{TERM_NAMES[term[1]]} {term[0]}"


def term_sort_key(label: str) -> tuple[int, int]:
    name, year = label.rsplit(" ", 1)
    return int(year), TERM_NAMES.index(name)


def recent_terms(today: dt.date, n: int = TERMS_SHOWN) -> list[tuple[int, int]]:
    """The term `today` is in and the n-1 before it, oldest first."""
    year, index = term_of(today)
    terms = []
    for _ in range(n):
        terms.append((year, index))
        year, index = (year, index - 1) if index else (year - 1, 2)
    return terms[::-1]


def term_start(term: tuple[int, int]) -> dt.date:
    return dt.date(term[0], (1, 4, 9)[term[1]], 1)


# ---- year group at first identification -----------------------------------------------------------


def academic_year(day: dt.date) -> int:
    """The calendar year the academic year containing `day` began in (1 September)."""
    return day.year if day.month >= 9 else day.year - 1


def year_group_on(current_year_group: str, day: dt.date, *, today: dt.date) -> str:
    """The year group a pupil now in `current_year_group` was in on `day`: "Before school" when
    earlier than nursery, "Not known" for a pupil not following national curriculum years."""
    if current_year_group not in YEAR_GROUPS or current_year_group == "X":
        return NOT_KNOWN
    index = YEAR_GROUPS.index(current_year_group) - (academic_year(today) - academic_year(day))
    if index < 0:
        return BEFORE_SCHOOL
    return YEAR_GROUPS[min(index, len(YEAR_GROUPS) - 2)]


def year_group_label(key: str) -> str:
    if key in (BEFORE_SCHOOL, NOT_KNOWN):
        return key
    return {"N1": "Nursery 1", "N2": "Nursery 2", "R": "Reception"}.get(key, f"Year {key}")


def year_group_order(key: str) -> int:
    if key == BEFORE_SCHOOL:
        return -1
    if key == NOT_KNOWN:
        return len(YEAR_GROUPS) + 1
    return YEAR_GROUPS.index(key)


# ---- left SEN Support -----------------------------------------------------------------------------


def months_before(day: dt.date, months: int) -> dt.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, min(day.day, 28))


def left_support_on(history: Iterable[tuple[str, dt.date]]) -> dt.date | None:
    """The day a pupil last moved from SEN Support or an EHC plan to no SEN or monitoring, from their
    status history as (status, start) pairs; None if they never did or are back on it."""
    entries = sorted(history, key=lambda entry: entry[1])
    left = None
    for (before, _), (after, start) in zip(entries, entries[1:], strict=False):
        if before in SEN_STATUSES and after not in SEN_STATUSES:
            left = start
        elif after in SEN_STATUSES:
            left = None
    return left
