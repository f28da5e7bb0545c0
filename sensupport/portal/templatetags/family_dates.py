"""Dates on family pages, in the tense the date calls for: a due date that has passed is not
'should answer by', it is 'should have answered by'."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def is_past(day: dt.date | None) -> bool:
    """True for a date before today (in the school's time zone); False for None."""
    if day is None:
        return False
    if isinstance(day, dt.datetime):
        day = timezone.localdate(day)
    return day < timezone.localdate()
