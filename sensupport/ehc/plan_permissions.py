"""Who may do what with EHC plans and their annual reviews (scope comes from Pupil.objects.visible_to).

The plan is the local authority's: an officer of the LA responsible for the pupil (where they live,
else where they go to school) drafts, issues and amends it and decides each annual review. The
school arranges the review (its SENCO or head): invitations, the meeting, the report. Everyone who
may see the pupil on the staff side reads the plan (school staff, LA officers, a professional the
school has shared the record with); the family reads it in the portal.
"""

from __future__ import annotations

import rules

from sensupport.pupils.models import Pupil
from sensupport.pupils.permissions import (
    is_family,
    is_la_officer,
    is_senco_or_head,
    pupil_of,
    staff_of_pupils_school,
)
from sensupport.referrals.permissions import is_professional


def responsible_la_id(pupil: Pupil) -> int | None:
    """The LA responsible for the pupil's EHC plan: where they live, else where their school is."""
    return pupil.home_local_authority_id or pupil.school.local_authority_id


def plan_la_id(row) -> int | None:
    """The LA of the plan a row belongs to (a plan, a version or review of one); for a pupil with no
    plan yet, the LA responsible for them."""
    from .models import EhcPlan

    if isinstance(row, Pupil):
        return responsible_la_id(row)
    if isinstance(row, EhcPlan):
        return row.local_authority_id
    plan = getattr(row, "plan", None)
    return plan.local_authority_id if isinstance(plan, EhcPlan) else None


@rules.predicate
def officer_of_plans_la(user, row) -> bool:
    if row is None or not is_la_officer(user) or pupil_of(row) is None:
        return False
    return user.local_authority_id is not None and user.local_authority_id == plan_la_id(row)


rules.add_perm("ehc.view_plan", staff_of_pupils_school | is_la_officer | is_professional)
rules.add_perm("ehc.write_plan", officer_of_plans_la)
rules.add_perm("ehc.arrange_review", is_senco_or_head & staff_of_pupils_school)
rules.add_perm("ehc.decide_review", officer_of_plans_la)
rules.add_perm("ehc.view_family_plan", is_family)
# Site level: the school-wide page of EHC plans and annual reviews; the LA officer's home panel of
# reviews waiting for their LA's decision.
rules.add_perm("ehc.view_school_plans", is_senco_or_head)
rules.add_perm("ehc.decide_reviews", is_la_officer)
