"""The progress app's world: Peter's year group (year 4) with termly reading scores, Peter slipping
behind classmates who started where he did."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sensupport.core.factories import PupilFactory
from sensupport.plans.tests.conftest import agreed, assessed, draft, on_support  # noqa: F401  (shared plan fixtures)
from sensupport.progress import services

ON = dt.date(2026, 7, 15)
TERMS = (dt.date(2025, 9, 20), dt.date(2026, 1, 20), dt.date(2026, 4, 20))


@pytest.fixture
def classmates(school, class_group):
    found = []
    for i, values in enumerate([[100, 102, 104], [101, 103, 105], [99, 101, 103], [100, 101, 104]]):
        p = PupilFactory(school=school, forename=f"Classmate{i}", surname="Year4", year_group="4")
        class_group.pupils.add(p)
        found.append((p, values))
    return found


@pytest.fixture
def slipping(school, pupil, classmates):
    """Peter's reading falls while his classmates' rises; returns the scores' rows."""
    rows = [
        services.ScoreIn(p.pk, "Reading", day, Decimal(v))
        for p, values in [*classmates, (pupil, [100, 97, 93])]
        for day, v in zip(TERMS, values, strict=True)
    ]
    services.scores_record(actor=None, school=school, rows=rows, via="command")
    return rows


@pytest.fixture
def slipping_now(school, pupil, classmates):
    """As `slipping`, with the terms dated back from today (the pages look back from today)."""
    from django.utils import timezone

    today = timezone.localdate()
    days = [today - dt.timedelta(days=d) for d in (300, 180, 60)]
    rows = [
        services.ScoreIn(p.pk, "Reading", day, Decimal(v))
        for p, values in [*classmates, (pupil, [100, 97, 93])]
        for day, v in zip(days, values, strict=True)
    ]
    services.scores_record(actor=None, school=school, rows=rows, via="command")
    return rows
