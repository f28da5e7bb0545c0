"""Plan quality checks: pure functions over plain values, shown on the plan and the register.

The Code of Practice asks for provision that removes barriers (6.44), the pupil's and parents'
views (6.45-6.48), a review date agreed with parents (6.48) and meetings with parents at least
three times a year (6.65).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

DEFAULT_CYCLE_WEEKS = 13  # a term; schools may choose a shorter cycle
MEETINGS_PER_YEAR = 3


@dataclass(frozen=True)
class PlanFacts:
    barriers: dict[int, str]  # barriers present now: id -> title
    provision_barriers: Sequence[tuple[str, frozenset[int]]]  # (provision description, barrier ids)
    pupil_views: str
    parent_views: str
    review_date: dt.date | None
    starts_on: dt.date  # agreed date, or today for a draft
    parent_meetings: Sequence[dt.date] = field(default_factory=tuple)


@dataclass(frozen=True)
class Check:
    key: str
    passed: bool
    title: str
    detail: str


def plan_quality(facts: PlanFacts, *, today: dt.date, cycle_weeks: int = DEFAULT_CYCLE_WEEKS) -> list[Check]:
    checks: list[Check] = []
    covered = set().union(*[ids for _, ids in facts.provision_barriers]) if facts.provision_barriers else set()
    unmet = [title for bid, title in facts.barriers.items() if bid not in covered]
    checks.append(
        Check(
            "barriers_have_provision",
            bool(facts.barriers) and not unmet,
            "Every barrier has support",
            "No barriers are recorded yet" if not facts.barriers else (
                "No support yet for: " + "; ".join(unmet) if unmet else f"All {len(facts.barriers)} barriers have support linked to them"
            ),
        )
    )
    orphans = [desc for desc, ids in facts.provision_barriers if not (ids & set(facts.barriers))]
    checks.append(
        Check(
            "provision_addresses_barrier",
            bool(facts.provision_barriers) and not orphans,
            "Every piece of support addresses a barrier",
            "No support is planned yet" if not facts.provision_barriers else (
                "Not linked to a current barrier: " + "; ".join(_short(d) for d in orphans) if orphans else "All support is linked to a barrier"
            ),
        )
    )
    checks.append(Check("pupil_views", bool(facts.pupil_views.strip()), "The pupil's views are recorded", "" if facts.pupil_views.strip() else "Ask the pupil what helps and what is hard, and record it in their words"))
    checks.append(Check("parent_views", bool(facts.parent_views.strip()), "The parents' views are recorded", "" if facts.parent_views.strip() else "Record what the parents say, in their words"))
    latest = facts.starts_on + dt.timedelta(weeks=cycle_weeks)
    if facts.review_date is None:
        checks.append(Check("review_date", False, "A review date is set", "Set a review date"))
    elif facts.review_date > latest:
        checks.append(Check("review_date", False, "A review date is set", f"The review on {facts.review_date:%d/%m/%Y} is more than {cycle_weeks} weeks after the plan starts: review by {latest:%d/%m/%Y}"))
    else:
        checks.append(Check("review_date", True, "A review date is set", f"Review on {facts.review_date:%d/%m/%Y}"))
    meetings = meetings_in_last_year(facts.parent_meetings, today=today)
    checks.append(
        Check(
            "three_meetings",
            meetings >= MEETINGS_PER_YEAR,
            "Met parents three times in the last 12 months",
            f"{meetings} meeting{'s' if meetings != 1 else ''} with parents in the last 12 months (the Code asks for at least {MEETINGS_PER_YEAR})",
        )
    )
    return checks


def meetings_in_last_year(dates: Iterable[dt.date], *, today: dt.date) -> int:
    start = today - dt.timedelta(days=365)
    return len({d for d in dates if start < d <= today})


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
