"""Pupils to look at (school staff) and recently left SEN Support (SENCO and head) in the menu."""

from __future__ import annotations

from sensupport.core.registry import MenuItem


def _may(perm: str):
    return lambda user: bool(user.is_authenticated and user.school_id and user.has_perm(perm))


MENU = [
    MenuItem("Pupils to look at", "progress:to_look_at", _may("progress.view_pupils_to_look_at"), order=25),
    MenuItem("Recently left SEN Support", "progress:recently_left", _may("progress.view_recently_left"), order=27),
]
