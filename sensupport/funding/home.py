"""The SENCO's and head's home panel: pupils over or approaching the element 2 threshold."""

from __future__ import annotations

from django.utils import timezone

from sensupport.core.registry import SHOWN_PUPILS, Panel

from . import selectors

SHOWN = 5


def _leads(user) -> bool:
    return bool(user.school_id and user.has_perm("funding.view_element2"))


def element2(request) -> dict:
    start = selectors.financial_year_start(timezone.localdate())
    watch = selectors.element2_watch(school_id=request.user.school_id, financial_year_start=start)
    shown = (watch.over + watch.approaching)[:SHOWN]
    return {"element2_watch": watch, "element2_shown": shown, SHOWN_PUPILS: [w.pupil for w in shown]}


PANELS = [Panel("funding/home/element2.html", element2, _leads, order=45)]
