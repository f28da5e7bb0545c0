"""Reads of pupils' timetables. Each takes many pupils at once and costs one query however many:
the provision map and its export ask for a whole school.

The callers have already chosen the pupils they may see (Pupil.objects.visible_to, or a school
the caller belongs to); these read only lessons at each pupil's current school.

    missed_by_subject(pupil_ids=[...], withdrawals={pupil_id: [Slot, ...]}) -> {pupil_id: {"Maths": 40}}
    lesson_minutes_by_subject(pupil_ids=[...]) -> {pupil_id: {"Maths": 240, ...}}
    time_out_of_class(pupil_ids=[...], withdrawals={...}) -> {pupil_id: TimeOutOfClass}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from . import rules
from .models import Lesson
from .rules import Slot

REPEAT_SESSIONS_DEFAULT = 2
CORE_SHARE_DEFAULT = Decimal("0.20")


def repeat_sessions() -> int:
    """A subject missed in this many withdrawal sessions a week or more is flagged (settings)."""
    return int(getattr(settings, "TIMETABLE_REPEAT_SESSIONS", REPEAT_SESSIONS_DEFAULT))


def core_share() -> Decimal:
    """A core subject losing more than this share of its weekly time is flagged (settings)."""
    return Decimal(str(getattr(settings, "TIMETABLE_CORE_SHARE", CORE_SHARE_DEFAULT)))


def lessons_by_pupil(pupil_ids: Iterable[int]) -> dict[int, list[rules.Lesson]]:
    """Every pupil asked about (an empty list if no timetable), in one query."""
    ids = list(dict.fromkeys(pupil_ids))
    found: dict[int, list[rules.Lesson]] = {pk: [] for pk in ids}
    if not ids:
        return found
    rows = (
        Lesson.objects.current()
        .filter(pupil_id__in=ids)
        .order_by()
        .values_list("pupil_id", "weekday", "starts_at", "ends_at", "subject")
    )
    for pupil_id, weekday, start, end, subject in rows:
        found[pupil_id].append(rules.Lesson(weekday, start, end, subject))
    return found


def missed_by_subject(
    *, pupil_ids: Iterable[int], withdrawals: Mapping[int, Sequence[Slot]]
) -> dict[int, dict[str, int]]:
    """Per pupil, the minutes per week each subject loses to the pupil's withdrawal slots (subjects
    named by rules.subject_name; a subject not missed is absent; a pupil with no timetable or no
    withdrawals gets {}). One query."""
    lessons = lessons_by_pupil(pupil_ids)
    return {pk: rules.missed_by_subject(week, withdrawals.get(pk, ())) for pk, week in lessons.items()}


def lesson_minutes_by_subject(*, pupil_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Per pupil, lesson minutes per week by subject (the whole of which a share is taken). One query."""
    return {pk: rules.minutes_by_subject(week) for pk, week in lessons_by_pupil(pupil_ids).items()}


@dataclass
class TimeOutOfClass:
    """One pupil's week against their withdrawals: what each subject loses, and what to flag."""

    missed: dict[str, int] = field(default_factory=dict)
    lesson_minutes: dict[str, int] = field(default_factory=dict)
    concerns: list[rules.Concern] = field(default_factory=list)
    has_timetable: bool = False

    @property
    def total_missed(self) -> int:
        return sum(self.missed.values())

    @property
    def missed_text(self) -> str:
        return rules.missed_text(self.missed)


def time_out_of_class(
    *, pupil_ids: Iterable[int], withdrawals: Mapping[int, Sequence[Slot]]
) -> dict[int, TimeOutOfClass]:
    """Per pupil, minutes missed by subject, lesson minutes by subject and the concerns under the
    settings' thresholds (TIMETABLE_REPEAT_SESSIONS, TIMETABLE_CORE_SHARE). One query."""
    repeat, share = repeat_sessions(), core_share()
    found = {}
    for pk, week in lessons_by_pupil(pupil_ids).items():
        slots = list(withdrawals.get(pk, ()))
        missed = rules.missed_by_subject(week, slots)
        minutes = rules.minutes_by_subject(week)
        found[pk] = TimeOutOfClass(
            missed=missed,
            lesson_minutes=minutes,
            concerns=rules.concerns(
                missed=missed,
                sessions=rules.sessions_by_subject(week, slots),
                lesson_minutes=minutes,
                repeat_sessions=repeat,
                core_share=share,
            ),
            has_timetable=bool(week),
        )
    return found


@dataclass
class Day:
    name: str
    lessons: list[Lesson]


def pupil_week(pupil) -> list[Day]:
    """The pupil's lessons at their school, day by day (days with lessons only)."""
    days: dict[int, list[Lesson]] = {}
    for lesson in Lesson.objects.filter(pupil=pupil, school_id=pupil.school_id):
        days.setdefault(lesson.weekday, []).append(lesson)
    return [Day(rules.DAYS[weekday], lessons) for weekday, lessons in sorted(days.items())]
