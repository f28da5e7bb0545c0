"""The pupil page reads the year group's data for the findings only when the pupil has something in
the findings' window (selectors.findings_for leaves a pupil with nothing in it out of every cohort)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from sensupport.progress import rules
from sensupport.progress.pupil_page import _anything_in_window
from sensupport.progress.selectors import thresholds

ON = dt.date(2026, 12, 4)


def _history(scores=(), attendance=(), behaviour=()):
    return {"scores": list(scores), "attendance": list(attendance), "behaviour": list(behaviour)}


def test_the_window_has_the_same_edges_as_the_findings():
    limits = thresholds()
    start = rules.window_start(ON, limits)
    assert not _anything_in_window(_history(), on=ON, limits=limits)
    assert not _anything_in_window(_history(scores=[SimpleNamespace(taken_on=start)]), on=ON, limits=limits)
    assert _anything_in_window(
        _history(scores=[SimpleNamespace(taken_on=start + dt.timedelta(days=1))]), on=ON, limits=limits
    )
    assert not _anything_in_window(
        _history(scores=[SimpleNamespace(taken_on=ON + dt.timedelta(days=1))]), on=ON, limits=limits
    )
    period = SimpleNamespace(starts_on=start - dt.timedelta(days=30), ends_on=start + dt.timedelta(days=1))
    assert _anything_in_window(_history(attendance=[period]), on=ON, limits=limits)
    old_period = SimpleNamespace(starts_on=start - dt.timedelta(days=30), ends_on=start)
    assert not _anything_in_window(_history(attendance=[old_period]), on=ON, limits=limits)
    assert _anything_in_window(_history(behaviour=[SimpleNamespace(occurred_on=ON)]), on=ON, limits=limits)
