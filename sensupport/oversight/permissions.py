"""Who may see oversight: LA officers their own LA's schools; a head their own school only.
Scope of pupils named on a page comes from Pupil.objects.visible_to, never from here."""

from __future__ import annotations

import rules

from sensupport.funding.permissions import is_head
from sensupport.pupils.permissions import is_la_officer


@rules.predicate
def officer_of_schools_la(user, school) -> bool:
    return bool(school is not None and user.local_authority_id and school.local_authority_id == user.local_authority_id)


@rules.predicate
def head_of_school(user, school) -> bool:
    return bool(school is not None and user.school_id and school.pk == user.school_id)


# The dashboard: an officer's LA page; a head is taken to their own school's page.
rules.add_perm("oversight.view_dashboard", is_la_officer | (is_head & rules.predicate(lambda u: bool(u.school_id))))
rules.add_perm("oversight.view_school", (is_la_officer & officer_of_schools_la) | (is_head & head_of_school))
# The Ofsted case sample: the head, of their own school's pupils.
rules.add_perm("oversight.case_sample", is_head & rules.predicate(lambda u: bool(u.school_id)))
