"""Every deadline of the statutory clock, worked out by hand (leap years and year ends included)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from sensupport.ehc.clock import annual_review_deadlines, request_deadlines

D = dt.date


def test_request_deadlines_in_an_ordinary_term():
    assert request_deadlines(D(2026, 9, 14)) == {
        "decision_to_assess": D(2026, 10, 26),
        "not_to_issue": D(2027, 1, 4),
        "final_plan": D(2027, 2, 1),
    }


def test_request_deadlines_across_a_year_end():
    assert request_deadlines(D(2026, 12, 1)) == {
        "decision_to_assess": D(2027, 1, 12),
        "not_to_issue": D(2027, 3, 23),
        "final_plan": D(2027, 4, 20),
    }


def test_request_deadlines_across_29_february():
    # 2028 is a leap year: 1 February + 6 weeks is 14 March (29 days in February), not 15 March.
    assert request_deadlines(D(2028, 2, 1)) == {
        "decision_to_assess": D(2028, 3, 14),
        "not_to_issue": D(2028, 5, 23),
        "final_plan": D(2028, 6, 20),
    }
    assert request_deadlines(D(2028, 2, 29))["decision_to_assess"] == D(2028, 4, 11)


def test_annual_review_deadlines():
    assert annual_review_deadlines(D(2027, 3, 3)) == {
        "review_report": D(2027, 3, 17),
        "la_decision": D(2027, 3, 31),
        "amendments_final": D(2027, 5, 26),
    }


def test_annual_review_deadlines_across_a_year_end_and_a_leap_day():
    assert annual_review_deadlines(D(2027, 12, 20)) == {
        "review_report": D(2028, 1, 3),
        "la_decision": D(2028, 1, 17),
        "amendments_final": D(2028, 3, 13),
    }
    assert annual_review_deadlines(D(2028, 2, 20))["review_report"] == D(2028, 3, 5)


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 1, 1)))
def test_every_deadline_is_whole_weeks_later_on_the_same_weekday(day):
    for deadlines, weeks in ((request_deadlines(day), (6, 16, 20)), (annual_review_deadlines(day), (2, 4, 12))):
        assert [(d - day).days for d in deadlines.values()] == [7 * n for n in weeks]
        assert all(d.weekday() == day.weekday() for d in deadlines.values())
