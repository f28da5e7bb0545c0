"""What the import commands share: reading the file, printing the plan, and applying it all or
nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from sensupport.audit.models import AuditEvent
from sensupport.core.commands import plan_print_apply
from sensupport.interop.register_import.apply import register_import_apply
from sensupport.interop.register_import.plan import ImportPlan, ImportRejected, register_import_plan


def plan_lines(plan: ImportPlan) -> list[str]:
    return [
        plan.summary(),
        *(f"  new: {change.upn} {change.name}: {change.summary()}" for change in plan.new_pupils),
        *(f"  changed: {change.upn} {change.name}: {change.summary()}" for change in plan.changed_pupils),
        *(f"  note: {note}" for note in plan.notes),
        *([f"  parents and carers: {plan.contacts_summary}"] if plan.contacts_summary else []),
    ]


def read_file(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {file}: {error.strerror}") from None


def import_and_report(command, *, prepared, school, heading: str, dry_run: bool) -> None:
    """Plan the import, print it, and apply it unless it has problems or this is a dry run."""
    arguments = {
        "school": school,
        "records": prepared.parsed.records,
        "file_problems": prepared.problems,
        "file_notes": prepared.parsed.notes,
    }
    plan = register_import_plan(**arguments)

    def apply() -> str:
        result = register_import_apply(**arguments, actor=None, source=prepared.source, via=AuditEvent.Via.IMPORT)
        return f"Imported: {result.created} new, {result.updated} changed, {result.unchanged} unchanged."

    plan_print_apply(
        command,
        heading=heading,
        lines=plan_lines(plan),
        problems=plan.problems,
        dry_run=dry_run,
        apply=apply,
        rejected=ImportRejected,
    )
