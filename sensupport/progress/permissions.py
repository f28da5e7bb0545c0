"""Who may see and bring in progress data. Findings are staff-only, except a family's own child's
line (the portal shows their own scores, never other pupils'). Scope comes from Pupil.objects.visible_to."""

from __future__ import annotations

import rules

from sensupport.pupils.permissions import (
    is_family,
    is_school_staff,
    is_senco_or_head,
    is_whole_school,
    staff_of_pupils_school,
)

# A pupil's scores, attendance, behaviour and findings: staff of the pupil's school.
rules.add_perm("progress.view_progress", staff_of_pupils_school)
# The family's own child's line, in plain words (no findings, no other pupils).
rules.add_perm("progress.view_own_progress", is_family)
# School-level pages: the SENCO's "pupils to look at" and "recently left" (whole school); a
# teacher's own classes (their pupils only, through visible_to).
rules.add_perm("progress.view_pupils_to_look_at", is_school_staff)
rules.add_perm("progress.view_recently_left", is_senco_or_head)
# Bringing data in: those who import for the school (as the people imports).
rules.add_perm("progress.import_progress", is_whole_school)
