"""Plan coverage: does every pupil with SEN have a written plan, reviewed on time, with their
parents met often enough? What the SENCO sees first (the home page) and filters the register on.

The rules (pure functions, plain values in):

- **No plan**: a pupil on SEN Support (K) with no plan agreed with the parents and in force
  (version status agreed or active). A draft, or a plan that has been reviewed and whose next
  version is not agreed yet, does not count: the Code asks for a plan agreed with the parents
  (6.48), and the seeds' argument is that *every* pupil with SEN has one. How long: since the
  start of the pupil's current unbroken run of SEN Support in the status history.
- **Review overdue**: a pupil on SEN Support or with an EHC plan whose plan in force has a review
  date before today (6.48, the date for review agreed with the parents).
- **Parents not met**: a pupil on SEN Support whose parents have been met fewer than three times
  in the last 12 months (6.65). A meeting is a recorded conversation with the parents held in
  person, by telephone or by video call (a letter or email is not a meeting), or a plan review
  with the parents present. Meetings are counted as distinct days, so a review recorded with the
  parents (which also records a conversation the same day) counts once.
- **EHC plan** (E): the local authority's plan. These pupils are counted on their own and never
  as "no plan"; their annual review date has no record in sensupport yet (the EHC capability
  will give it one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from sensupport.core.remember import RememberedByRows, rows_key
from sensupport.pupils import codes
from sensupport.pupils.models import ParentConversation, Pupil, SenStatusChange
from sensupport.pupils.selectors import COVERAGE_CHOICES

from .models import Plan
from .quality import MEETINGS_PER_YEAR, meetings_in_last_year

NO_PLAN, REVIEW_OVERDUE, PARENTS_NOT_MET = (key for key, _ in COVERAGE_CHOICES)
COVERAGE_KINDS = tuple(key for key, _ in COVERAGE_CHOICES)

CURRENT = (Plan.Status.AGREED, Plan.Status.ACTIVE)


# ---- pure rules ---------------------------------------------------------------------------


def support_since(history: Iterable[tuple[str, dt.date]]) -> dt.date | None:
    """The day the pupil's current unbroken run of SEN Support began, from their status history
    as (status, start date) pairs in any order; None when the latest status is not SEN Support.
    Repeated K entries (a re-import, a historic code mapped to K) do not restart the clock."""
    ordered = sorted(history, key=lambda entry: entry[1])
    since = None
    for status, start in reversed(ordered):
        if status != codes.STATUS_SUPPORT:
            break
        since = start
    return since


def parents_met_enough(meeting_days: Iterable[dt.date], *, today: dt.date) -> bool:
    return meetings_in_last_year(meeting_days, today=today) >= MEETINGS_PER_YEAR


@dataclass(frozen=True)
class PlanState:
    version: int
    status: str
    review_date: dt.date | None


@dataclass(frozen=True)
class PupilCoverage:
    """One pupil's coverage facts, and the gaps the rules find in them."""

    pupil_id: int
    sen_status: str
    support_since: dt.date | None
    current_plan: PlanState | None  # agreed or active
    meeting_days: frozenset[dt.date] = field(default_factory=frozenset)

    def gaps(self, *, today: dt.date) -> frozenset[str]:
        found = set()
        if self.sen_status == codes.STATUS_SUPPORT:
            if self.current_plan is None:
                found.add(NO_PLAN)
            if not parents_met_enough(self.meeting_days, today=today):
                found.add(PARENTS_NOT_MET)
        if (
            self.sen_status in (codes.STATUS_SUPPORT, codes.STATUS_EHC)
            and self.current_plan
            and self.current_plan.review_date
        ) and self.current_plan.review_date < today:
            found.add(REVIEW_OVERDUE)
        return frozenset(found)

    def meetings(self, *, today: dt.date) -> int:
        return meetings_in_last_year(self.meeting_days, today=today)


def plan_label(plans: Sequence[PlanState], sen_status: str) -> str:
    """The register export's Plan column: the plan in force (version and status); else the newest
    version there is (a draft, or a reviewed plan waiting for its next version); else "EHC plan"
    for a pupil with one from the local authority; else "none"."""
    current = [p for p in plans if p.status in CURRENT]
    live = current or sorted(
        (p for p in plans if p.status != Plan.Status.SUPERSEDED), key=lambda p: p.version, reverse=True
    )
    if live:
        plan = live[0]
        text = f"Version {plan.version}: {Plan.Status(plan.status).label}"
        if plan.status in CURRENT and plan.review_date:
            text += f", review by {plan.review_date:%d/%m/%Y}"
        return text
    return "EHC plan" if sen_status == codes.STATUS_EHC else "none"


# ---- queries: a fixed number, whatever the school's size -------------------------------------


def _coverage_rows(pupils, *, today: dt.date) -> tuple[list, list, list, list]:
    """The rows the coverage of the SEN pupils among `pupils` is made from: (pupil, status), the
    status history, the plans in force and the meeting days. Five queries."""
    sen = pupils.filter(sen_status__in=[codes.STATUS_SUPPORT, codes.STATUS_EHC])
    statuses = list(sen.values_list("pk", "sen_status"))
    ids = sen.values("pk")
    on_support = sen.filter(sen_status=codes.STATUS_SUPPORT).values("pk")  # only they have a "since"
    history = list(
        SenStatusChange.objects.filter(pupil_id__in=on_support).values_list("pupil_id", "status", "start_date")
    )
    current = list(
        Plan.objects.filter(pupil_id__in=ids, status__in=CURRENT).values_list(
            "pupil_id", "version", "status", "review_date"
        )
    )
    year_ago = today - dt.timedelta(days=366)
    conversations = ParentConversation.objects.filter(pupil_id__in=ids, held_on__gt=year_ago).meetings()
    reviews = Plan.objects.filter(pupil_id__in=ids, review__parent_present=True, review__held_on__gt=year_ago)
    meetings = list(conversations.values_list("pupil_id", "held_on"))
    meetings += reviews.values_list("pupil_id", "review__held_on")
    return statuses, history, current, meetings


@dataclass(frozen=True)
class CoverageFold:
    """The coverage of a set of pupils: each SEN pupil's facts, and for each gap the pupils it is
    found for, in the home page's order (longest without a plan, most overdue, fewest meetings)."""

    facts: Mapping[int, PupilCoverage]  # read-only: a remembered fold is shared
    by_kind: dict[str, tuple[int, ...]]
    on_support: int
    ehc: int
    ehc_with_plan: int  # EHC pupils who also have a sensupport plan in force


def fold_coverage(statuses, history, current, meetings, *, today: dt.date) -> CoverageFold:
    """The rows of `_coverage_rows` folded into each pupil's facts and gaps (pure)."""
    histories: dict[int, list[tuple[str, dt.date]]] = {}
    for pupil_id, status, start in history:
        histories.setdefault(pupil_id, []).append((status, start))
    plans = {pupil_id: PlanState(version, status, review) for pupil_id, version, status, review in current}
    days: dict[int, set[dt.date]] = {}
    for pupil_id, held_on in meetings:
        days.setdefault(pupil_id, set()).add(held_on)
    facts = {
        pupil_id: PupilCoverage(
            pupil_id=pupil_id,
            sen_status=status,
            support_since=support_since(histories.get(pupil_id, ())),
            current_plan=plans.get(pupil_id),
            meeting_days=frozenset(days.get(pupil_id, ())),
        )
        for pupil_id, status in statuses
    }
    gaps = {pk: f.gaps(today=today) for pk, f in facts.items()}
    by_kind = {kind: [pk for pk, found in gaps.items() if kind in found] for kind in COVERAGE_KINDS}
    by_kind[NO_PLAN].sort(key=lambda pk: (facts[pk].support_since or today, pk))
    by_kind[REVIEW_OVERDUE].sort(key=lambda pk: (facts[pk].current_plan.review_date, pk))
    by_kind[PARENTS_NOT_MET].sort(key=lambda pk: (facts[pk].meetings(today=today), pk))
    ehc = [f for f in facts.values() if f.sen_status == codes.STATUS_EHC]
    return CoverageFold(
        MappingProxyType(facts),
        {kind: tuple(ids) for kind, ids in by_kind.items()},
        on_support=sum(1 for f in facts.values() if f.sen_status == codes.STATUS_SUPPORT),
        ehc=len(ehc),
        ehc_with_plan=sum(1 for f in ehc if f.current_plan),
    )


# Every whole-school member of staff's home page folds the school's SEN pupils (about 1,000 in a
# school of 5,000): the whole school's fold is remembered for the exact rows and day it was made
# from. Other sets (the register's filtered pupils, an LA's schools) are folded each time: they
# would only crowd the schools out, and an LA's fold is large.
_FOLDS: RememberedByRows[CoverageFold] = RememberedByRows(size=32)


def coverage(pupils, *, today: dt.date, remember: bool = False) -> CoverageFold:
    """The coverage of the SEN pupils among `pupils` (a Pupil queryset, already scoped by
    visible_to): five queries however many pupils there are. With `remember` (a whole school's
    pupils), shared with other callers: its facts cannot be changed."""
    rows = _coverage_rows(pupils, today=today)
    if not remember:
        return fold_coverage(*rows, today=today)
    return _FOLDS.get((today, *map(rows_key, rows)), lambda: fold_coverage(*rows, today=today))


def coverage_facts(pupils, *, today: dt.date) -> dict[int, PupilCoverage]:
    """Coverage facts for the pupils on SEN Support or with an EHC plan among `pupils` (a Pupil
    queryset, already scoped by visible_to): five queries however many pupils there are."""
    return dict(coverage(pupils, today=today).facts)


def plan_labels(pupils: Sequence[Pupil]) -> dict[int, str]:
    """The Plan column for each of `pupils` (see plan_label): one query."""
    plans: dict[int, list[PlanState]] = {}
    rows = Plan.objects.filter(pupil_id__in=[p.pk for p in pupils]).exclude(status=Plan.Status.SUPERSEDED)
    for pupil_id, version, status, review in rows.values_list("pupil_id", "version", "status", "review_date"):
        plans.setdefault(pupil_id, []).append(PlanState(version, status, review))
    return {p.pk: plan_label(plans.get(p.pk, ()), p.sen_status) for p in pupils}


def pupils_with_gap(pupils, kind: str, *, today: dt.date) -> list[int]:
    """The ids of `pupils` the rule `kind` finds a gap for: the register's coverage filter."""
    return list(coverage(pupils, today=today).by_kind[kind])


@dataclass(frozen=True)
class GapRow:
    pupil: Pupil
    facts: PupilCoverage


@dataclass(frozen=True)
class SchoolCoverage:
    on_support: int
    ehc: int
    ehc_with_plan: int  # EHC pupils who also have a sensupport plan in force
    counts: dict[str, int]  # gap kind -> how many pupils
    longest_without_plan: list[GapRow]  # the first few, longest on SEN Support first: the pupils the panel names

    @property
    def no_plan(self) -> int:
        return self.counts[NO_PLAN]

    @property
    def review_overdue(self) -> int:
        return self.counts[REVIEW_OVERDUE]

    @property
    def parents_not_met(self) -> int:
        return self.counts[PARENTS_NOT_MET]

    @property
    def with_plan(self) -> int:
        return self.on_support - self.no_plan

    @property
    def shown(self) -> list[Pupil]:
        """Every pupil the summary names (for the audit of the page that shows it)."""
        return [row.pupil for row in self.longest_without_plan]


def school_coverage(user, *, today: dt.date, shown: int = 10) -> SchoolCoverage:
    """The school's coverage for the home page, from the pupils `user` may see: the counts of each
    gap (the register, filtered, lists their pupils), and the first `shown` pupils longest on SEN
    Support without a plan, by name. Six queries."""
    fold = coverage(Pupil.objects.visible_to(user), today=today, remember=True)
    longest = fold.by_kind[NO_PLAN][:shown]
    pupils = Pupil.objects.in_bulk(longest)
    return SchoolCoverage(
        on_support=fold.on_support,
        ehc=fold.ehc,
        ehc_with_plan=fold.ehc_with_plan,
        counts={kind: len(ids) for kind, ids in fold.by_kind.items()},
        longest_without_plan=[GapRow(pupils[pk], fold.facts[pk]) for pk in longest if pk in pupils],
    )
