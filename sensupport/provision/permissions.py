"""Who may do what with the school's provision (scope of pupils comes from Pupil.objects.visible_to).

The catalogue, pay rates and the map (every pupil's support and what it costs) are the school
leaders' and office's; changing them is the SENCO's or head's. A group's sessions and scores are
logged by the staff who run it (or the SENCO or head). A pupil's costed support is for staff of
the pupil's school; families see the support in plain words (portal), never its cost.
"""

from __future__ import annotations

import rules

from sensupport.pupils.permissions import (
    is_family,
    is_school_staff,
    is_senco_or_head,
    is_whole_school,
    staff_of_pupils_school,
)


def _school_id(row) -> int:
    """A group's school is its teaching group's; a catalogue entry's, its own."""
    return row.teaching_group.school_id if hasattr(row, "teaching_group") else row.school_id


@rules.predicate
def group_at_own_school(user, row) -> bool:
    """No row: the page itself. A group (or the catalogue entry it starts from): one at the user's school."""
    return row is None or (is_school_staff(user) and _school_id(row) == user.school_id)


@rules.predicate
def runs_group(user, group) -> bool:
    return hasattr(group, "teaching_group") and group.teaching_group.staff.filter(pk=user.pk).exists()


rules.add_perm("provision.view_catalogue", is_whole_school)
rules.add_perm("provision.manage_catalogue", is_senco_or_head)
rules.add_perm("provision.set_pay_rates", is_senco_or_head)
rules.add_perm("provision.view_map", is_whole_school)
rules.add_perm("provision.manage_groups", is_senco_or_head & group_at_own_school)
rules.add_perm("provision.view_group", group_at_own_school & (is_whole_school | runs_group))
rules.add_perm("provision.log_session", group_at_own_school & (is_senco_or_head | runs_group))
rules.add_perm("provision.view_pupil_costs", staff_of_pupils_school)
rules.add_perm("provision.place_pupil", is_senco_or_head & staff_of_pupils_school)
rules.add_perm("provision.view_support_in_plain_words", is_family)
