"""Printing an import plan for the management commands."""

from __future__ import annotations

from collections.abc import Sequence

from sensupport.interop.records import ImportProblem
from sensupport.interop.services import ImportPlan


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
