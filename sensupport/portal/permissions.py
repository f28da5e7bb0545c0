"""Who may use the family portal, and who may ask a family for consent.

Scope still comes from Pupil.objects.visible_to: these rules only say what a role may do with a
pupil it can already see. Registered from PortalConfig.ready()."""

from __future__ import annotations

import rules

from sensupport.pupils.permissions import is_family, is_senco_or_head, staff_of_pupils_school

rules.add_perm("portal.use_portal", is_family)
rules.add_perm("portal.decide_consent", is_family)
rules.add_perm("portal.ask_consent", is_senco_or_head & staff_of_pupils_school)
