"""Every write to pupils' timetables: one service, all of a pupil's lessons at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record_each
from sensupport.core.errors import ServiceError

from . import rules
from .models import Lesson


class TimetableError(ServiceError):
    """A timetable change the rules refuse."""


@dataclass(frozen=True)
class NewLesson:
    weekday: int
    start: dt.time
    end: dt.time
    subject: str
    group_label: str = ""

    @property
    def as_rule(self) -> rules.Lesson:
        return rules.Lesson(self.weekday, self.start, self.end, self.subject)


def week_problem(lessons: Sequence[NewLesson]) -> str | None:
    """Why these cannot be one pupil's week, or None."""
    for lesson in lessons:
        if not 0 <= lesson.weekday <= 6:
            return f"{lesson.weekday} is not a day of the week"
        if lesson.end <= lesson.start:
            return f"a {lesson.subject} lesson ends at {lesson.end:%H:%M}, before it starts at {lesson.start:%H:%M}"
        if not lesson.subject.strip():
            return "a lesson has no subject"
    if pairs := rules.overlapping([lesson.as_rule for lesson in lessons]):
        a, b = lessons[pairs[0][0]], lessons[pairs[0][1]]
        return f"{a.subject} and {b.subject} on {rules.DAYS[a.weekday]} overlap"
    return None


def _lessons(count: int) -> str:
    return f"{count} lesson{'' if count == 1 else 's'}"


@transaction.atomic
def timetable_replace(*, actor, school, lessons: Mapping, via: str = AuditEvent.Via.WEB) -> dict[int, tuple[int, int]]:
    """Each pupil in `lessons` (a Pupil -> its NewLessons) gets exactly these lessons at `school`;
    pupils not named keep theirs. `actor` None is a command run by the school's operator.
    Returns pupil id -> (lessons before, lessons after)."""
    if actor is not None and not (actor.has_perm("timetable.import_timetable") and actor.school_id == school.pk):
        raise TimetableError(f"You cannot import timetables at {school.name}.")
    for pupil, week in lessons.items():
        if pupil.school_id != school.pk:
            raise TimetableError(f"{pupil.display_name} is not on {school.name}'s register.")
        if problem := week_problem(week):
            raise TimetableError(f"{pupil.display_name}'s timetable: {problem}.")
    pupils = list(lessons)
    before = dict.fromkeys((p.pk for p in pupils), 0)
    for lesson in Lesson.objects.filter(school=school, pupil__in=pupils).only("pupil_id"):
        before[lesson.pupil_id] += 1
    Lesson.objects.filter(school=school, pupil__in=pupils).delete()
    Lesson.objects.bulk_create(
        Lesson(
            school=school,
            pupil=pupil,
            weekday=item.weekday,
            starts_at=item.start,
            ends_at=item.end,
            subject=" ".join(item.subject.split())[:100],
            group_label=item.group_label.strip()[:100],
        )
        for pupil, week in lessons.items()
        for item in week
    )
    audit_record_each(
        actor=actor,
        action=AuditEvent.Action.IMPORT,
        target=AuditEvent.Target.TIMETABLE,
        rows=[
            (pupil, f"Timetable replaced: {_lessons(before[pupil.pk])} before, {_lessons(len(lessons[pupil]))} now", {})
            for pupil in pupils
        ],
        via=via,
    )
    return {pupil.pk: (before[pupil.pk], len(lessons[pupil])) for pupil in pupils}
