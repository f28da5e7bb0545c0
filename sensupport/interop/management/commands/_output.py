"""What the import commands share: reading the file, printing the plan, and applying it all or
nothing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from django.core.management.base import CommandError

from sensupport.interop.records import ImportProblem
from sensupport.interop.services import ImportPlan, ImportRejected, register_import_apply, register_import_plan


def plan_print(out, style, plan: ImportPlan | None, problems: Sequence[ImportProblem]) -> None:
    if plan is not None:
        out.write(plan.summary())
        for change in plan.new_pupils:
            out.write(f"  new: {change.upn} {change.name}: {change.summary()}")
        for change in plan.changed_pupils:
            out.write(f"  changed: {change.upn} {change.name}: {change.summary()}")
        for note in plan.notes:
            out.write(f"  note: {note}")
    for problem in problems:
        out.write(style.ERROR(f"  problem: {problem}"))


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
    command.stdout.write(heading)
    plan_print(command.stdout, command.style, plan, plan.problems)
    if plan.problems:
        raise CommandError(f"{len(plan.problems)} problem(s) in the file: nothing was imported.")
    if dry_run:
        command.stdout.write("Dry run: nothing was written.")
        return
    try:
        result = register_import_apply(**arguments, actor=None, source=prepared.source, via="command")
    except ImportRejected as rejected:
        plan_print(command.stdout, command.style, None, rejected.problems)
        raise CommandError(str(rejected)) from None
    command.stdout.write(command.style.SUCCESS(f"Imported: {result.created} new, {result.updated} changed, {result.unchanged} unchanged."))
