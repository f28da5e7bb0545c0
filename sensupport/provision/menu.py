"""The provision pages in the service menu: the map for whole-school staff, groups for all staff."""

from __future__ import annotations

from sensupport.core.registry import MenuItem, school_staff

MENU = [
    MenuItem("Provision map", "provision:map", "provision.view_map", order=35),
    MenuItem("Groups and sessions", "provision:groups", school_staff, order=37),
]
