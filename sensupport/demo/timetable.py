"""Demo timetables (issue 10, item 6): every pupil at Oakfield and Hillcrest gets a week of lessons,
through the timetable app's service as an import would write them.

- Oakfield (primary): each class has one week: maths every morning, English after break, guided
  reading, and foundation subjects in the afternoons. The group is the class.
- Hillcrest (secondary): five one-hour periods a day (P1 08:50, P2 09:50, break, P3 11:10,
  P4 12:10, lunch, P5 14:00). The R forms have the grid below; the H forms the same grid a day
  later (Tuesday's as their Monday). The group is form/subject code ("8R/Sc"). Subjects are
  written as the MIS writes them ("Mathematics", "English Language"): the timetable counts them
  under one name each.

Lily Marsh (Year 8, 8R) has Science in P3 on Monday and Wednesday and P5 on Friday: 180 minutes a
week. A withdrawal group meeting on Monday and Wednesday 11:10-12:10 takes 120 of them (67%):
the pupil who misses most of one subject, once provision's groups are in the demo.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sensupport.audit.models import AuditEvent
from sensupport.pupils.models import Pupil, TeachingGroup
from sensupport.timetable.services import NewLesson, timetable_replace


def _t(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


# (start, end, subject by weekday Monday..Friday)
PRIMARY_DAY = (
    ("09:00", "10:00", ("Maths",) * 5),
    ("10:20", "11:20", ("English",) * 5),
    ("11:20", "12:00", ("Guided reading", "Guided reading", "Guided reading", "Guided reading", "Spelling")),
    ("13:00", "14:00", ("Science", "Geography", "PE", "Art", "History")),
    ("14:00", "15:00", ("Computing", "Music", "Science", "PSHE", "PE")),
)
RECEPTION_DAY = (
    ("09:00", "09:30", ("Phonics",) * 5),
    ("09:30", "10:15", ("Maths",) * 5),
    ("10:30", "11:30", ("Literacy",) * 5),
    (
        "13:00",
        "14:30",
        ("Understanding the world", "Expressive arts", "Physical development", "Expressive arts", "PSED"),
    ),
)

PERIODS = (("08:50", "09:50"), ("09:50", "10:50"), ("11:10", "12:10"), ("12:10", "13:10"), ("14:00", "15:00"))
CODES = {
    "English Language": "En",
    "Mathematics": "Ma",
    "Science": "Sc",
    "French": "Fr",
    "History": "Hi",
    "Geography": "Gg",
    "PE": "PE",
    "Art": "Ar",
    "Computing": "Co",
    "Music": "Mu",
    "RE": "RE",
    "Design and technology": "DT",
}
SECONDARY_WEEK = (  # the R forms; periods P1-P5
    ("English Language", "Mathematics", "Science", "French", "PE"),
    ("Mathematics", "English Language", "History", "Geography", "Art"),
    ("English Language", "Mathematics", "Science", "Computing", "Music"),
    ("Mathematics", "English Language", "French", "History", "PE"),
    ("English Language", "Geography", "RE", "Design and technology", "Science"),
)


def primary_week(group: str, reception: bool) -> list[NewLesson]:
    day = RECEPTION_DAY if reception else PRIMARY_DAY
    return [
        NewLesson(weekday, _t(start), _t(end), subjects[weekday], group)
        for start, end, subjects in day
        for weekday in range(5)
    ]


def secondary_week(form: str) -> list[NewLesson]:
    shift = 1 if form.endswith("H") else 0
    return [
        NewLesson(weekday, _t(start), _t(end), subject, f"{form}/{CODES[subject]}")
        for weekday in range(5)
        for (start, end), subject in zip(PERIODS, SECONDARY_WEEK[(weekday + shift) % 5], strict=True)
    ]


def load_timetables(*, schools: dict) -> dict[str, int]:
    """Timetables for every pupil at Oakfield (`schools["oak"]`) and Hillcrest (`schools["hillcrest"]`)."""
    lessons = 0
    for key in ("oak", "hillcrest"):
        school = schools[key]
        class_of: dict[int, str] = {}
        memberships = TeachingGroup.pupils.through.objects.filter(
            teachinggroup__school=school, teachinggroup__kind=TeachingGroup.Kind.CLASS
        ).values_list("pupil_id", "teachinggroup__name")
        for pupil_id, name in memberships.order_by("teachinggroup__name"):
            class_of.setdefault(pupil_id, name)
        weeks: dict[Pupil, list[NewLesson]] = {}
        cache: dict[str, list[NewLesson]] = defaultdict(list)
        for pupil in Pupil.objects.filter(school=school, pk__in=class_of):
            group = class_of[pupil.pk]
            if group not in cache:
                cache[group] = primary_week(group, pupil.year_group == "R") if key == "oak" else secondary_week(group)
            weeks[pupil] = cache[group]
        timetable_replace(actor=None, school=school, lessons=weeks, via=AuditEvent.Via.COMMAND)
        lessons += sum(len(week) for week in weeks.values())
    return {"timetable lessons": lessons}
