"""The imports of a table (CSV or Excel) other than the pupil register's, by kind: staff, classes
and groups, contacts (issue 8), pupils' timetables (issue 10), scores, attendance and behaviour
(issue 11). Each kind says how an upload of it is stored, planned (the preview: writes nothing),
confirmed (all or nothing) and which pupils its preview names (audited as reads). The web import
(`interop.views`) asks this table instead of a chain of ifs; a new kind is one entry here, its
`ImportBatch.Kind` and its line in `forms.WHAT`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import people_services, progress_import_services, timetable_import


@dataclass(frozen=True)
class TableImport:
    template: str  # the preview's
    create: Callable  # (*, kind, school, actor, filename, content) -> ImportBatch
    plan: Callable  # (batch, *, actor) -> a plan with .problems
    confirm: Callable  # (*, batch, actor, via) -> a result with .summary()
    shown: Callable  # plan -> the pupils the preview names


def _pupils_shown(plan) -> list:
    return list(plan.pupils_shown.values())


PEOPLE = TableImport(
    template="interop/people_preview.html",
    create=people_services.people_batch_create,
    plan=people_services.people_batch_plan,
    confirm=people_services.people_batch_confirm,
    shown=_pupils_shown,  # joining, leaving, gaining a contact
)
TIMETABLE = TableImport(
    template="interop/timetable_preview.html",
    create=people_services.people_batch_create,  # the bytes and the kind, as people's
    plan=timetable_import.timetable_batch_plan,
    confirm=timetable_import.timetable_batch_confirm,
    shown=_pupils_shown,  # whose timetable changes
)
PROGRESS = TableImport(
    template="interop/progress_preview.html",
    create=people_services.people_batch_create,  # the bytes and the kind, as people's
    plan=progress_import_services.progress_batch_plan,
    confirm=progress_import_services.progress_batch_confirm,
    shown=lambda plan: [],  # counts only, never a pupil
)

TABLE_IMPORTS: dict[str, TableImport] = {
    **dict.fromkeys(people_services.KINDS, PEOPLE),
    timetable_import.KIND: TIMETABLE,
    **dict.fromkeys(progress_import_services.KINDS, PROGRESS),
}


def table_import(kind: str) -> TableImport | None:
    """How a table of `kind` is imported; None for the pupil register's own import (CTF or sheet)."""
    return TABLE_IMPORTS.get(kind)
