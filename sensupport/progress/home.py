"""The home page's progress panel for school staff: how many pupils not on the register the data
suggests looking at (a count, no names: the page it links to lists them and audits the read)."""

from __future__ import annotations

from django.utils import timezone

from sensupport.core.registry import SHOWN_PUPILS, Panel, school_staff

from .selectors import pupils_to_look_at


def to_look_at(request) -> dict:
    groups, on_register = pupils_to_look_at(request.user, on=timezone.localdate())
    return {
        "progress_to_look_at": sum(len(g.rows) for g in groups),
        "progress_on_register": sum(len(g.rows) for g in on_register),
        SHOWN_PUPILS: [],
    }


# After open concerns: prompts to consider come after what staff have already raised.
PANELS = [Panel("progress/home/to_look_at.html", to_look_at, school_staff, order=65)]
