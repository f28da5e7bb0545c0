"""The annual review's rules, worked out by hand: year ends, leap years, phase transfers."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sensupport.ehc import plan_rules as r

D = dt.date


def test_the_first_review_is_due_12_months_after_the_plan_was_issued():
    assert r.next_review_due(D(2026, 3, 10)) == D(2027, 3, 10)


def test_after_a_review_the_next_is_due_12_months_after_the_meeting():
    assert r.next_review_due(D(2025, 3, 10), D(2026, 1, 20)) == D(2027, 1, 20)


def test_a_plan_issued_on_29_february_is_due_on_28_february():
    assert r.next_review_due(D(2028, 2, 29)) == D(2029, 2, 28)


def test_a_review_due_across_a_year_end():
    assert r.next_review_due(D(2025, 12, 31)) == D(2026, 12, 31)
    assert r.next_review_due(D(2025, 6, 1), D(2026, 12, 31)) == D(2027, 12, 31)


def test_invitations_go_out_two_weeks_before_the_meeting():
    assert r.invitations_by(D(2026, 1, 8)) == D(2025, 12, 25)  # across the year end
    assert r.invitations_by(D(2028, 3, 7)) == D(2028, 2, 22)
    assert r.invitations_by(D(2028, 3, 14)) == D(2028, 2, 29)  # leap day
    assert not r.invitations_late(D(2025, 12, 25), D(2026, 1, 8))
    assert r.invitations_late(D(2025, 12, 26), D(2026, 1, 8))


def test_review_state_overdue_due_soon_or_nothing():
    today = D(2026, 12, 4)
    assert r.review_state(D(2026, 12, 3), today=today) == "overdue"
    assert r.review_state(D(2026, 12, 4), today=today) == "due soon"
    assert r.review_state(D(2027, 1, 29), today=today) == "due soon"  # 56 days on
    assert r.review_state(D(2027, 1, 30), today=today) == ""


def test_the_steps_after_a_meeting_held_before_christmas():
    steps = r.review_steps(
        meeting_on=D(2026, 12, 17),
        invitations_sent_on=D(2026, 12, 1),
        held_on=D(2026, 12, 17),
        report_sent_on=None,
        decided_on=None,
        decision="",
        amended_final_on=None,
        today=D(2027, 1, 1),
    )
    by_key = {s.key: s for s in steps}
    assert [s.key for s in steps] == ["invitations", "meeting", "report", "decision"]
    assert by_key["invitations"].due == D(2026, 12, 3) and by_key["invitations"].state == "done"
    assert by_key["meeting"].state == "done"
    assert by_key["report"].due == D(2026, 12, 31) and by_key["report"].state == "overdue"
    assert by_key["decision"].due == D(2027, 1, 14) and by_key["decision"].state == "to do"
    assert r.overdue_steps(steps) == [by_key["report"]]


def test_an_amend_decision_adds_the_12_week_step_across_29_february():
    steps = r.review_steps(
        meeting_on=D(2028, 2, 1),
        invitations_sent_on=D(2028, 1, 20),
        held_on=D(2028, 2, 1),
        report_sent_on=D(2028, 2, 10),
        decided_on=D(2028, 3, 1),
        decision="amend",
        amended_final_on=None,
        today=D(2028, 4, 1),
    )
    by_key = {s.key: s for s in steps}
    assert by_key["invitations"].state == "done late"  # 20 January is after 18 January
    assert by_key["decision"].due == D(2028, 2, 29) and by_key["decision"].state == "done late"
    assert by_key["amendments"].due == D(2028, 4, 25) and by_key["amendments"].state == "to do"


def test_deadlines_count_from_the_day_the_meeting_was_held_not_planned():
    steps = r.review_steps(
        meeting_on=D(2026, 6, 1),
        invitations_sent_on=None,
        held_on=D(2026, 6, 8),
        report_sent_on=None,
        decided_on=None,
        decision="",
        amended_final_on=None,
        today=D(2026, 6, 9),
    )
    assert {s.key: s.due for s in steps}["report"] == D(2026, 6, 22)


@pytest.mark.parametrize(
    ("year_group", "on", "deadline"),
    [
        ("6", D(2026, 9, 1), D(2027, 2, 15)),  # the first day of Year 6
        ("6", D(2027, 8, 31), D(2027, 2, 15)),  # the last day of the same school year
        ("6", D(2026, 12, 31), D(2027, 2, 15)),  # across the year end
        ("11", D(2027, 10, 5), D(2028, 3, 31)),  # Year 11 to post-16: 31 March
        ("N2", D(2027, 1, 10), D(2027, 2, 15)),
    ],
)
def test_phase_transfer_deadlines(year_group, on, deadline):
    transfer = r.phase_transfer(year_group, on=on)
    assert transfer is not None and transfer.deadline == deadline
    assert transfer.transfer_year == deadline.year


@pytest.mark.parametrize("year_group", ["R", "5", "7", "10", "12", "X"])
def test_no_phase_transfer_within_a_phase(year_group):
    assert r.phase_transfer(year_group, on=D(2026, 12, 4)) is None


def test_phase_transfer_state():
    transfer = r.phase_transfer("6", on=D(2026, 12, 4))
    assert r.phase_transfer_state(transfer, amended_on=D(2026, 11, 30), today=D(2026, 12, 4)) == "done"
    assert r.phase_transfer_state(transfer, amended_on=D(2026, 8, 31), today=D(2026, 12, 4)) == ""  # last year's
    assert r.phase_transfer_state(transfer, amended_on=None, today=D(2027, 1, 5)) == "due soon"
    assert r.phase_transfer_state(transfer, amended_on=None, today=D(2027, 2, 16)) == "overdue"


def test_a_final_plan_needs_needs_outcomes_provision_and_placement():
    problems = r.final_problems({"needs": "Autism", "outcomes": " ", "provision": "x", "placement_name": "Willow Bank"})
    assert problems == [
        "Fill in section E (outcomes) before issuing the final plan",
        "Fill in section I (the type of school or other institution) before issuing the final plan",
    ]


# ---------------------------------------------------------------- properties over any date

DAYS = st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31))


@given(DAYS)
def test_a_review_is_due_a_calendar_year_on(day):
    due = r.next_review_due(day)
    assert 365 <= (due - day).days <= 366
    assert (due.year, due.month) == (day.year + 1, day.month)


@given(DAYS)
def test_invitations_are_due_on_the_same_weekday_two_weeks_before(day):
    by = r.invitations_by(day)
    assert (day - by).days == 14 and by.weekday() == day.weekday()


@given(DAYS, st.sampled_from(["", "amend", "no_change"]))
def test_the_steps_come_in_order(day, decision):
    steps = r.review_steps(
        meeting_on=day,
        invitations_sent_on=None,
        held_on=None,
        report_sent_on=None,
        decided_on=None,
        decision=decision,
        amended_final_on=None,
        today=day,
    )
    dues = [s.due for s in steps]
    assert dues == sorted(dues) and len(set(dues)) == len(dues)
    assert (len(steps) == 5) == (decision == "amend")


@given(DAYS, st.sampled_from(sorted(r.PHASE_TRANSFERS)))
def test_a_phase_transfer_deadline_falls_in_the_school_year_before_the_move(day, year_group):
    transfer = r.phase_transfer(year_group, on=day)
    assert transfer.academic_year_start <= day < D(transfer.transfer_year, 9, 1)
    assert transfer.academic_year_start < transfer.deadline < D(transfer.transfer_year, 9, 1)
