"""Who may use the family portal, and who may ask a family for consent.

Scope still comes from Pupil.objects.visible_to: these rules only say what a role may do with a
pupil it can already see. Registered from PortalConfig.ready()."""

from __future__ import annotations

import rules

from sensupport.accounts.models import Role
from sensupport.pupils.permissions import is_senco_or_head, staff_of_pupils_school

FAMILY_ROLES = frozenset({Role.PARENT, Role.YOUNG_PERSON})


@rules.predicate
def is_family(user) -> bool:
    """A parent or carer, or a young person (16 and over) who sees their own record."""
    return user.is_authenticated and user.role in FAMILY_ROLES


rules.add_perm("portal.use_portal", is_family)
rules.add_perm("portal.decide_consent", is_family)
rules.add_perm("portal.ask_consent", is_senco_or_head & staff_of_pupils_school)
