"""Who may edit and publish the school's SEN information report: its SENCO and head teacher.
Reading the published report needs no permission (it is public)."""

from __future__ import annotations

import rules

from sensupport.pupils.permissions import is_senco_or_head


@rules.predicate
def has_school(user) -> bool:
    return bool(user.is_authenticated and user.school_id)


rules.add_perm("information_report.edit_report", is_senco_or_head & has_school)
