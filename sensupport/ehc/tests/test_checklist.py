"""What LAs usually look for: every gap named, and never a gate (the function only describes)."""

from __future__ import annotations

from sensupport.ehc import checklist

FULL = checklist.Counts(
    reviewed_cycles=3,
    advice_reports=1,
    recommendations_acted_on=2,
    recommendations_open=0,
    costed_lines=4,
    uncosted_lines=0,
    family_views=True,
    pupil_views=True,
    barriers=2,
)


def test_a_full_record_has_no_gap():
    items = checklist.checklist(FULL)
    assert checklist.gaps(items) == [] and len(items) == 6
    assert items[0].detail == "3 reviewed plan cycles"


def test_an_empty_record_names_every_gap():
    empty = checklist.Counts(0, 0, 0, 0, 0, 0, False, False, 0)
    details = [item.detail for item in checklist.gaps(checklist.checklist(empty))]
    assert details == [
        "No plan has been reviewed yet: local authorities usually look for 2 to 4 reviewed cycles",
        "No specialist advice on record (a report from an educational psychologist or other specialist)",
        "No support line is costed on the provision map",
        "No views from the family are recorded",
        "No views from the pupil are recorded",
        "No barriers are described",
    ]


def test_one_cycle_and_advice_not_acted_on_are_gaps_saying_how_far_short():
    counts = checklist.Counts(1, 1, 1, 2, 4, 0, True, True, 2)
    gaps = checklist.gaps(checklist.checklist(counts))
    assert [g.detail for g in gaps] == [
        "Only 1 reviewed plan cycle: local authorities usually look for 2 to 4",
        "1 recommendation(s) acted on; 2 not yet accepted or declined",
    ]


def test_the_legal_test_is_stated_with_the_checklist():
    assert "section 36(8)" in checklist.LEGAL_TEST and "never stops" in checklist.LEGAL_TEST
