"""Menu entries and home panels of the plans part (joined in menu.py and home.py)."""

from __future__ import annotations

from django.utils import timezone

from sensupport.core.registry import SHOWN_PUPILS, MenuItem, Panel

from .plan_selectors import awaiting_decision, school_summary


def ehc_plans_panel(request) -> dict:
    """The SENCO's and head's home page: the school's EHC plans and their annual reviews, counted
    from the plans themselves, so a special school full of EHC pupils sees them all."""
    found = school_summary(request.user, today=timezone.localdate())
    named = found.overdue + [r for r in found.steps_overdue if r not in found.overdue]
    return {"ehc_plans": found, "ehc_plans_named": named[:10], SHOWN_PUPILS: [r.pupil for r in named[:10]]}


def la_decisions_panel(request) -> dict:
    """The LA officer's home page: annual reviews whose school report is in, waiting for the LA's
    decision (four weeks from the meeting)."""
    rows = awaiting_decision(request.user, today=timezone.localdate())[:20]
    return {"ehc_decisions": rows, SHOWN_PUPILS: [r.pupil for r in rows]}


MENU = [MenuItem("EHC plans", "ehc:school_plans", "ehc.view_school_plans", order=36)]
# After the EHC plan summaries' reviews (pupils, 25), before the support plans' reviews (plans, 40).
PANELS = [
    Panel("ehc/plans/home_panel.html", ehc_plans_panel, "ehc.view_school_plans", order=26),
    Panel("ehc/plans/home_decisions.html", la_decisions_panel, "ehc.decide_reviews", order=30),
]
