"""The request's rules, checked by hand: the deadlines come from clock.py (received 5 January 2026:
6 weeks is 16 February, 16 weeks 27 April, 20 weeks 25 May), the order of the LA's steps, the 15
days for the family's comments, and exceptions shown but not counted as overdue."""

from __future__ import annotations

import datetime as dt

from sensupport.ehc import request_rules as rules
from sensupport.ehc.request_rules import RequestDates

JAN5 = dt.date(2026, 1, 5)


def received(**kwargs) -> RequestDates:
    values = {"stage": rules.RECEIVED, "sent_on": dt.date(2026, 1, 2), "received_on": JAN5} | kwargs
    return RequestDates(**values)


def test_the_three_deadlines_run_from_the_day_the_la_received_the_request():
    found = rules.milestones(received(), today=JAN5)
    assert [(m.key, m.due_on, m.state) for m in found] == [
        ("decision_to_assess", dt.date(2026, 2, 16), "due"),
        ("not_to_issue", dt.date(2026, 4, 27), "due"),
        ("final_plan", dt.date(2026, 5, 25), "due"),
    ]


def test_no_deadline_before_the_request_is_received():
    assert rules.milestones(RequestDates(stage=rules.SENT, sent_on=JAN5), today=dt.date(2026, 6, 1)) == []


def test_a_decision_on_the_last_day_is_on_time_and_the_next_day_late():
    on_time = rules.milestones(
        received(stage=rules.ASSESSING, decision_on=dt.date(2026, 2, 16)), today=dt.date(2026, 3, 1)
    )
    late = rules.milestones(
        received(stage=rules.ASSESSING, decision_on=dt.date(2026, 2, 17)), today=dt.date(2026, 3, 1)
    )
    assert on_time[0].state == "done" and late[0].state == "late"


def test_a_deadline_passed_with_nothing_recorded_is_overdue_from_the_next_day():
    assert rules.milestones(received(), today=dt.date(2026, 2, 16))[0].state == "due"
    assert [m.key for m in rules.overdue_steps(received(), today=dt.date(2026, 2, 17))] == ["decision_to_assess"]


def test_after_a_decision_not_to_assess_the_later_deadlines_are_not_needed():
    dates = received(stage=rules.NOT_ASSESSING, decision_on=dt.date(2026, 2, 1))
    assert [m.state for m in rules.milestones(dates, today=dt.date(2026, 9, 1))] == ["done", "not_needed", "not_needed"]


def test_an_exception_is_shown_on_every_deadline_but_not_reminded_as_overdue():
    dates = received(exception="personal_circumstances")
    found = rules.milestones(dates, today=dt.date(2026, 6, 1))
    assert all(m.exception for m in found) and [m.state for m in found] == ["overdue"] * 3
    assert rules.overdue_steps(dates, today=dt.date(2026, 6, 1)) == []


def test_steps_follow_the_statutory_order():
    assert rules.next_steps(RequestDates(stage=rules.SENT, sent_on=JAN5)) == ["received"]
    assert rules.next_steps(received()) == ["assess", "not_assess"]
    assessing = received(stage=rules.ASSESSING, decision_on=JAN5, advice_requested_on=JAN5)
    assert rules.next_steps(assessing) == ["advice_received", "draft_issued", "not_issue"]
    assert rules.next_steps(received(stage=rules.FINAL_ISSUED)) == []


def test_a_step_out_of_order_is_refused_naming_where_the_request_is():
    problem = rules.step_problem(received(), "draft_issued", JAN5, "", today=JAN5)
    assert "Draft EHC plan issued" in problem and "received" in problem


def test_a_decision_not_to_assess_needs_reasons_for_the_family():
    today = dt.date(2026, 2, 1)
    assert "reasons" in rules.step_problem(received(), "not_assess", today, "  ", today=today)
    assert rules.step_problem(received(), "not_assess", today, "Needs met at SEN Support", today=today) == ""


def test_dates_in_the_future_or_before_the_request_are_refused():
    assert "future" in rules.step_problem(received(), "assess", dt.date(2026, 2, 2), "", today=dt.date(2026, 2, 1))
    assert "05/01/2026" in rules.step_problem(received(), "assess", dt.date(2026, 1, 4), "", today=dt.date(2026, 2, 1))


def test_the_final_plan_waits_for_the_familys_15_days():
    dates = received(stage=rules.DRAFT_ISSUED, decision_on=JAN5, draft_issued_on=dt.date(2026, 3, 2))
    today = dt.date(2026, 4, 1)
    assert rules.comments_close(dt.date(2026, 3, 2)) == dt.date(2026, 3, 17)
    assert "17/03/2026" in rules.step_problem(dates, "final_issued", dt.date(2026, 3, 16), "", today=today)
    assert rules.step_problem(dates, "final_issued", dt.date(2026, 3, 17), "", today=today) == ""
