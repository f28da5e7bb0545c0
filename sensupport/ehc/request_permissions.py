"""Who may do what with EHC needs-assessment requests (scope of pupils comes from Pupil.objects.visible_to).

The school's SENCO or head makes a request and reads every request about a pupil of their school
(the family's too: the LA will ask the school for its evidence). A parent with parental
responsibility, or the young person, makes a request from the portal and follows it there. The
officers of the local authority it was sent to (and only they) read it and record the LA's steps.
Class staff, outside professionals, the service administrator: nothing here.
"""

from __future__ import annotations

import rules

from sensupport.pupils.permissions import is_family, is_la_officer, is_senco_or_head, staff_of_pupils_school


@rules.predicate
def sent_to_officers_la(user, request) -> bool:
    return bool(
        request is not None
        and getattr(request, "local_authority_id", None)
        and user.local_authority_id
        and request.local_authority_id == user.local_authority_id
    )


school_leader = is_senco_or_head & staff_of_pupils_school

# Pupil-level (the pupil is already in the viewer's scope).
rules.add_perm("ehc.make_request", school_leader)
rules.add_perm("ehc.make_family_request", is_family)
# Request-level.
rules.add_perm("ehc.view_request", school_leader | (is_la_officer & sent_to_officers_la))
rules.add_perm("ehc.record_request_step", is_la_officer & sent_to_officers_la)
# Site-level: the LA's list.
rules.add_perm("ehc.view_la_requests", is_la_officer)
