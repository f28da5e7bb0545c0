"""Who may do what with a pupil's assessment and plan (scope comes from Pupil.objects.visible_to)."""

from __future__ import annotations

import rules

from sensupport.accounts.models import Role
from sensupport.pupils.permissions import is_school_staff, is_senco_or_head, staff_of_pupils_school


@rules.predicate
def is_class_staff_or_lead(user) -> bool:
    return user.is_authenticated and user.role in (Role.SENCO, Role.HEAD, Role.TEACHER)


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


# The object is the pupil, already in the user's scope.
rules.add_perm("plans.view_plan", may_read_plans)
rules.add_perm("plans.view_draft", is_school_staff & staff_of_pupils_school)
rules.add_perm("plans.contribute_view", is_school_staff & staff_of_pupils_school)
rules.add_perm("plans.manage_assessment", is_senco_or_head & staff_of_pupils_school)
rules.add_perm("plans.edit_draft", is_class_staff_or_lead & staff_of_pupils_school)
rules.add_perm("plans.agree_plan", is_senco_or_head & staff_of_pupils_school)
rules.add_perm("plans.record_review", is_senco_or_head & staff_of_pupils_school)
rules.add_perm("plans.log_evidence", is_school_staff & staff_of_pupils_school)
rules.add_perm("plans.confirm_read", is_school_staff & staff_of_pupils_school)
rules.add_perm("plans.see_read_receipts", is_senco_or_head & staff_of_pupils_school)
rules.add_perm(
    "plans.request_early_review",
    (is_school_staff & staff_of_pupils_school) | rules.predicate(lambda u: u.role in (Role.PARENT, Role.YOUNG_PERSON)),
)
rules.add_perm("plans.answer_early_review", is_senco_or_head & staff_of_pupils_school)
