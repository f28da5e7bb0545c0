"""A set's findings are remembered for the exact rows they were made from: asked again with the
same rows, the rules do not run again; any change to a row the findings depend on (a score's value,
an attendance period, a pupil's year group or name) is seen at once (progress.selectors)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from sensupport.core.testing.remember import counted_runs
from sensupport.progress import rules, selectors, services
from sensupport.progress.models import Score
from sensupport.pupils.models import Pupil

from .conftest import ON, TERMS

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(monkeypatch):
    """How many times the rules ran, from an empty memory."""
    yield counted_runs(monkeypatch, rules, "school_findings", memory=selectors._REMEMBERED)
    selectors._REMEMBERED.clear()


def _flags(found):
    return {pk: sorted(f.flag for f in findings) for pk, findings in found.items()}


def test_the_same_rows_are_not_computed_twice_and_callers_get_their_own_lists(school, pupil, slipping, computed):
    first = selectors.school_findings(school.pk, on=ON)
    assert rules.SLOWER_THAN_PEERS in _flags(first)[pupil.pk]
    first[pupil.pk].clear()  # a caller changing its copy changes nobody else's
    again = selectors.school_findings(school.pk, on=ON)
    assert len(computed) == 1
    assert rules.SLOWER_THAN_PEERS in _flags(again)[pupil.pk]
    selectors.school_findings(school.pk, on=ON.replace(day=16))  # another day: its own findings
    assert len(computed) == 2


def test_a_changed_score_is_seen_at_once(school, pupil, slipping, computed):
    assert rules.SLOWER_THAN_PEERS in _flags(selectors.school_findings(school.pk, on=ON))[pupil.pk]
    # Peter's last score corrected upwards, in line with his classmates: no longer slower
    services.scores_record(
        actor=None, school=school, rows=[services.ScoreIn(pupil.pk, "Reading", TERMS[2], Decimal(104))], via="command"
    )
    assert Score.objects.filter(pupil=pupil, taken_on=TERMS[2]).get().value == 104
    assert pupil.pk not in selectors.school_findings(school.pk, on=ON)
    assert len(computed) == 2


def test_attendance_a_year_group_and_a_name_are_part_of_the_rows(school, pupil, classmates, slipping, computed):
    selectors.school_findings(school.pk, on=ON)
    services.attendance_record(
        actor=None, school=school, rows=[services.AttendanceIn(pupil.pk, TERMS[1], TERMS[2], 100, 60)], via="command"
    )
    assert rules.PERSISTENT_ABSENCE in _flags(selectors.school_findings(school.pk, on=ON))[pupil.pk]  # 60%
    runs = len(computed)
    Pupil.objects.filter(pk=pupil.pk).update(preferred_forename="Pete")
    assert "Pete " in selectors.school_findings(school.pk, on=ON)[pupil.pk][0].sentence
    Pupil.objects.filter(pk=pupil.pk).update(year_group="5")  # alone in year 5: no classmates to compare with
    moved = _flags(selectors.school_findings(school.pk, on=ON))[pupil.pk]
    assert rules.SLOWER_THAN_PEERS not in moved
    assert len(computed) == runs + 2


def test_other_thresholds_are_other_findings(school, pupil, slipping, computed):
    selectors.school_findings(school.pk, on=ON)
    stricter = dataclasses.replace(selectors.thresholds(), min_peers=99)
    found = selectors.findings_for(Pupil.objects.filter(school=school), on=ON, limits=stricter)
    assert rules.SLOWER_THAN_PEERS not in _flags(found).get(pupil.pk, [])
    assert len(computed) == 2


def test_a_score_corrected_from_minus_one_to_minus_two_is_a_change(school, pupil, classmates, computed):
    """CPython hashes -1 and -2 alike: the rows carry the value as text, so the key still differs."""
    rows = [services.ScoreIn(pupil.pk, "Spelling", day, Decimal(-1), scale="steps") for day in TERMS]
    services.scores_record(actor=None, school=school, rows=rows, via="command")
    selectors.school_findings(school.pk, on=ON)
    corrected = [services.ScoreIn(pupil.pk, "Spelling", TERMS[2], Decimal(-2), scale="steps")]
    services.scores_record(actor=None, school=school, rows=corrected, via="command")
    selectors.school_findings(school.pk, on=ON)
    assert len(computed) == 2
