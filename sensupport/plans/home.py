"""The plans app's home-page panels for school staff: plan coverage first for the whole-school
staff (plans.coverage), then the reviews overdue and due soon (core.registry)."""

from __future__ import annotations

from django.utils import timezone

from sensupport.core.registry import SHOWN_PUPILS, Panel, school_staff
from sensupport.pupils.models import Pupil

from .coverage import school_coverage
from .models import Plan


def coverage(request) -> dict:
    user = request.user
    # Whole-school staff see first whether every pupil with SEN has a plan (plans.coverage).
    found = school_coverage(user, today=timezone.localdate()) if user.sees_whole_school else None
    return {"coverage": found, SHOWN_PUPILS: found.shown if found else []}


def reviews_due(request) -> dict:
    today = timezone.localdate()
    visible = Pupil.objects.visible_to(request.user)
    plans = Plan.objects.filter(pupil__in=visible.values("pk")).select_related("pupil").order_by("review_date")
    overdue = list(plans.overdue(on=today)[:50])
    due = list(plans.due_for_review(on=today, within_days=21).filter(review_date__gte=today)[:50])
    return {"overdue_reviews": overdue, "due_reviews": due, SHOWN_PUPILS: [plan.pupil for plan in overdue + due]}


PANELS = [
    Panel("plans/home/coverage.html", coverage, school_staff, order=20),
    Panel("plans/home/reviews_due.html", reviews_due, school_staff, order=40),
]
