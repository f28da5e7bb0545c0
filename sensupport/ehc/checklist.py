"""What local authorities usually look for with a request for an EHC needs assessment, as a checklist
with the gaps named. Pure. Never a gate: the legal test (Children and Families Act 2014 s.36(8)) is
only that the child has or may have special educational needs and may need an EHC plan; a request
with every box empty can still be made (and a family's request never waits for the school's record).
Drawn from the request checklists of Islington, Torbay and Staffordshire."""

from __future__ import annotations

from dataclasses import dataclass

LEGAL_TEST = (
    "The law asks only whether the child or young person has or may have special educational needs, and "
    "whether they may need special educational provision through an EHC plan (Children and Families Act "
    "2014, section 36(8)). This checklist is what local authorities usually like to see; a gap never stops "
    "a request."
)
MIN_CYCLES, USUAL_CYCLES = 2, 4


@dataclass(frozen=True)
class Counts:
    """Plain numbers read from the record (evidence.py)."""

    reviewed_cycles: int
    advice_reports: int
    recommendations_acted_on: int
    recommendations_open: int
    costed_lines: int
    uncosted_lines: int
    family_views: bool
    pupil_views: bool
    barriers: int


@dataclass(frozen=True)
class Item:
    label: str
    met: bool
    detail: str  # what was found, or the gap, named


def checklist(counts: Counts) -> list[Item]:
    cycles = counts.reviewed_cycles
    if cycles >= MIN_CYCLES:
        cycle_detail = f"{cycles} reviewed plan cycles"
    elif cycles == 1:
        cycle_detail = "Only 1 reviewed plan cycle: local authorities usually look for 2 to 4"
    else:
        cycle_detail = "No plan has been reviewed yet: local authorities usually look for 2 to 4 reviewed cycles"
    if counts.advice_reports == 0:
        advice = (
            False,
            "No specialist advice on record (a report from an educational psychologist or other specialist)",
        )
    elif counts.recommendations_open:
        advice = (
            False,
            f"{counts.recommendations_acted_on} recommendation(s) acted on; {counts.recommendations_open} not yet "
            "accepted or declined",
        )
    else:
        advice = (
            True,
            f"{counts.advice_reports} report(s); {counts.recommendations_acted_on} recommendation(s) acted on",
        )
    if counts.costed_lines == 0:
        costs = (False, "No support line is costed on the provision map")
    elif counts.uncosted_lines:
        costs = (True, f"{counts.costed_lines} support line(s) costed; {counts.uncosted_lines} without a cost")
    else:
        costs = (True, f"{counts.costed_lines} support line(s) costed")
    return [
        Item("Two to four reviewed APDR cycles", cycles >= MIN_CYCLES, cycle_detail),
        Item("Specialist advice, and what was done with it", *advice),
        Item("A costed provision map", *costs),
        Item(
            "The family's views, in their words",
            counts.family_views,
            "The family's views are recorded" if counts.family_views else "No views from the family are recorded",
        ),
        Item(
            "The pupil's views, in their words",
            counts.pupil_views,
            "The pupil's views are recorded" if counts.pupil_views else "No views from the pupil are recorded",
        ),
        Item(
            "Needs and barriers described",
            counts.barriers > 0,
            f"{counts.barriers} barrier(s) to learning described" if counts.barriers else "No barriers are described",
        ),
    ]


def gaps(items: list[Item]) -> list[Item]:
    return [item for item in items if not item.met]
