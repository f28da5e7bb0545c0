"""UPN check letters and the census rules for SEN provision and ranked needs."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.gb import upn as stdnum_upn

from sensupport.pupils import codes
from sensupport.pupils.census import UPN_ALPHABET, RankedNeed, census_need_problems, upn_check_letter, upn_problem
from sensupport.pupils.transitions import Conversation, status_change_problem

DIGITS = "0123456789"


def test_primer_examples():
    assert upn_problem("R201100018042") is None
    problem = upn_problem("A801200005001")
    assert "check letter A" in problem and "need B" in problem


def test_upn_problems_say_what_is_wrong():
    assert "13" in upn_problem("R20110001804")
    assert "missing" in upn_problem("")
    assert "check letter" in upn_problem("I201100018042")
    assert "digits" in upn_problem("R2011000180X2")
    assert upn_problem(" r201100018042 ") is None  # case and spaces forgiven


upn_bodies = st.tuples(
    st.text(alphabet=DIGITS, min_size=11, max_size=11),
    st.sampled_from(list(DIGITS + UPN_ALPHABET)),
).map(lambda parts: parts[0] + parts[1])


@given(upn_bodies)
def test_check_letter_agrees_with_python_stdnum(body):
    assert upn_check_letter(body) == stdnum_upn.calc_check_digit(body)
    assert upn_problem(upn_check_letter(body) + body) is None


@given(upn_bodies, st.integers(min_value=1, max_value=11), st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_is_caught(body, position, delta):
    upn = upn_check_letter(body) + body
    if not upn[position].isdigit():
        return
    changed = upn[:position] + str((int(upn[position]) + delta) % 10) + upn[position + 1 :]
    # Weights 2..13 against mod 23 are never 0, so any single-digit change moves the check letter.
    assert upn_problem(changed) is not None


def test_type_required_for_k_and_e():
    for status in ("K", "E"):
        problems = census_need_problems(status, [])
        assert any("primary need" in p for p in problems)
    assert census_need_problems("K", [RankedNeed("SLCN", 1)]) == []
    assert census_need_problems("E", [RankedNeed("ASD", 1), RankedNeed("SLCN", 2)]) == []


def test_nsa_only_with_k():
    assert census_need_problems("K", [RankedNeed("NSA", 1)]) == []
    assert any("NSA" in p for p in census_need_problems("E", [RankedNeed("NSA", 1)]))


def test_single_need_must_be_rank_one():
    problems = census_need_problems("K", [RankedNeed("SLCN", 2)])
    assert any("rank 2" in p for p in problems)


def test_at_most_two_census_ranked_needs_but_school_may_record_more():
    assert any(
        "rank 3" in p
        for p in census_need_problems("K", [RankedNeed("SLCN", 1), RankedNeed("ASD", 2), RankedNeed("SPLD", 3)])
    )
    assert (
        census_need_problems(
            "K", [RankedNeed("SLCN", 1), RankedNeed("ASD", 2), RankedNeed("SPLD", None), RankedNeed("HI", None)]
        )
        == []
    )


def test_duplicates_and_unknown_and_historic_codes():
    assert any("more than once" in p for p in census_need_problems("K", [RankedNeed("SLCN", 1), RankedNeed("SLCN", 2)]))
    assert any(
        "more than one need has rank 1" in p
        for p in census_need_problems("K", [RankedNeed("SLCN", 1), RankedNeed("ASD", 1)])
    )
    assert any("not a DfE need type" in p for p in census_need_problems("K", [RankedNeed("XYZ", 1)]))
    assert any("historic" in p and "SEMH" in p for p in census_need_problems("K", [RankedNeed("BESD", 1)]))


def test_no_sen_carries_no_ranked_need():
    assert any("only pupils on SEN Support" in p for p in census_need_problems("N", [RankedNeed("SLCN", 1)]))
    assert census_need_problems("N", [RankedNeed("SLCN", None)]) == []


need_codes = st.sampled_from([n.code for n in codes.current_need_types()])


@given(
    status=st.sampled_from(["N", "M", "K", "E"]),
    needs=st.lists(st.tuples(need_codes, st.sampled_from([1, 2, None])), max_size=4),
)
def test_census_rules_hold_for_every_accepted_combination(status, needs):
    ranked = [RankedNeed(code, rank) for code, rank in needs]
    if census_need_problems(status, ranked):
        return
    ranks = [n.rank for n in ranked if n.rank]
    # Whatever the rules accept obeys every census rule.
    assert len(ranks) == len(set(ranks)) and set(ranks) <= {1, 2}
    assert not ranks or 1 in ranks
    if status in ("K", "E"):
        assert 1 in ranks
    else:
        assert ranks == []
    if any(n.code == "NSA" for n in ranked):
        assert status == "K"


def test_historic_codes_map():
    assert codes.normalise_provision_code("A")[0] == "K"
    assert codes.normalise_provision_code("p")[0] == "K"
    assert codes.normalise_provision_code("S")[0] == "E"
    assert codes.normalise_provision_code("Q") == (None, None)
    assert codes.normalise_need_code("BESD")[0] == "SEMH"
    assert codes.census_provision("M") == "N"


TODAY = dt.date(2026, 11, 24)


def test_sen_support_needs_a_conversation_with_parents_first():
    assert "conversation" in status_change_problem(current="M", new="K", on=TODAY, conversations=[], current_since=None)
    ok = [Conversation(TODAY - dt.timedelta(days=3), "start_support")]
    assert status_change_problem(current="M", new="K", on=TODAY, conversations=ok, current_since=None) is None
    stale = [Conversation(TODAY - dt.timedelta(days=400), "start_support")]
    assert status_change_problem(current="N", new="K", on=TODAY, conversations=stale, current_since=None) is not None
    wrong_kind = [Conversation(TODAY, "concern")]
    assert (
        status_change_problem(current="N", new="K", on=TODAY, conversations=wrong_kind, current_since=None) is not None
    )


def test_ending_sen_support_needs_a_conversation_since_it_started():
    since = TODAY - dt.timedelta(days=30)
    before = [Conversation(since - dt.timedelta(days=5), "end_support")]
    assert status_change_problem(current="K", new="N", on=TODAY, conversations=before, current_since=since) is not None
    after = [Conversation(TODAY - dt.timedelta(days=1), "end_support")]
    assert status_change_problem(current="K", new="N", on=TODAY, conversations=after, current_since=since) is None


def test_ehc_plan_is_not_ended_by_the_school():
    assert "local authority" in status_change_problem(
        current="E", new="N", on=TODAY, conversations=[], current_since=None
    )


def test_codes_take_ascii_digits_only():
    from sensupport.pupils.codes import is_ascii_digits

    assert is_ascii_digits("0123456789")
    for odd in ("", "²", "١٢", "٣", "１", "1 2", "-1", "1.0"):
        assert not is_ascii_digits(odd), odd


@given(upn_bodies, st.integers(min_value=1, max_value=11), st.sampled_from(["²", "٣", "۳", "३", "１"]))
def test_a_upn_with_any_non_ascii_digit_is_a_problem_never_a_crash(body, position, odd):
    upn = upn_check_letter(body) + body
    problem = upn_problem(upn[:position] + odd + upn[position + 1 :])
    assert problem is not None and "digits 0 to 9" in problem


def test_uln_problems_are_ascii_only():
    from sensupport.pupils.census import uln_problem

    assert uln_problem("1234567899") is None  # 9 digits, then the check digit
    assert uln_problem("123456789²") == "ULN '123456789²' must be 10 digits, 0 to 9"
    assert uln_problem("١٢٣٤٥٦٧٨٩١") == "ULN '١٢٣٤٥٦٧٨٩١' must be 10 digits, 0 to 9"
    assert "check digit" in uln_problem("1234567890")


def test_a_date_of_birth_is_plausible_for_ages_2_to_25():
    from sensupport.pupils.census import date_of_birth_problem

    on = dt.date(2026, 9, 1)
    assert date_of_birth_problem(dt.date(2024, 9, 1), on=on) is None  # 2 today
    assert date_of_birth_problem(dt.date(2000, 9, 2), on=on) is None  # 25, 26 tomorrow
    assert "younger than 2" in date_of_birth_problem(dt.date(2024, 9, 2), on=on)
    assert "older than 25" in date_of_birth_problem(dt.date(2000, 9, 1), on=on)
    assert (
        date_of_birth_problem(dt.date(2999, 1, 1), on=on) == "date of birth 01/01/2999 is in the future: check the year"
    )


@pytest.mark.parametrize(
    ("born", "academic_year", "expected"),
    [
        (dt.date(2015, 9, 1), 2026, "6"),  # first day of the Year 6 cohort in 2026/27
        (dt.date(2016, 8, 31), 2026, "6"),  # last day of it
        (dt.date(2016, 9, 1), 2026, "5"),
        (dt.date(2021, 9, 1), 2026, "R"),
        (dt.date(2022, 9, 1), 2026, "N2"),
        (dt.date(2023, 9, 1), 2026, "N1"),
        (dt.date(2024, 9, 1), 2026, None),  # too young for school
        (dt.date(2007, 9, 1), 2026, "14"),
        (dt.date(2006, 9, 1), 2026, None),
    ],
)
def test_year_group_for_an_age_follows_the_september_cohort(born, academic_year, expected):
    from sensupport.pupils.census import year_group_for

    assert year_group_for(born, academic_year) == expected
