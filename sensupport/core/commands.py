"""What every import command does once its file is read and planned: print the plan and each
problem, refuse the whole file if there is any, stop at a dry run, else apply all or nothing and
say what was written. The pupil, people (staff, groups, contacts) and GIAS schools imports share it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from django.core.management.base import CommandError


def print_problems(command, problems: Sequence) -> None:
    for problem in problems:
        command.stdout.write(command.style.ERROR(f"  problem: {problem}"))


def plan_print_apply(
    command,
    *,
    heading: str,
    lines: Iterable[str],
    problems: Sequence,
    dry_run: bool,
    apply: Callable[[], str],
    rejected: type[Exception],
) -> None:
    """`lines` describe the plan; `apply()` writes it and returns the success message; a
    `rejected` exception (carrying `.problems`) from it means nothing was written."""
    command.stdout.write(heading)
    for line in lines:
        command.stdout.write(line)
    print_problems(command, problems)
    if problems:
        raise CommandError(f"{len(problems)} problem(s) in the file: nothing was imported.")
    if dry_run:
        command.stdout.write("Dry run: nothing was written.")
        return
    try:
        message = apply()
    except rejected as refused:
        print_problems(command, refused.problems)
        raise CommandError(str(refused)) from None
    command.stdout.write(command.style.SUCCESS(message))
