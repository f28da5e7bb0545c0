"""Reads for pupil voice: who is speaking, the newest 'About me', the day map and its suggestions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from sensupport.accounts.models import Role
from sensupport.pupils.models import Pupil

from .models import AboutMe, Walkthrough, WalkthroughPart
from .suggestions import DayPart, Suggestion, suggestions_for_day

YOUNGER_YEAR_GROUPS = frozenset({"N1", "N2", "R", "1", "2", "3", "4"})


@dataclass(frozen=True)
class Feeling:
    value: int
    label: str
    face: str  # static/voice/<face>.svg
    tag: str  # GOV.UK tag colour modifier
    band: str  # voice.css row colour


FEELINGS: dict[int, Feeling] = {
    1: Feeling(1, "Very hard", "face-very-hard", "govuk-tag--red", "voice-band--very-hard"),
    2: Feeling(2, "Hard", "face-hard", "govuk-tag--orange", "voice-band--hard"),
    3: Feeling(3, "OK", "face-ok", "govuk-tag--yellow", "voice-band--ok"),
    4: Feeling(4, "Good", "face-good", "govuk-tag--turquoise", "voice-band--good"),
    5: Feeling(5, "Great", "face-great", "govuk-tag--green", "voice-band--great"),
}

PART_ICONS = {
    "arrival": "part-arrival",
    "lesson": "part-lesson",
    "break": "part-break",
    "lunch": "part-lunch",
    "moving": "part-moving",
    "home_time": "part-home",
}


def age_on(date_of_birth: dt.date, on: dt.date) -> int:
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


def is_younger(year_group: str, age: int) -> bool:
    """Reception to Year 4 (and nursery) get simple words, bigger text and pictures."""
    if year_group in YOUNGER_YEAR_GROUPS:
        return True
    if year_group.isdigit():
        return False
    return age < 9  # not following National Curriculum years: go by age


@dataclass(frozen=True)
class Audience:
    """Who is on the page and how the page talks to them."""

    speaker: str  # "young_person", "parent" or "staff"
    younger: bool
    over_16: bool
    name: str  # the pupil's first name

    @property
    def is_young_person(self) -> bool:
        return self.speaker == "young_person"

    @property
    def child(self) -> str:
        """How the page names the pupil: 'you' for a young person speaking for themself."""
        return "you" if self.is_young_person else self.name

    @property
    def childs(self) -> str:
        return "your" if self.is_young_person else f"{self.name}’s"

    @property
    def family_heading_child(self) -> str:
        if self.is_young_person:
            return "you"
        return "your child" if self.speaker == "parent" else self.name

    @property
    def parent_of_16_plus(self) -> bool:
        return self.speaker == "parent" and self.over_16


def audience_for(user, pupil: Pupil, *, today: dt.date | None = None) -> Audience:
    today = today or timezone.localdate()
    age = age_on(pupil.date_of_birth, today)
    if user.role == Role.YOUNG_PERSON:
        speaker = "young_person"
    elif user.role == Role.PARENT:
        speaker = "parent"
    else:
        speaker = "staff"
    return Audience(
        speaker=speaker,
        younger=is_younger(pupil.year_group, age) and speaker != "young_person",
        over_16=age >= 16,
        name=pupil.preferred_forename or pupil.forename,
    )


def latest_about_me(pupil: Pupil, *, recorded_by=None) -> AboutMe | None:
    """The newest 'About me'; with recorded_by, the newest that person recorded."""
    versions = pupil.about_me.select_related("recorded_by").order_by("-created_at", "-id")
    if recorded_by is not None:
        versions = versions.filter(recorded_by=recorded_by)
    return versions.first()


def latest_about_me_by_contributor(pupil: Pupil) -> list[AboutMe]:
    """For the school: each contributor's newest 'About me', newest first. Separated parents (and
    staff) each record their own with the pupil; the school hears every one."""
    latest: dict[int | None, AboutMe] = {}
    for about in pupil.about_me.select_related("recorded_by").order_by("-created_at", "-id"):
        latest.setdefault(about.recorded_by_id, about)
    return list(latest.values())


def day_part(part: WalkthroughPart) -> DayPart:
    return DayPart(
        key=part.key,
        label=part.label,
        feeling=part.feeling,
        hard=part.what_makes_it_hard,
        easier=part.what_makes_it_easier,
        ref=part.pk,
    )


@dataclass
class SuggestionRow:
    """One suggested barrier on a day map, listed once however many parts of the day it came from.
    suggestion and part are the first (hardest) of them: accepting records the barrier from it."""

    suggestion: Suggestion
    part: WalkthroughPart
    parts: list[WalkthroughPart] = field(default_factory=list)  # every part it came from, hardest first
    accepted: bool = False  # a part's accepted barrier came from this bank entry
    already_barrier: bool = False  # the pupil already has an open barrier from this bank entry

    @property
    def part_labels(self) -> list[str]:
        return [p.label for p in self.parts]

    @property
    def words(self) -> list[tuple[str, str]]:
        """(part label, what makes it hard) for each part the pupil said something about."""
        return [(p.label, p.what_makes_it_hard) for p in self.parts if p.what_makes_it_hard]


@dataclass
class DayMap:
    walkthrough: Walkthrough
    parts: list[WalkthroughPart]
    suggestions: list[SuggestionRow] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[WalkthroughPart, Feeling | None, str]]:
        return [(p, FEELINGS.get(p.feeling), PART_ICONS.get(p.key, "part-lesson")) for p in self.parts]

    @property
    def answered(self) -> int:
        return sum(1 for p in self.parts if p.feeling)

    @property
    def hard_count(self) -> int:
        return sum(1 for p in self.parts if p.feeling in (1, 2))


def day_map(walkthrough: Walkthrough, *, open_barrier_keys: set[str] | None = None) -> DayMap:
    parts = list(walkthrough.parts.select_related("accepted_barrier"))
    by_id = {p.pk: p for p in parts}
    if open_barrier_keys is None:
        open_barrier_keys = open_bank_keys(walkthrough.pupil)
    rows: dict[str, SuggestionRow] = {}  # by bank key: the same barrier from several parts is listed once
    for suggestion in suggestions_for_day(day_part(p) for p in parts):
        part = by_id[suggestion.part.ref]
        row = rows.setdefault(suggestion.bank_key, SuggestionRow(suggestion=suggestion, part=part))
        if part not in row.parts:
            row.parts.append(part)
        if part.accepted_barrier is not None and part.accepted_barrier.bank_key == suggestion.bank_key:
            row.accepted = True
    for row in rows.values():
        row.already_barrier = not row.accepted and row.suggestion.bank_key in open_barrier_keys
    return DayMap(walkthrough=walkthrough, parts=parts, suggestions=list(rows.values()))


def open_bank_keys(pupil: Pupil) -> set[str]:
    return set(pupil.barriers.filter(resolved_on__isnull=True).exclude(bank_key="").values_list("bank_key", flat=True))


def recent_walkthroughs(walkthroughs, limit: int = 5) -> list[Walkthrough]:
    """The newest walk-throughs of those given (a pupil's, or the ones a family member recorded)."""
    return list(walkthroughs.select_related("recorded_by").order_by("-created_at", "-id")[:limit])
