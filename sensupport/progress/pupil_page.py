"""What the pupil's progress page, the review's include and the family's page show: plain numbers
for templates (charts.py draws them)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from sensupport.plans.models import Provision  # plans sits under progress (docs/architecture.md)
from sensupport.pupils.models import Pupil

from . import charts, rules, selectors


def _interventions(pupil: Pupil) -> list[tuple[str, dt.date | None, dt.date | None]]:
    return [
        (p.description[:40], p.start_date, p.end_date)
        for p in Provision.objects.filter(plan__pupil=pupil).exclude(start_date=None, end_date=None)
    ]


def _anything_in_window(history: dict, *, on: dt.date, limits) -> bool:
    """Whether the pupil has a score, attendance period or behaviour event in the findings' window:
    without one they are in no cohort and have no findings (selectors.findings_for), so their year
    group's data need not be read."""
    start = rules.window_start(on, limits)
    return (
        any(start < score.taken_on <= on for score in history["scores"])
        or any(period.ends_on > start and period.starts_on <= on for period in history["attendance"])
        or any(start < event.occurred_on <= on for event in history["behaviour"])
    )


def progress_context(pupil: Pupil, *, on: dt.date, with_peers: bool = True) -> dict:
    history = selectors.pupil_history(pupil, with_peers=with_peers)
    limits = selectors.thresholds()
    # The plan's interventions are drawn on the attainment charts: none without scores.
    interventions = _interventions(pupil) if with_peers and history["scores"] else []
    own = defaultdict(list)
    for score in history["scores"]:
        own[(score.subject, score.scale)].append((score.taken_on, float(score.value)))
    chart_list = [
        charts.attainment_chart(
            subject=subject,
            scale=scale,
            own=points,
            peers=history["peers"].get((subject, scale), {}) if with_peers else {},
            similar=limits.similar(scale),
            interventions=interventions,
            with_peers=with_peers,
        )
        for (subject, scale), points in sorted(own.items())
    ]
    terms = rules.attendance_by_term(p.as_rule() for p in history["attendance"])
    bars = charts.attendance_bars(terms)
    return {
        "pupil": pupil,
        "findings": selectors.pupil_findings(pupil, on=on)
        if with_peers and _anything_in_window(history, on=on, limits=limits)
        else [],
        "charts": chart_list,
        "attendance_bars": bars,
        "attendance_width": charts.LEFT + 70 * len(bars) + 10,
        "behaviour": history["behaviour"][:20] if with_peers else [],
        "window_months": limits.window_months,
        "on": on,
    }


def family_context(pupil: Pupil) -> dict:
    """The family's own child's scores and attendance: no peers, no prompts."""
    return progress_context(pupil, on=timezone.localdate(), with_peers=False)
