"""Who at a school may manage its people. `rules` predicates registered as Django permissions,
asked with the row: `user.has_perm("accounts.manage_staff", colleague)` (or with no row, for the
pages that list and add).

| permission                    | SENCO | head | school admin | teacher | TA | anyone else |
|-------------------------------|-------|------|--------------|---------|----|-------------|
| accounts.manage_staff         | yes   | yes  | yes          | no      | no | no          |
| accounts.manage_heads         | no    | yes  | no           | no      | no | no          |
| accounts.view_school_security | no    | yes  | yes          | no      | no | no          |
| pupils.manage_groups          | yes   | yes  | yes          | no      | no | no          |
| pupils.manage_contacts        | yes   | yes  | yes          | no      | no | no          |

(`pupils.*` are registered in pupils/permissions.py.) All of them only for people of the actor's
own school. `accounts.manage_heads`: giving or taking away the head teacher role, or switching off
a head's account, is for a head: a SENCO or administrator cannot remove the person they answer to.
The services also refuse: switching off your own account or changing your own role, and leaving
the school with no active SENCO, or no active head, when it had one (add the new one first).
"""

from __future__ import annotations

import rules

from .models import SCHOOL_ROLES, SECURITY_ROLES, WHOLE_SCHOOL_ROLES, Role

SCHOOL_MANAGERS = WHOLE_SCHOOL_ROLES  # SENCO, head, school administrator


@rules.predicate
def is_school_manager(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in SCHOOL_MANAGERS and user.school_id)


@rules.predicate
def is_head(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.HEAD and user.school_id)


@rules.predicate
def colleague_at_same_school(user, colleague) -> bool:
    """No row: the page itself. A row: a member of staff at the actor's school."""
    return colleague is None or (colleague.school_id == user.school_id and colleague.role in SCHOOL_ROLES)


rules.add_perm("accounts.manage_staff", is_school_manager & colleague_at_same_school)
rules.add_perm("accounts.manage_heads", is_head & colleague_at_same_school)


@rules.predicate
def is_security_lead(user) -> bool:
    """Head or school administrator: sees the school's sign-in security page (changing it also needs
    a session that passed two-factor: services.may_manage_school_security)."""
    return bool(user.is_authenticated and user.role in SECURITY_ROLES and user.school_id)


rules.add_perm("accounts.view_school_security", is_security_lead)
