"""The rules of an EHC needs-assessment request, pure: which step may follow which, and the timeline
school, family and LA all see. Every deadline comes from `clock.request_deadlines` (ADR 0014);
nothing here counts weeks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .clock import request_deadlines

SENT = "sent"
RECEIVED = "received"
NOT_ASSESSING = "not_assessing"
ASSESSING = "assessing"
DRAFT_ISSUED = "draft_issued"
FINAL_ISSUED = "final_issued"
NOT_ISSUING = "not_issuing"
CLOSED_STAGES = frozenset({NOT_ASSESSING, FINAL_ISSUED, NOT_ISSUING})

COMMENT_DAYS = 15  # reg 13(1)(a): the family has at least 15 days to comment on a draft plan

# The LA's steps: key -> (label, the stages it may be recorded at, the stage it leads to, reasons needed)
STEPS: dict[str, tuple[str, frozenset, str | None, bool]] = {
    "received": ("Request received", frozenset({SENT}), RECEIVED, False),
    "assess": ("Decided to carry out an EHC needs assessment", frozenset({RECEIVED}), ASSESSING, False),
    "not_assess": ("Decided not to carry out an EHC needs assessment", frozenset({RECEIVED}), NOT_ASSESSING, True),
    "advice_requested": ("Advice requested", frozenset({ASSESSING}), None, False),
    "advice_received": ("Advice received", frozenset({ASSESSING}), None, False),
    "draft_issued": ("Draft EHC plan issued", frozenset({ASSESSING}), DRAFT_ISSUED, False),
    "final_issued": ("Final EHC plan issued", frozenset({DRAFT_ISSUED}), FINAL_ISSUED, False),
    "not_issue": ("Decided not to issue an EHC plan", frozenset({ASSESSING}), NOT_ISSUING, True),
}

APPEAL = (
    "The family can appeal against this decision to the First-tier Tribunal (Special Educational Needs "
    "and Disability). Before appealing they must contact a mediation adviser, within 2 months of the "
    "decision letter. The local authority's letter explains how."
)


@dataclass(frozen=True)
class RequestDates:
    """What a request has recorded, as plain values (the model's fields of the same names)."""

    stage: str
    sent_on: dt.date
    received_on: dt.date | None = None
    decision_on: dt.date | None = None
    advice_requested_on: dt.date | None = None
    advice_received_on: dt.date | None = None
    draft_issued_on: dt.date | None = None
    final_issued_on: dt.date | None = None
    not_to_issue_on: dt.date | None = None
    exception: str = ""

    @classmethod
    def of(cls, request) -> RequestDates:
        return cls(**{name: getattr(request, name) for name in cls.__dataclass_fields__})


def next_steps(dates: RequestDates) -> list[str]:
    """The steps that may be recorded now, in the order they usually come."""
    done = {
        "advice_requested": dates.advice_requested_on is not None,
        "advice_received": dates.advice_received_on is not None,
    }
    return [key for key, (_, stages, _, _) in STEPS.items() if dates.stage in stages and not done.get(key)]


def step_problem(dates: RequestDates, step: str, on: dt.date | None, reasons: str, *, today: dt.date) -> str:
    """Why this step cannot be recorded ('' if it can), naming the field at fault in the message."""
    if step not in STEPS:
        return "Choose which step to record"
    label, stages, _, needs_reasons = STEPS[step]
    if dates.stage not in stages:
        return f"'{label}' cannot be recorded now: the request is at '{stage_label(dates.stage)}'"
    if on is None:
        return "Enter the date of the step"
    if on > today:
        return "The date of the step cannot be in the future"
    earliest = dates.sent_on if step == "received" else (dates.received_on or dates.sent_on)
    if on < earliest:
        what = "it was sent" if step == "received" else "the local authority received it"
        return f"The date cannot be before the request was made ({what} on {earliest:%d/%m/%Y})"
    if step == "advice_received" and dates.advice_requested_on and on < dates.advice_requested_on:
        return "Advice cannot be received before it was requested"
    if step == "final_issued":
        comments_end = comments_close(dates.draft_issued_on)
        if comments_end and on < comments_end:
            return (
                f"The family has until {comments_end:%d/%m/%Y} to comment on the draft plan (15 days): "
                "the final plan cannot be issued before then"
            )
    if needs_reasons and not (reasons or "").strip():
        return "Give the reasons for the decision: the family reads them"
    return ""


def stage_after(dates: RequestDates, step: str) -> str:
    return STEPS[step][2] or dates.stage


def comments_close(draft_issued_on: dt.date | None) -> dt.date | None:
    return draft_issued_on + dt.timedelta(days=COMMENT_DAYS) if draft_issued_on else None


def stage_label(stage: str) -> str:
    return {
        SENT: "sent, not yet received",
        RECEIVED: "received",
        NOT_ASSESSING: "decided not to assess",
        ASSESSING: "assessing",
        DRAFT_ISSUED: "draft plan issued",
        FINAL_ISSUED: "final plan issued",
        NOT_ISSUING: "decided not to issue a plan",
    }.get(stage, stage)


@dataclass(frozen=True)
class Milestone:
    """One statutory deadline, as school, family and LA all see it."""

    key: str  # a key of clock.request_deadlines
    label: str
    due_on: dt.date
    done_on: dt.date | None
    state: str  # done, late, overdue, due, not_needed
    exception: bool = False  # reg 10(4) applies: the time limit does not bind

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"


LABELS = {
    "decision_to_assess": "Decision whether to assess (6 weeks)",
    "not_to_issue": "Draft plan, or decision not to issue one (16 weeks)",
    "final_plan": "Final EHC plan (20 weeks)",
}


def milestones(dates: RequestDates, *, today: dt.date) -> list[Milestone]:
    """The three statutory deadlines from the day the LA received the request (none before then)."""
    if dates.received_on is None:
        return []
    due = request_deadlines(dates.received_on)
    not_assessing = dates.stage == NOT_ASSESSING
    done = {
        "decision_to_assess": dates.decision_on,
        "not_to_issue": dates.draft_issued_on or dates.not_to_issue_on,
        "final_plan": dates.final_issued_on or dates.not_to_issue_on,
    }
    rows = []
    for key, due_on in due.items():
        done_on = done[key]
        if key != "decision_to_assess" and not_assessing:
            state = "not_needed"
        elif done_on is not None:
            state = "done" if done_on <= due_on else "late"
        elif today > due_on:
            state = "overdue"
        else:
            state = "due"
        rows.append(Milestone(key, LABELS[key], due_on, done_on, state, exception=bool(dates.exception)))
    return rows


def overdue_steps(dates: RequestDates, *, today: dt.date) -> list[Milestone]:
    """The deadlines passed with nothing recorded, unless an exception (reg 10(4)) applies."""
    if dates.exception:
        return []
    return [m for m in milestones(dates, today=today) if m.overdue]
