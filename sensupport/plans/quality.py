"""Plan quality checks: pure functions over plain values, shown on the plan and the register.

The Code of Practice asks for provision that removes barriers (6.44), outcomes for the barriers
the plan addresses, with progress judged against the pupil's own starting point (6.17, 6.40), the
pupil's and parents' views (6.45-6.48), a review date agreed with parents (6.48) and meetings with
parents at least three times a year (6.65).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

DEFAULT_CYCLE_WEEKS = 13  # a term; schools may choose a shorter cycle
MEETINGS_PER_YEAR = 3


@dataclass(frozen=True)
class OutcomeFacts:
    description: str
    how_we_will_know: str
    barrier_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class PlanFacts:
    barriers: dict[int, str]  # barriers present now: id -> title
    provision_barriers: Sequence[tuple[str, frozenset[int]]]  # (provision description, barrier ids)
    pupil_views: str
    parent_views: str
    review_date: dt.date | None
    starts_on: dt.date  # agreed date, or today for a draft
    parent_meetings: Sequence[dt.date] = field(default_factory=tuple)
    outcomes: Sequence[OutcomeFacts] = field(default_factory=tuple)
    no_outcome_reasons: Mapping[int, str] = field(default_factory=dict)  # barrier id -> why it has no outcome


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
            "No barriers are recorded yet"
            if not facts.barriers
            else (
                "No support yet for: " + "; ".join(unmet)
                if unmet
                else f"All {len(facts.barriers)} barriers have support linked to them"
            ),
        )
    )
    orphans = [desc for desc, ids in facts.provision_barriers if not (ids & set(facts.barriers))]
    checks.append(
        Check(
            "provision_addresses_barrier",
            bool(facts.provision_barriers) and not orphans,
            "Every piece of support addresses a barrier",
            "No support is planned yet"
            if not facts.provision_barriers
            else (
                "Not linked to a current barrier: " + "; ".join(_short(d) for d in orphans)
                if orphans
                else "All support is linked to a barrier"
            ),
        )
    )
    checks.append(barriers_have_outcome(facts))
    checks.append(outcomes_say_how_we_will_know(facts.outcomes))
    checks.append(
        Check(
            "pupil_views",
            bool(facts.pupil_views.strip()),
            "The pupil's views are recorded",
            ""
            if facts.pupil_views.strip()
            else "Ask the pupil what helps and what is hard, and record it in their words",
        )
    )
    checks.append(
        Check(
            "parent_views",
            bool(facts.parent_views.strip()),
            "The parents' views are recorded",
            "" if facts.parent_views.strip() else "Record what the parents say, in their words",
        )
    )
    latest = facts.starts_on + dt.timedelta(weeks=cycle_weeks)
    if facts.review_date is None:
        checks.append(Check("review_date", False, "A review date is set", "Set a review date"))
    elif facts.review_date > latest:
        checks.append(
            Check(
                "review_date",
                False,
                "A review date is set",
                f"The review on {facts.review_date:%d/%m/%Y} is more than {cycle_weeks} weeks after the plan starts: "
                f"review by {latest:%d/%m/%Y}",
            )
        )
    else:
        checks.append(Check("review_date", True, "A review date is set", f"Review on {facts.review_date:%d/%m/%Y}"))
    meetings = meetings_in_last_year(facts.parent_meetings, today=today)
    checks.append(
        Check(
            "three_meetings",
            meetings >= MEETINGS_PER_YEAR,
            "Met parents three times in the last 12 months",
            f"{meetings} meeting{'s' if meetings != 1 else ''} with parents in the last 12 months (the Code asks for "
            f"at least {MEETINGS_PER_YEAR})",
        )
    )
    return checks


def barriers_have_outcome(facts: PlanFacts) -> Check:
    """Every barrier the plan addresses has an outcome linked to it, or a recorded reason why not."""
    title = "Every barrier has an outcome, or a reason why not"
    if not facts.barriers:
        return Check("barriers_have_outcome", False, title, "No barriers are recorded yet")
    linked = set().union(*[o.barrier_ids for o in facts.outcomes]) if facts.outcomes else set()
    missing = [
        t
        for bid, t in facts.barriers.items()
        if bid not in linked and not (facts.no_outcome_reasons.get(bid) or "").strip()
    ]
    if missing:
        return Check(
            "barriers_have_outcome",
            False,
            title,
            "No outcome yet for: " + "; ".join(missing) + ". Link an outcome to each barrier, or say why it has none",
        )
    return Check(
        "barriers_have_outcome", True, title, f"All {len(facts.barriers)} barriers have an outcome or a reason why not"
    )


# Words that say something should get better without saying what anyone will see or hear.
VAGUE_WORDS = frozenset(
    [
        "progress",
        "progressing",
        "improve",
        "improves",
        "improved",
        "improving",
        "improvement",
        "improvements",
        "better",
        "best",
        "achieve",
        "achieves",
        "achieving",
        "achievement",
        "develop",
        "develops",
        "developing",
        "development",
        "expected",
        "targets",
        "target",
        "good",
        "well",
    ]
)
# Words that carry no observable meaning on their own.
FILLER_WORDS = frozenset(
    [
        "he",
        "she",
        "they",
        "it",
        "him",
        "her",
        "them",
        "his",
        "hers",
        "their",
        "theirs",
        "s",
        "will",
        "would",
        "should",
        "can",
        "could",
        "to",
        "be",
        "is",
        "are",
        "was",
        "be",
        "being",
        "been",
        "make",
        "makes",
        "made",
        "making",
        "get",
        "gets",
        "getting",
        "do",
        "does",
        "doing",
        "show",
        "shows",
        "more",
        "much",
        "some",
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "in",
        "on",
        "at",
        "with",
        "for",
        "overall",
        "general",
        "generally",
        "level",
        "levels",
        "area",
        "areas",
        "all",
        "his",
        "pupil",
        "child",
        "learning",
        "work",
    ]
)
HOW_WE_WILL_KNOW_EXAMPLE = (
    "say what we will see or hear that is different from where the pupil starts now, for example: "
    '"Now she asks for help once a week; by the review she asks for help in most lessons without a prompt"'
)


def vague_how_we_will_know(text: str) -> bool:
    """True when the text only says things will get better ("progress", "improve", "be better"),
    with no more than two other meaningful words to say what will be seen or heard."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    if not words:
        return True
    meaningful = [w for w in words if w not in FILLER_WORDS and w not in VAGUE_WORDS]
    has_vague = any(w in VAGUE_WORDS for w in words)
    return (has_vague and len(meaningful) <= 2) or not meaningful


def outcomes_say_how_we_will_know(outcomes: Sequence[OutcomeFacts]) -> Check:
    """Every outcome says how we will know: an observable change from the pupil's own starting point (6.17)."""
    title = "Every outcome says how we will know"
    if not outcomes:
        return Check(
            "outcomes_how_we_will_know",
            False,
            title,
            "No outcomes yet: add what the pupil and family want to be different",
        )
    empty = [_short(o.description) for o in outcomes if not o.how_we_will_know.strip()]
    vague = [
        _short(o.description)
        for o in outcomes
        if o.how_we_will_know.strip() and vague_how_we_will_know(o.how_we_will_know)
    ]
    problems = []
    if empty:
        problems.append("Not said for: " + "; ".join(empty))
    if vague:
        problems.append('Too general ("progress", "improve", "be better") for: ' + "; ".join(vague))
    if problems:
        return Check(
            "outcomes_how_we_will_know", False, title, ". ".join(problems) + ". For each, " + HOW_WE_WILL_KNOW_EXAMPLE
        )
    return Check(
        "outcomes_how_we_will_know",
        True,
        title,
        "Each outcome says what will be different from the pupil's starting point",
    )


def meetings_in_last_year(dates: Iterable[dt.date], *, today: dt.date) -> int:
    start = today - dt.timedelta(days=365)
    return len({d for d in dates if start < d <= today})


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
