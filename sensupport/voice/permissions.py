"""Who may do what with a pupil's voice (scope comes from Pupil.objects.visible_to).

The pupil speaks: a young person for themself, a parent with their child at home, or school staff
who work with the pupil. Local authority officers and outside professionals see the plan, not these
pages. The SENCO or head turns what the pupil said into barriers.
"""

from __future__ import annotations

import rules

from sensupport.accounts.models import STAFF_WHO_WORK_WITH_PUPILS
from sensupport.pupils.permissions import is_family, is_senco_or_head, staff_of_pupils_school


@rules.predicate
def works_with_pupils(user) -> bool:
    """Staff who teach or support pupils (not the school office)."""
    return user.is_authenticated and user.role in STAFF_WHO_WORK_WITH_PUPILS


# The object is the pupil, already in the user's scope.
rules.add_perm("voice.record_voice", is_family | (works_with_pupils & staff_of_pupils_school))
rules.add_perm("voice.view_school_voice", works_with_pupils & staff_of_pupils_school)
rules.add_perm("voice.accept_suggestion", is_senco_or_head & staff_of_pupils_school)
