"""Who may do what once a plan is running: reviews, evidence, read receipts, early reviews (scope
comes from Pupil.objects.visible_to). Asked with the row: the pupil, or one of its plans."""

from __future__ import annotations

import rules

from sensupport.pupils.permissions import is_family, is_senco_or_head, staff_of_pupils_school

rules.add_perm("reviews.record_review", is_senco_or_head & staff_of_pupils_school)
rules.add_perm("reviews.log_evidence", staff_of_pupils_school)
rules.add_perm("reviews.confirm_read", staff_of_pupils_school)
rules.add_perm("reviews.see_read_receipts", is_senco_or_head & staff_of_pupils_school)
rules.add_perm("reviews.request_early_review", staff_of_pupils_school | is_family)
rules.add_perm("reviews.answer_early_review", is_senco_or_head & staff_of_pupils_school)
