"""Pure rules of the SEN register: UPN and ULN checks, plausible dates of birth, and the census
rules for needs.

No database here: plain values in, plain messages out, so hypothesis can exercise them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .codes import STATUS_EHC, STATUS_SUPPORT, is_ascii_digits, need_types

UPN_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 23 letters: no I, O or S
# A school's pupils are 2 (the youngest nursery places) to 25 (the SEND code's upper age).
YOUNGEST_AGE, OLDEST_AGE = 2, 25
SHOWN_LENGTH = 40  # how much of a wrong value a message repeats


def shown(value: str) -> str:
    """A value as a message quotes it: repr (so control characters are visible), cut short."""
    text = str(value)
    return repr(text if len(text) <= SHOWN_LENGTH else text[:SHOWN_LENGTH] + "…")


def upn_check_letter(body: str) -> str:
    """The check letter for the 12 characters after it (positions 2 to 13)."""
    if len(body) != 12:
        raise ValueError("a UPN body is 12 characters")
    total = 0
    for weight, char in enumerate(body, start=2):
        if is_ascii_digits(char):
            value = int(char)
        elif weight == 13 and char in UPN_ALPHABET:
            value = UPN_ALPHABET.index(char)
        else:
            raise ValueError(f"character {weight} ({char!r}) is not allowed")
        total += value * weight
    return UPN_ALPHABET[total % 23]


def upn_problem(raw: str) -> str | None:
    """Why this is not a valid UPN, in words a school administrator understands; None if valid."""
    if raw is None or str(raw).strip() == "":
        return "UPN is missing"
    upn = str(raw).strip().upper()
    if len(upn) != 13:
        return f"UPN {shown(upn)} has {len(upn)} characters; a UPN has 13"
    first = upn[0]
    if first not in UPN_ALPHABET:
        return f"UPN {shown(upn)} must start with a check letter (A to Z, not I, O or S)"
    if not is_ascii_digits(upn[1:12]):
        return f"UPN {shown(upn)}: characters 2 to 12 must be the digits 0 to 9"
    last = upn[12]
    if not (is_ascii_digits(last) or last in UPN_ALPHABET):
        return (
            f"UPN {shown(upn)}: character 13 must be a digit 0 to 9 or, for a temporary UPN, a letter other than I, O "
            "or S"
        )
    expected = upn_check_letter(upn[1:])
    if expected != first:
        return f"UPN {shown(upn)} has check letter {first} but its digits need {expected}: check for a mistyped digit"
    return None


def normalise_upn(raw: str) -> str:
    return str(raw).strip().upper()


def uln_problem(raw: str) -> str | None:
    """Why this is not a valid Unique Learner Number (10 digits, the last a check digit); None if it is."""
    uln = str(raw or "").strip()
    if len(uln) != 10 or not is_ascii_digits(uln):
        return f"ULN {shown(uln)} must be 10 digits, 0 to 9"
    remainder = sum(int(d) * (10 - i) for i, d in enumerate(uln[:9])) % 11
    if remainder == 0 or int(uln[9]) != 10 - remainder:
        return f"ULN {shown(uln)} fails its check digit: check for a mistyped digit"
    return None


def academic_year_of(day: dt.date) -> int:
    """The academic year a day falls in, by the calendar year it starts (1 September)."""
    return day.year if day.month >= 9 else day.year - 1


def year_group_for(date_of_birth: dt.date, academic_year: int) -> str | None:
    """The National Curriculum year of a child born on this day, in the academic year starting
    1 September `academic_year`, when they are in the year for their age (children born
    1 September to 31 August share a year): "N1", "N2", "R", "1" to "14"; None outside them."""
    offset = academic_year - academic_year_of(date_of_birth) - 5
    if offset == -2:
        return "N1"
    if offset == -1:
        return "N2"
    if offset == 0:
        return "R"
    if 1 <= offset <= 14:
        return str(offset)
    return None


def age_on(date_of_birth: dt.date, on: dt.date) -> int:
    """Age in whole years on a day."""
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


def date_of_birth_problem(date_of_birth: dt.date, *, on: dt.date) -> str | None:
    """Why this cannot be a school pupil's date of birth on `on` (in the future, or making them
    younger than 2 or older than 25); None if it can."""
    shown_date = date_of_birth.strftime("%d/%m/%Y")
    if date_of_birth > on:
        return f"date of birth {shown_date} is in the future: check the year"
    age = age_on(date_of_birth, on)
    years = f"{age} year{'' if age == 1 else 's'} old"
    if age < YOUNGEST_AGE:
        return f"date of birth {shown_date} makes the pupil {years}, younger than {YOUNGEST_AGE}: check the year"
    if age > OLDEST_AGE:
        return f"date of birth {shown_date} makes the pupil {years}, older than {OLDEST_AGE}: check the year"
    return None


def is_temporary_upn(upn: str) -> bool:
    return len(upn) == 13 and upn[12].isalpha()


@dataclass(frozen=True)
class RankedNeed:
    code: str
    rank: int | None  # 1 primary, 2 secondary, None: recorded by the school beyond the census pair


def census_need_problems(status: str, needs: Sequence[RankedNeed]) -> list[str]:
    """The census rules for a pupil's SEN provision and ranked needs.

    - a need type is required (at rank 1) when the provision is SEN Support (K) or EHC plan (E);
    - ranks are 1 and 2 only, each used once, and rank 2 needs a rank 1;
    - NSA is valid only with SEN Support (K);
    - the same need type cannot be recorded twice;
    - a pupil with no SEN carries no census-ranked need.
    """
    problems: list[str] = []
    known = need_types()
    ranked = [need for need in needs if need.rank is not None]
    ranks = [need.rank for need in ranked]
    for need in needs:
        entry = known.get(need.code)
        if entry is None:
            problems.append(f"need type {need.code!r} is not a DfE need type")
        elif not entry.current:
            problems.append(f"need type {need.code} is historic; use {entry.replaced_by}")
    for rank in sorted(set(ranks)):
        if rank not in (1, 2):
            problems.append(f"rank {rank} is not allowed: the census carries rank 1 (primary) and rank 2 (secondary)")
        elif ranks.count(rank) > 1:
            problems.append(f"more than one need has rank {rank}")
    if 2 in ranks and 1 not in ranks:
        problems.append("a secondary need (rank 2) needs a primary need (rank 1) first")
    codes = [need.code for need in needs]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        problems.append(f"need type {code} is recorded more than once")
    if status in (STATUS_SUPPORT, STATUS_EHC):
        if 1 not in ranks:
            label = "SEN Support (K)" if status == STATUS_SUPPORT else "an EHC plan (E)"
            problems.append(f"a pupil on {label} needs a primary need type (rank 1)")
    elif ranked:
        problems.append("only pupils on SEN Support (K) or with an EHC plan (E) carry census-ranked needs")
    if status != STATUS_SUPPORT and "NSA" in codes:
        problems.append("NSA (no specialist assessment) is only valid with SEN Support (K)")
    return problems
