"""The statutory clock (SEND Regulations 2014), in one pure module: the pages, reminders and API all
call these two functions. Calendar weeks from the date; no holiday shifting (docs/adr/0014)."""

from __future__ import annotations

import datetime as dt

REQUEST_WEEKS = {
    "decision_to_assess": 6,  # reg 5: whether to carry out an EHC needs assessment
    "not_to_issue": 16,  # reg 10: a decision not to issue a plan, after an assessment
    "final_plan": 20,  # reg 13: the final EHC plan
}
ANNUAL_REVIEW_WEEKS = {
    "review_report": 2,  # reg 20: the school's report of the review meeting
    "la_decision": 4,  # reg 20: the LA's decision to keep, amend or cease the plan
    "amendments_final": 12,  # reg 22: an amended plan, final
}


def _after(day: dt.date, weeks: dict[str, int]) -> dict[str, dt.date]:
    return {step: day + dt.timedelta(weeks=n) for step, n in weeks.items()}


def request_deadlines(received_on: dt.date) -> dict[str, dt.date]:
    """The deadlines of an EHC needs assessment request, from the day the LA received it."""
    return _after(received_on, REQUEST_WEEKS)


def annual_review_deadlines(meeting_on: dt.date) -> dict[str, dt.date]:
    """The deadlines after an EHC plan's annual review meeting."""
    return _after(meeting_on, ANNUAL_REVIEW_WEEKS)
