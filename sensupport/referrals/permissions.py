"""Who may do what with outside services and referrals (scope comes from Pupil.objects.visible_to).

Services are managed by the service administrator (any) and an LA officer (their LA's). A
referral is made by the pupil's SENCO or head; the professionals of the service it was sent to
(and only they, and only while the pupil's record is shared with them) accept or decline it, book
appointments, upload reports and record recommendations; the SENCO or head acts on each one.
"""

from __future__ import annotations

import rules

from sensupport.accounts.models import Role
from sensupport.pupils.permissions import (
    is_family,
    is_la_officer,
    is_senco_or_head,
    staff_of_pupils_school,
)


@rules.predicate
def is_professional(user) -> bool:
    return user.is_authenticated and user.role == Role.PROFESSIONAL


@rules.predicate
def is_service_admin(user) -> bool:
    return user.is_authenticated and user.role == Role.SERVICE_ADMIN


def service_of(user):
    """The service an outside professional belongs to (None for anyone else)."""
    if not is_professional(user):
        return None
    membership = getattr(user, "service_membership", None)
    return membership.service if membership is not None else None


@rules.predicate
def professional_of_referrals_service(user, referral) -> bool:
    """The user is a professional of the service the referral was sent to."""
    if referral is None or not is_professional(user):
        return False
    referral = getattr(referral, "referral", referral)  # an appointment, a report or a recommendation
    service = service_of(user)
    return service is not None and service.pk == referral.service_id


@rules.predicate
def manages_service(user, service) -> bool:
    """No row: may open the services pages at all. A service: the service administrator any, an LA
    officer their own LA's."""
    if is_service_admin(user):
        return True
    if not is_la_officer(user):
        return False
    return service is None or service.local_authority_id == user.local_authority_id


rules.add_perm("referrals.manage_services", manages_service)
rules.add_perm("referrals.view_own_referrals", is_professional)
# Pupil-level: the pupil is already in scope (visible_to).
rules.add_perm("referrals.view_referrals", staff_of_pupils_school | is_professional)
rules.add_perm("referrals.make_referral", is_senco_or_head & staff_of_pupils_school)
rules.add_perm("referrals.view_family_referrals", is_family)
# Referral-level (the referral, or an appointment, report or recommendation of one).
rules.add_perm("referrals.view_referral", staff_of_pupils_school | professional_of_referrals_service)
rules.add_perm("referrals.decide_referral", professional_of_referrals_service)
rules.add_perm(
    "referrals.add_appointment", professional_of_referrals_service | (is_senco_or_head & staff_of_pupils_school)
)
rules.add_perm("referrals.upload_report", professional_of_referrals_service)
rules.add_perm(
    "referrals.add_recommendation", professional_of_referrals_service | (is_senco_or_head & staff_of_pupils_school)
)
rules.add_perm("referrals.act_on_recommendation", is_senco_or_head & staff_of_pupils_school)
