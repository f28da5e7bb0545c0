"""What each role may do with a pupil it can already see (scope comes from Pupil.objects.visible_to).

Predicates from the `rules` library, registered as Django permissions so templates, views and the
API ask the same question: `user.has_perm("pupils.triage_concern", pupil)`.
"""

from __future__ import annotations

import rules

from sensupport.accounts.models import FAMILY_ROLES, SCHOOL_LEADERS, SCHOOL_ROLES, WHOLE_SCHOOL_ROLES, Role

from .models import Pupil


@rules.predicate
def is_school_staff(user) -> bool:
    return user.is_authenticated and user.role in SCHOOL_ROLES


@rules.predicate
def is_senco_or_head(user) -> bool:
    return user.is_authenticated and user.role in SCHOOL_LEADERS


@rules.predicate
def is_register_manager(user) -> bool:
    """Keeps the register's data: SENCO and school administrator."""
    return user.is_authenticated and user.role in (Role.SENCO, Role.SCHOOL_ADMIN)


@rules.predicate
def is_whole_school(user) -> bool:
    return user.is_authenticated and user.role in WHOLE_SCHOOL_ROLES


@rules.predicate
def is_la_officer(user) -> bool:
    return user.is_authenticated and user.role == Role.LA_OFFICER


@rules.predicate
def is_family(user) -> bool:
    """A parent or carer, or a young person (16 or over) about themself (User.is_family)."""
    return user.is_authenticated and user.role in FAMILY_ROLES


def pupil_of(row) -> Pupil | None:
    """The pupil a row belongs to: a pupil is its own; a concern's, a plan's, a review's (through its
    plan), a walk-through's, a part of the day's (through its walk-through)."""
    if row is None or isinstance(row, Pupil):
        return row
    for parent in ("pupil", "plan", "walkthrough"):
        if hasattr(row, parent):
            return pupil_of(getattr(row, parent))
    return None


@rules.predicate
def staff_of_pupils_school(user, row) -> bool:
    """THE school-side question every app builds on: the user is school staff and the row (a pupil,
    or a plan, review, concern... of one) belongs to a pupil of their school. The role that may do
    the particular thing is and-ed on in each app's permissions.py."""
    pupil = pupil_of(row)
    return bool(pupil is not None and is_school_staff(user) and user.school_id == pupil.school_id)


@rules.predicate
def may_list_pupils(user) -> bool:
    return user.is_authenticated and (
        user.role in SCHOOL_ROLES or user.role in FAMILY_ROLES or user.role in (Role.LA_OFFICER, Role.PROFESSIONAL)
    )


# Register-level (no object): which pages a role may open at all.
rules.add_perm("pupils.view_register", may_list_pupils)
rules.add_perm("pupils.export_register", is_whole_school)
rules.add_perm("pupils.import_pupils", is_register_manager)
# Pupil-level: the pupil is already in scope (visible_to); these decide what the role may change.
rules.add_perm("pupils.raise_concern", staff_of_pupils_school)
# Concerns are the school's working notes while it finds out what is going on.
rules.add_perm("pupils.view_concern", staff_of_pupils_school)
rules.add_perm("pupils.triage_concern", is_senco_or_head & staff_of_pupils_school)
rules.add_perm("pupils.change_sen_status", is_senco_or_head & staff_of_pupils_school)
rules.add_perm("pupils.record_parent_conversation", is_senco_or_head & staff_of_pupils_school)
rules.add_perm("pupils.edit_pupil", is_register_manager & staff_of_pupils_school)
rules.add_perm("pupils.view_audit_trail", is_senco_or_head & staff_of_pupils_school)


# A school manages its own people (issue 8). Who may, and why: the table in accounts/permissions.py.
@rules.predicate
def row_at_own_school(user, row) -> bool:
    """No row: the page itself. A row (a teaching group, a pupil): one at the actor's school."""
    return row is None or row.school_id == user.school_id


rules.add_perm("pupils.manage_groups", is_whole_school & row_at_own_school)
rules.add_perm("pupils.manage_contacts", is_whole_school & row_at_own_school)


# EHC plan summaries (issue 8, until the EHC capability gives EHC plans their own record).
# Kept by the SENCO and the school administrator; read by the pupil's school's staff and, in
# their scope (visible_to), the LA officer. Outside professionals and families: not these pages.
rules.add_perm("pupils.edit_ehc_summary", is_register_manager & staff_of_pupils_school)
rules.add_perm("pupils.view_ehc_summary", staff_of_pupils_school | is_la_officer)
