"""Who may see and change the school's SEN money (scope of pupils comes from Pupil.objects.visible_to).

The element 2 monitor, the budget and top-up requests are the SENCO's and head's. A request, once
sent, is also read by officers of the local authority it was sent to, who may record its decision
(as may the school, when the LA's answer comes by letter). Families, class staff, outside
professionals: nothing here."""

from __future__ import annotations

import rules

from sensupport.accounts.models import Role
from sensupport.pupils.permissions import is_la_officer, is_senco_or_head, staff_of_pupils_school

from . import rules as funding_rules


@rules.predicate
def sent_to_officers_la(user, request) -> bool:
    return bool(
        request is not None
        and getattr(request, "status", funding_rules.DRAFT) != funding_rules.DRAFT
        and user.local_authority_id
        and request.local_authority_id == user.local_authority_id
    )


rules.add_perm("funding.view_element2", is_senco_or_head)
rules.add_perm("funding.manage_budget", is_senco_or_head)
rules.add_perm("funding.request_topup", is_senco_or_head & staff_of_pupils_school)
rules.add_perm(
    "funding.view_topup", (is_senco_or_head & staff_of_pupils_school) | (is_la_officer & sent_to_officers_la)
)
rules.add_perm(
    "funding.decide_topup", (is_senco_or_head & staff_of_pupils_school) | (is_la_officer & sent_to_officers_la)
)
rules.add_perm("funding.view_la_requests", is_la_officer)


@rules.predicate
def is_head(user) -> bool:
    return user.is_authenticated and user.role == Role.HEAD


# The inclusion strategy: drafted and edited by the SENCO or head; published by the head.
rules.add_perm("funding.publish_strategy", is_head)
