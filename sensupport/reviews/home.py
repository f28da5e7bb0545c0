"""The reviews app's home-page panels for school staff: the pupils with SEN they teach and the
plans waiting to be read (the My pupils counts), and requests for an early review (core.registry)."""

from __future__ import annotations

from sensupport.core.registry import SHOWN_PUPILS, Panel, school_staff
from sensupport.pupils.models import Pupil

from .models import EarlyReviewRequest
from .selectors import my_pupils


def my_pupils_counts(request) -> dict:
    # The same listing as My pupils, so the count here is the count there.
    mine = my_pupils(request.user)
    return {"unread_plans": mine.plans_to_read, "pupils_with_sen": mine.with_sen if mine.groups else None}


def early_requests(request) -> dict:
    user = request.user
    if not user.sees_whole_school:
        return {"early_requests": []}
    visible = Pupil.objects.visible_to(user)
    requests = list(
        EarlyReviewRequest.objects.filter(pupil__in=visible.values("pk"), answered_at__isnull=True)
        .select_related("pupil")
        .order_by("answer_due")[:20]
    )
    return {"early_requests": requests, SHOWN_PUPILS: [r.pupil for r in requests]}


PANELS = [
    Panel("reviews/home/my_pupils.html", my_pupils_counts, school_staff, order=30),
    Panel("reviews/home/early_requests.html", early_requests, school_staff, order=50),
]
