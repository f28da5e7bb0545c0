"""School set-up in the service menu: whoever manages the school's staff or its groups
(schooladmin.views.home)."""

from __future__ import annotations

from sensupport.core.registry import MenuItem


def _sets_up_school(user) -> bool:
    return user.has_perm("accounts.manage_staff") or user.has_perm("pupils.manage_groups")


MENU = [MenuItem("School set-up", "schooladmin:home", _sets_up_school, order=60)]
