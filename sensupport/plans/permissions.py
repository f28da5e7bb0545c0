"""Who may do what with a pupil's assessment and plan (scope comes from Pupil.objects.visible_to).

Asked with the row: the pupil, or one of its plans or assessments (`staff_of_pupils_school` finds
the pupil). Reviews, evidence and read receipts are in reviews/permissions.py."""

from __future__ import annotations

import rules

from sensupport.accounts.models import SCHOOL_LEADERS, Role
from sensupport.pupils.permissions import is_la_officer, is_school_staff, is_senco_or_head, staff_of_pupils_school


@rules.predicate
def is_class_staff_or_lead(user) -> bool:
    return user.is_authenticated and user.role in SCHOOL_LEADERS | {Role.TEACHER}


@rules.predicate
def may_read_plans(user) -> bool:
    return user.is_authenticated and user.role in (
        Role.SENCO,
        Role.HEAD,
        Role.TEACHER,
        Role.TEACHING_ASSISTANT,
        Role.SCHOOL_ADMIN,
        Role.PARENT,
        Role.LA_OFFICER,
        Role.PROFESSIONAL,
        Role.YOUNG_PERSON,
    )


@rules.predicate
def is_school_leader_at_a_school(user) -> bool:
    return bool(user.is_authenticated and user.role in SCHOOL_LEADERS and user.school_id)


@rules.predicate
def is_la_officer_of_an_la(user) -> bool:
    return bool(user.is_authenticated and user.role == Role.LA_OFFICER and user.local_authority_id)


# The object is the pupil, already in the user's scope.
rules.add_perm("plans.view_plan", may_read_plans)
rules.add_perm("plans.view_draft", staff_of_pupils_school)
rules.add_perm("plans.contribute_view", staff_of_pupils_school)
rules.add_perm("plans.manage_assessment", is_senco_or_head & staff_of_pupils_school)
rules.add_perm("plans.edit_draft", is_class_staff_or_lead & staff_of_pupils_school)
rules.add_perm("plans.agree_plan", is_senco_or_head & staff_of_pupils_school)
# No object: the strategy bank. School staff and LA officers read it; a SENCO or head adds their
# school's own strategies, an LA officer their authority's.
rules.add_perm("plans.view_strategy_bank", is_school_staff | is_la_officer)
rules.add_perm("plans.add_strategy", is_school_leader_at_a_school | is_la_officer_of_an_la)
