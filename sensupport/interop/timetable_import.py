"""Pupils' timetables from the school's MIS (CSV or .xlsx): read, plan, apply, all or nothing.

Columns UPN, Day, Start, End, Subject, Group (one row per lesson per pupil; Group may be empty),
read as the people imports read theirs (people.table_read: header matched ignoring case and
spaces, extra columns ignored, rows numbered as Excel shows them, every problem naming its row and
column). A re-import replaces the timetable of each pupil in the file, at this school; pupils the
file does not name keep theirs. The preview says, pupil by pupil, what changes. The write is the
timetable app's one service (timetable.services.timetable_replace), audited with the `via` given.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from sensupport.audit.models import AuditEvent
from sensupport.pupils.census import normalise_upn, shown, upn_problem
from sensupport.pupils.models import Pupil
from sensupport.timetable import rules
from sensupport.timetable.models import Lesson
from sensupport.timetable.services import NewLesson, TimetableError, timetable_replace

from .models import ImportBatch
from .people import problem, table_read
from .people_services import Change
from .records import ImportProblem
from .register_import.batches import _batch_close, batch_lock_pending
from .register_import.plan import ImportRejected

KIND = ImportBatch.Kind.TIMETABLE.value
COLUMNS = ("UPN", "Day", "Start", "End", "Subject", "Group")
PERMISSION = "timetable.import_timetable"


@dataclass
class TimetableRow:
    number: int
    upn: str
    lesson: NewLesson


@dataclass
class TimetableFile:
    rows: list[TimetableRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


def timetable_parse(content: bytes, filename: str = "") -> TimetableFile:
    """The file's lessons, or every problem in it. Pure: touches no database."""
    parsed = TimetableFile()
    rows, parsed.problems = table_read(content, filename, COLUMNS)
    for row in rows:
        before = len(parsed.problems)
        upn = ""
        if message := upn_problem(row.cells["UPN"]):
            parsed.problems.append(problem(row, "UPN", message))
        else:
            upn = normalise_upn(row.cells["UPN"])
        weekday = rules.day_parse(row.cells["Day"])
        if weekday is None:
            said = f"{shown(row.cells['Day'])} is not a day" if row.cells["Day"] else "the day is missing"
            parsed.problems.append(problem(row, "Day", f"{said}: {rules.DAY_HELP}"))
        times = {}
        for column in ("Start", "End"):
            raw = row.cells[column]
            times[column] = rules.time_parse(raw)
            if times[column] is None:
                said = f"{shown(raw)} is not a time" if raw else f"the {column.lower()} time is missing"
                parsed.problems.append(problem(row, column, f"{said}: {rules.TIME_HELP}"))
        start, end = times["Start"], times["End"]
        if start and end and end <= start:
            parsed.problems.append(
                problem(
                    row,
                    "End",
                    f"the lesson ends at {end:%H:%M}, "
                    + ("when it starts" if end == start else f"before it starts at {start:%H:%M}")
                    + ": check Start and End",
                )
            )
        subject = " ".join(row.cells["Subject"].split())
        if not subject:
            parsed.problems.append(problem(row, "Subject", "the subject is missing"))
        elif len(subject) > 100:
            parsed.problems.append(problem(row, "Subject", "the subject is longer than 100 characters: shorten it"))
        group = row.cells["Group"]
        if len(group) > 100:
            parsed.problems.append(problem(row, "Group", "the group is longer than 100 characters: shorten it"))
        if len(parsed.problems) == before:
            parsed.rows.append(TimetableRow(row.number, upn, NewLesson(weekday, start, end, subject, group)))
    parsed.problems += _overlaps(parsed.rows)
    return parsed


def _overlaps(rows: list[TimetableRow]) -> list[ImportProblem]:
    """A pupil cannot be in two lessons at once: each clash named on the later row, with the earlier."""
    by_pupil: dict[str, list[TimetableRow]] = defaultdict(list)
    for row in rows:
        by_pupil[row.upn].append(row)
    found = []
    for upn, mine in by_pupil.items():
        for i, j in rules.overlapping([r.lesson.as_rule for r in mine]):
            first, second = sorted((mine[i], mine[j]), key=lambda r: r.number)
            same = first.lesson == second.lesson
            found.append(
                problem(
                    second.number,
                    "Start",
                    (
                        f"this lesson for UPN {upn} is already on row {first.number}: each lesson may appear once"
                        if same
                        else f"this lesson for UPN {upn} ({_when(second.lesson)}) overlaps the one on row "
                        f"{first.number} ({_when(first.lesson)}): a pupil is in one lesson at a time"
                    ),
                )
            )
    return sorted(found, key=lambda p: int(p.where.split()[1]))


def _when(lesson: NewLesson | rules.Lesson) -> str:
    return f"{rules.DAYS[lesson.weekday]} {lesson.start:%H:%M} to {lesson.end:%H:%M} {lesson.subject}"


def _shown(lesson: NewLesson) -> str:
    return _when(lesson) + (f" ({lesson.group_label})" if lesson.group_label else "")


@dataclass
class TimetablePlan:
    kind: str = KIND
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    pupils_shown: dict = field(default_factory=dict)
    # The pupils whose timetables change, with their new weeks: what apply writes.
    weeks: dict = field(default_factory=dict)

    @property
    def added(self) -> list[Change]:
        return [c for c in self.changes if c.action == "add"]

    @property
    def changed(self) -> list[Change]:
        return [c for c in self.changes if c.action == "change"]

    @property
    def removed(self) -> list[Change]:
        return [c for c in self.changes if c.action == "remove"]

    def summary(self) -> str:
        return (
            f"{len(self.added)} pupils' timetables to add, {len(self.changed)} to change, "
            f"{self.unchanged} unchanged; {len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        )


@dataclass
class TimetableResult:
    plan: TimetablePlan

    def summary(self) -> str:
        p = self.plan
        return f"{len(p.added)} pupils' timetables added, {len(p.changed)} changed, {p.unchanged} unchanged"


def may_import(actor, school) -> bool:
    return bool(actor.is_authenticated and actor.school_id == school.pk and actor.has_perm(PERMISSION))


def _key(lesson: NewLesson) -> tuple:
    return (lesson.weekday, lesson.start, lesson.end, lesson.subject, lesson.group_label)


def timetable_plan(*, parsed: TimetableFile, school, actor) -> TimetablePlan:
    """What importing `parsed` into `school` would change, and what stops it. Writes nothing.
    `actor` None: a command run by the operator."""
    plan = TimetablePlan(problems=list(parsed.problems))
    if actor is not None and not may_import(actor, school):
        plan.problems.insert(
            0,
            ImportProblem(
                "the file",
                f"you cannot import timetables at {school.name}: ask your SENCO, head teacher or school administrator",
            ),
        )
        return plan
    if plan.problems:
        return plan
    upns = {row.upn for row in parsed.rows}
    pupils = {p.upn: p for p in Pupil.objects.filter(upn__in=upns)}
    weeks: dict[str, list[TimetableRow]] = defaultdict(list)
    for row in parsed.rows:
        pupil = pupils.get(row.upn)
        if pupil is None:
            plan.problems.append(
                problem(row.number, "UPN", f"no pupil has the UPN {row.upn}: import the school's pupils first")
            )
        elif pupil.school_id != school.pk:
            plan.problems.append(
                problem(
                    row.number,
                    "UPN",
                    f"the pupil with the UPN {row.upn} is not on {school.name}'s register: "
                    "check the UPN, or import the pupil first",
                )
            )
        else:
            weeks[row.upn].append(row)
    if plan.problems:
        return plan
    current: dict[int, list[NewLesson]] = defaultdict(list)
    for lesson in Lesson.objects.filter(school=school, pupil__in=[pupils[upn] for upn in weeks]):
        current[lesson.pupil_id].append(
            NewLesson(lesson.weekday, lesson.starts_at, lesson.ends_at, lesson.subject, lesson.group_label)
        )
    for upn, rows in weeks.items():
        pupil = pupils[upn]
        new = [row.lesson for row in rows]
        old = current.get(pupil.pk, [])
        where = f"row {rows[0].number}"
        old_keys, new_keys = {_key(x): x for x in old}, {_key(x): x for x in new}
        if old_keys.keys() == new_keys.keys():
            plan.unchanged += 1
            continue
        plan.pupils_shown[pupil.pk] = pupil
        plan.weeks[pupil] = new
        if not old:
            plan.changes.append(Change(where, "add", f"{pupil.display_name}: {_count(new)}, new timetable"))
            continue
        gone = [old_keys[k] for k in old_keys.keys() - new_keys.keys()]
        coming = [new_keys[k] for k in new_keys.keys() - old_keys.keys()]
        text = f"{pupil.display_name}: {_count(new)} (was {len(old)})"
        if coming:
            text += "; adds " + ", ".join(_shown(x) for x in sorted(coming, key=_key))
        if gone:
            text += "; REMOVES " + ", ".join(_shown(x) for x in sorted(gone, key=_key))
        plan.changes.append(Change(where, "change", text, removes=bool(gone)))
    return plan


def _count(lessons) -> str:
    return f"{len(lessons)} lesson{'s' if len(lessons) != 1 else ''}"


@transaction.atomic
def timetable_apply(*, parsed: TimetableFile, school, actor, via: str) -> TimetableResult:
    """Apply the file, all or nothing: ImportRejected (nothing written) on any problem."""
    if via not in AuditEvent.Via.values:
        raise ValueError(f"unknown via {via!r}")
    type(school).objects.select_for_update().filter(pk=school.pk).first()  # one timetable import at a time
    plan = timetable_plan(parsed=parsed, school=school, actor=actor)
    if plan.problems:
        raise ImportRejected(plan.problems)
    if plan.weeks:
        try:
            timetable_replace(actor=actor, school=school, lessons=plan.weeks, via=via)
        except TimetableError as refused:
            transaction.set_rollback(True)
            raise ImportRejected([ImportProblem("the file", refused.message)]) from None
    return TimetableResult(plan)


# Web uploads: the bytes wait in an ImportBatch (kind timetable) until confirmed.


def _batch_parse(batch: ImportBatch) -> TimetableFile:
    content = bytes(batch.content)
    parsed = timetable_parse(content, batch.filename)
    if hashlib.sha256(content).hexdigest() != batch.sha256:
        parsed.problems.insert(
            0, ImportProblem("the upload", "the stored file does not match the one uploaded: upload it again")
        )
    return parsed


def timetable_batch_plan(batch: ImportBatch, *, actor) -> TimetablePlan:
    return timetable_plan(parsed=_batch_parse(batch), school=batch.school, actor=actor)


def timetable_batch_confirm(*, batch: ImportBatch, actor, via: str = AuditEvent.Via.IMPORT) -> TimetableResult:
    """Apply the upload from its stored bytes. Raises BatchClosed or ImportRejected."""
    with transaction.atomic():
        locked = batch_lock_pending(batch)
        result = timetable_apply(parsed=_batch_parse(locked), school=locked.school, actor=actor, via=via)
        _batch_close(locked, ImportBatch.Status.APPLIED)
    return result
