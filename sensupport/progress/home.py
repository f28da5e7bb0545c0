"""The home page's progress panel for school staff: how many pupils not on the register the data
suggests looking at (a count, no names: the page it links to lists them and audits the read)."""

from __future__ import annotations

from django.utils import timezone

from sensupport.core.registry import SHOWN_PUPILS, Panel, school_staff

from .selectors import pupils_to_look_at_counts


def to_look_at(request) -> dict:
    not_on, on_register = pupils_to_look_at_counts(request.user, on=timezone.localdate())
    return {
        "progress_to_look_at": not_on,
        "progress_on_register": on_register,
        SHOWN_PUPILS: [],
    }


# After open concerns: prompts to consider come after what staff have already raised.
PANELS = [Panel("progress/home/to_look_at.html", to_look_at, school_staff, order=65)]
