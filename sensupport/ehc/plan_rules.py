"""The rules of an EHC plan's annual review, pure (plain values in, plain values out).

- The next review is due 12 months after the plan was first issued, then 12 months after the last
  review meeting (Code of Practice 9.166; the same rule as the school's summary, `pupils.ehc`).
- Invitations go out at least two weeks before the meeting (SEND Regulations 2014 reg 19).
- After the meeting the deadlines are the statutory clock's (`clock.annual_review_deadlines`: the
  school's report in two weeks, the LA's decision in four, amendments final in twelve); this module
  calls it, never recomputes them.
- A phase transfer (into Reception, Year 7 or post-16) is reviewed and the plan amended by 15
  February of the year of transfer; 31 March for a move from Year 11 to post-16 (Code 9.179, reg 18).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sensupport.pupils import ehc as summary_rules

from . import clock

INVITATION_NOTICE = dt.timedelta(weeks=2)
DUE_SOON_DAYS = summary_rules.DUE_SOON_DAYS  # eight weeks: time to fix a date and invite two weeks ahead

# Year group now -> (what the move is, the deadline's month and day in the year of transfer).
PHASE_TRANSFERS = {
    "N2": ("from nursery to school (Reception)", (2, 15)),
    "6": ("from primary to secondary school (Year 7)", (2, 15)),
    "11": ("from Year 11 to post-16", (3, 31)),
}
# The sections a final plan cannot be issued without (a draft may leave any of them empty; the
# draft must not name the school in section I: Code 9.77).
FINAL_REQUIRED = (
    ("needs", "section B (special educational needs)"),
    ("outcomes", "section E (outcomes)"),
    ("provision", "section F (special educational provision)"),
    ("placement_name", "section I (the name of the school or other institution)"),
    ("placement_type", "section I (the type of school or other institution)"),
)


def next_review_due(first_issued_on: dt.date, last_meeting_on: dt.date | None = None) -> dt.date:
    """12 months after the last review meeting or, before the first one, after the plan was issued
    (29 February plus 12 months is 28 February)."""
    return summary_rules.annual_review_due(first_issued_on, last_meeting_on)


def review_state(due: dt.date, *, today: dt.date) -> str:
    """'overdue' once the due date has passed, 'due soon' within eight weeks, else ''."""
    return summary_rules.review_state(due, today=today, soon_days=DUE_SOON_DAYS)


def invitations_by(meeting_on: dt.date) -> dt.date:
    """The last day invitations may go out: two weeks before the meeting."""
    return meeting_on - INVITATION_NOTICE


def invitations_late(sent_on: dt.date, meeting_on: dt.date) -> bool:
    return sent_on > invitations_by(meeting_on)


@dataclass(frozen=True)
class PhaseTransfer:
    move: str  # "from primary to secondary school (Year 7)"
    transfer_year: int  # the September the pupil moves
    deadline: dt.date  # the plan reviewed and amended by this day
    academic_year_start: dt.date  # 1 September before the move: an amendment from here counts


def academic_year_start(on: dt.date) -> dt.date:
    """1 September of the school year `on` falls in."""
    return dt.date(on.year if on.month >= 9 else on.year - 1, 9, 1)


def phase_transfer(year_group: str, *, on: dt.date) -> PhaseTransfer | None:
    """The move a pupil in `year_group` makes at the end of the school year that `on` falls in, or
    None when their next year is in the same phase."""
    if year_group not in PHASE_TRANSFERS:
        return None
    move, (month, day) = PHASE_TRANSFERS[year_group]
    start = academic_year_start(on)
    year = start.year + 1
    return PhaseTransfer(move=move, transfer_year=year, deadline=dt.date(year, month, day), academic_year_start=start)


def phase_transfer_state(transfer: PhaseTransfer, *, amended_on: dt.date | None, today: dt.date) -> str:
    """'done' when a final plan was issued since the school year began, 'overdue' after the
    deadline without one, 'due soon' within eight weeks of it, else ''."""
    if amended_on is not None and amended_on >= transfer.academic_year_start:
        return "done"
    return review_state(transfer.deadline, today=today)


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    due: dt.date
    done_on: dt.date | None
    state: str  # "done", "done late", "overdue", "to do"


def _step(key: str, label: str, due: dt.date, done_on: dt.date | None, today: dt.date) -> Step:
    if done_on is not None:
        return Step(key, label, due, done_on, "done late" if done_on > due else "done")
    return Step(key, label, due, done_on, "overdue" if today > due else "to do")


def review_steps(
    *,
    meeting_on: dt.date,
    invitations_sent_on: dt.date | None,
    held_on: dt.date | None,
    report_sent_on: dt.date | None,
    decided_on: dt.date | None,
    decision: str,
    amended_final_on: dt.date | None,
    today: dt.date,
) -> list[Step]:
    """Each step of one annual review with its deadline and whether it is done, late or overdue.
    Deadlines after the meeting count from the day it was held (the planned day until then)."""
    deadlines = clock.annual_review_deadlines(held_on or meeting_on)
    steps = [
        _step("invitations", "Invitations sent", invitations_by(meeting_on), invitations_sent_on, today),
        _step("meeting", "Review meeting held", meeting_on, held_on, today),
        _step(
            "report", "School's report sent to the local authority", deadlines["review_report"], report_sent_on, today
        ),
        _step("decision", "Local authority's decision", deadlines["la_decision"], decided_on, today),
    ]
    if decision == "amend":
        steps.append(
            _step("amendments", "Amended plan issued (final)", deadlines["amendments_final"], amended_final_on, today)
        )
    return steps


def overdue_steps(steps: list[Step]) -> list[Step]:
    return [step for step in steps if step.state == "overdue"]


def final_problems(sections: dict[str, str]) -> list[str]:
    """What a draft lacks before it can be issued as the final plan (empty: it can be)."""
    return [
        f"Fill in {label} before issuing the final plan"
        for field, label in FINAL_REQUIRED
        if not sections.get(field, "").strip()
    ]


def date_problem(
    day: dt.date, *, today: dt.date, what: str, not_before: dt.date | None = None, before_what: str = ""
) -> str:
    """A recorded date cannot be in the future, nor before the step it follows."""
    if day > today:
        return f"{what} cannot be in the future"
    if not_before is not None and day < not_before:
        return f"{what} cannot be before {before_what} ({not_before:%-d %B %Y})"
    return ""
