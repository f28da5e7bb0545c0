"""Who may do what with families' contributions (scope comes from Pupil.objects.visible_to).

The object is the pupil, already in the user's scope: a parent sees only their own children, a
teacher only the pupils they teach, the SENCO and head their whole school."""

from __future__ import annotations

import rules

from sensupport.accounts.models import STAFF_WHO_WORK_WITH_PUPILS
from sensupport.pupils.permissions import is_family, is_senco_or_head, staff_of_pupils_school


@rules.predicate
def is_staff_who_talks_to_families(user) -> bool:
    """SENCO, head, and the teachers and teaching assistants who work with the pupil."""
    return user.is_authenticated and user.role in STAFF_WHO_WORK_WITH_PUPILS


# Family side.
rules.add_perm("family.prepare_meeting", is_family)
rules.add_perm("family.respond_to_plan", is_family)
rules.add_perm("family.message_school", is_family)
# School side.
rules.add_perm("family.message_family", is_staff_who_talks_to_families & staff_of_pupils_school)
rules.add_perm("family.see_preparation", is_senco_or_head & staff_of_pupils_school)
rules.add_perm("family.resolve_response", is_senco_or_head & staff_of_pupils_school)
# No object: may open the inbox at all (its contents are then the user's own school).
rules.add_perm("family.view_inbox", is_senco_or_head)
