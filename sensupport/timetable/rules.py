"""A pupil's week and the lessons withdrawal takes them out of. Pure: plain values in, plain values out.

- `Slot` is a weekly time (a weekday 0-6, Monday 0, a start and an end); a withdrawal session
  (an intervention group's weekly slot) is one. `Lesson` is a slot with a subject.
- `missed_by_subject`: the minutes per week each subject loses to withdrawal. Withdrawal slots
  that overlap one another count their shared minutes once (a pupil cannot be out twice).
- `concerns`: the SENCO's flags (docs/adr/0012-time-out-of-class.md): a subject missed in
  `repeat_sessions` or more withdrawal sessions a week, or a core subject (English, maths,
  science) losing more than `core_share` of its weekly time.
- Subject names from an MIS vary ("Maths", "Mathematics", "MA", "Ma2"): `subject_name` gives
  the three core subjects one name each and leaves the others as the school wrote them.
- Reading a file's Day and Start/End cells (`day_parse`, `time_parse`) lives here too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ENGLISH, MATHS, SCIENCE = "English", "Maths", "Science"
CORE_SUBJECTS = (ENGLISH, MATHS, SCIENCE)

# What MIS exports call the core subjects, compared lower-case with digits, punctuation and
# extra spaces removed ("MA2" -> "ma", "Eng. Lang" -> "eng lang"). A word here is the whole
# subject name, never a part of one: "Media" is not maths, "Social science" is not science.
CORE_ALIASES: dict[str, str] = {
    **dict.fromkeys(
        (
            "english",
            "en",
            "eng",
            "english language",
            "english literature",
            "eng lang",
            "eng lit",
            "english lang",
            "english lit",
            "literacy",
            "reading",
            "writing",
            "phonics",
            "guided reading",
            "spag",
            "spelling",
        ),
        ENGLISH,
    ),
    **dict.fromkeys(
        ("maths", "math", "mathematics", "ma", "mat", "mth", "mths", "numeracy", "further maths", "statistics"),
        MATHS,
    ),
    **dict.fromkeys(
        (
            "science",
            "sc",
            "sci",
            "combined science",
            "double science",
            "triple science",
            "separate science",
            "biology",
            "bi",
            "bio",
            "chemistry",
            "ch",
            "chem",
            "physics",
            "ph",
            "phy",
        ),
        SCIENCE,
    ),
}


@dataclass(frozen=True)
class Slot:
    """A weekly time: weekday 0-6 (Monday 0), start and end (end after start)."""

    weekday: int
    start: dt.time
    end: dt.time

    @property
    def minutes(self) -> int:
        return minutes_of(self.end) - minutes_of(self.start)


@dataclass(frozen=True)
class Lesson:
    """One lesson in a pupil's week: when, and the subject as the school's MIS names it."""

    weekday: int
    start: dt.time
    end: dt.time
    subject: str

    @property
    def slot(self) -> Slot:
        return Slot(self.weekday, self.start, self.end)


@dataclass(frozen=True)
class Concern:
    """A subject the SENCO should look at: why (`repeated`, `share`), the minutes a week it loses,
    in how many withdrawal sessions, and the share of its weekly time (None if no lessons known)."""

    subject: str
    reason: str
    minutes: int
    sessions: int
    share: Decimal | None

    REPEATED = "repeated"
    SHARE = "share"

    def sentence(self) -> str:
        if self.reason == self.REPEATED:
            return f"{self.subject} is missed in {self.sessions} withdrawal sessions a week ({self.minutes} minutes)"
        percent = round((self.share or Decimal(0)) * 100)
        return f"{self.subject}: {self.minutes} minutes a week missed, {percent}% of its lessons"


def minutes_of(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def subject_name(raw: str) -> str:
    """One name per core subject; any other subject as written (spaces tidied)."""
    shown = " ".join((raw or "").split())
    key = " ".join(re.sub(r"[^a-z ]+", " ", shown.lower()).split())
    return CORE_ALIASES.get(key, shown)


def core_subject(raw: str) -> str | None:
    name = subject_name(raw)
    return name if name in CORE_SUBJECTS else None


def _merged(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _span(item: Slot | Lesson) -> tuple[int, int]:
    return minutes_of(item.start), minutes_of(item.end)


def missed_by_subject(lessons: Sequence[Lesson], withdrawals: Sequence[Slot]) -> dict[str, int]:
    """Minutes per week of each subject (by `subject_name`) during which the pupil is withdrawn.
    Subjects not missed are left out."""
    out_by_day: dict[int, list[tuple[int, int]]] = {}
    for day in {w.weekday for w in withdrawals}:
        out_by_day[day] = _merged(_span(w) for w in withdrawals if w.weekday == day)
    missed: dict[str, int] = {}
    for lesson in lessons:
        minutes = sum(_overlap(_span(lesson), out) for out in out_by_day.get(lesson.weekday, ()))
        if minutes:
            name = subject_name(lesson.subject)
            missed[name] = missed.get(name, 0) + minutes
    return missed


def sessions_by_subject(lessons: Sequence[Lesson], withdrawals: Sequence[Slot]) -> dict[str, int]:
    """In how many distinct withdrawal slots a week each subject is missed (at all)."""
    counts: dict[str, int] = {}
    for slot in set(withdrawals):
        touched = {subject_name(lesson.subject) for lesson in lessons if _overlaps(lesson, slot)}
        for name in touched:
            counts[name] = counts.get(name, 0) + 1
    return counts


def _overlaps(lesson: Lesson, slot: Slot) -> bool:
    return lesson.weekday == slot.weekday and _overlap(_span(lesson), _span(slot)) > 0


def minutes_by_subject(lessons: Sequence[Lesson]) -> dict[str, int]:
    """Lesson minutes per week of each subject (by `subject_name`)."""
    totals: dict[str, int] = {}
    for lesson in lessons:
        name = subject_name(lesson.subject)
        totals[name] = totals.get(name, 0) + lesson.slot.minutes
    return totals


def concerns(
    *,
    missed: Mapping[str, int],
    sessions: Mapping[str, int],
    lesson_minutes: Mapping[str, int],
    repeat_sessions: int,
    core_share: Decimal,
) -> list[Concern]:
    """The subjects to flag, each once (a repeat flag first), in subject order."""
    found: list[Concern] = []
    for subject in sorted(missed):
        minutes, count, total = missed[subject], sessions.get(subject, 0), lesson_minutes.get(subject, 0)
        share = (Decimal(minutes) / Decimal(total)) if total else None
        if count >= repeat_sessions:
            found.append(Concern(subject, Concern.REPEATED, minutes, count, share))
        elif subject in CORE_SUBJECTS and share is not None and share > core_share:
            found.append(Concern(subject, Concern.SHARE, minutes, count, share))
    return found


def missed_text(missed: Mapping[str, int]) -> str:
    """ "Maths 40; Science 20": most minutes first, then by name (the export's SubjectsMissed)."""
    return "; ".join(f"{subject} {minutes}" for subject, minutes in sorted(missed.items(), key=lambda i: (-i[1], i[0])))


# Reading a timetable file's cells.

DAY_WORDS = {
    **{day.lower(): index for index, day in enumerate(DAYS)},
    **{day[:3].lower(): index for index, day in enumerate(DAYS)},
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
    **{str(index + 1): index for index in range(7)},  # MIS day numbers: 1 is Monday
}
DAY_HELP = "use a day of the week, for example Monday or Mon"
TIME_HELP = "use the 24-hour clock, for example 09:15 or 13:40"


def day_parse(raw: str) -> int | None:
    return DAY_WORDS.get((raw or "").strip().rstrip(".").lower())


def time_parse(raw: str) -> dt.time | None:
    """09:15, 9:15, 9.15, 0915, 09:15:00 (a spreadsheet's time), or a fraction of a day (0.385...)."""
    text = (raw or "").strip()
    if match := re.fullmatch(r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?", text) or re.fullmatch(r"(\d{2})(\d{2})()", text):
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
        return None
    if re.fullmatch(r"0?\.\d+", text):
        minutes = round(float(text) * 24 * 60)
        return dt.time(minutes // 60, minutes % 60) if minutes < 24 * 60 else None
    return None


def overlapping(lessons: Sequence[Lesson]) -> list[tuple[int, int]]:
    """Pairs of positions (earlier, later) of lessons that share minutes on the same day."""
    pairs = []
    ordered = sorted(range(len(lessons)), key=lambda i: (lessons[i].weekday, lessons[i].start, i))
    for position, i in enumerate(ordered):
        for j in ordered[position + 1 :]:
            if lessons[j].weekday != lessons[i].weekday or lessons[j].start >= lessons[i].end:
                break
            pairs.append((min(i, j), max(i, j)))
    return pairs
