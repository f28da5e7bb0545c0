"""The pupils app's home-page panels: the size of the register and the open concerns for school
staff, a way into the register for everyone else who may open it (core.registry)."""

from __future__ import annotations

from sensupport.core.registry import SHOWN_PUPILS, Panel, school_staff

from . import codes
from .models import Concern, Pupil
from .sections import uses_family_portal
from .selectors import ehc_annual_reviews_due


def _lists_pupils_from_outside_a_school(user) -> bool:
    """LA officers and outside professionals: they may open the register, and their home page
    has nothing else yet."""
    return user.has_perm("pupils.view_register") and not user.is_school_staff and not uses_family_portal(user.role)


def no_context(request) -> dict:
    return {}


def register_size(request) -> dict:
    return {"register_size": Pupil.objects.visible_to(request.user).on_register().count()}


def open_concerns(request) -> dict:
    visible = Pupil.objects.visible_to(request.user)
    concerns = list(
        Concern.objects.filter(pupil__in=visible.values("pk"))
        .exclude(status=Concern.Status.CLOSED)
        .select_related("pupil", "raised_by")
        .order_by("raised_at")[:20]
    )
    return {"open_concerns": concerns, SHOWN_PUPILS: [concern.pupil for concern in concerns]}


def _sees_whole_school(user) -> bool:
    return user.is_school_staff and user.sees_whole_school


EHC_REVIEWS_NAMED = 10  # the most overdue first; the register (EHC plan) shows every one's review state


def ehc_reviews(request) -> dict:
    due = ehc_annual_reviews_due(request.user)
    without_summary = (
        Pupil.objects.visible_to(request.user).filter(sen_status=codes.STATUS_EHC, ehc_summary__isnull=True).count()
    )
    named = due[:EHC_REVIEWS_NAMED]
    return {
        "ehc_reviews_due": named,
        "ehc_reviews_due_count": len(due),
        "ehc_without_summary": without_summary,
        SHOWN_PUPILS: [row.pupil for row in named],
    }


PANELS = [
    Panel("pupils/home/register_size.html", register_size, school_staff, order=10),
    # After the plan coverage (plans, 20): EHC plans whose annual review is overdue or due soon.
    Panel("pupils/home/ehc_reviews_due.html", ehc_reviews, _sees_whole_school, order=25),
    Panel("pupils/home/open_concerns.html", open_concerns, school_staff, order=60),
    Panel("pupils/home/pupils_link.html", no_context, _lists_pupils_from_outside_a_school, order=10),
]
