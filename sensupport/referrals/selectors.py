"""Reads about outside services and referrals. Pupil-owned reads start from a pupil the caller
already fetched through access.py (so from Pupil.objects.visible_to)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from sensupport.core.prepared import PreparedQuery
from sensupport.family.models import Consent
from sensupport.pupils.models import Pupil

from . import rules
from .models import Recommendation, Referral, Service, ServiceMembership
from .permissions import is_professional, is_service_admin, service_of


def services_for(user):
    """The services a user manages: every one for the service administrator, an LA officer's own LA's."""
    services = Service.objects.select_related("local_authority").order_by("name")
    if is_service_admin(user):
        return services
    return services.filter(local_authority_id=user.local_authority_id)


def services_for_school(school):
    """The services a school may refer to: its local authority's and the independent ones."""
    return (
        Service.objects.filter(Q(local_authority_id=school.local_authority_id) | Q(local_authority__isnull=True))
        .filter(active=True)
        .select_related("local_authority")
    )


def professionals_for_school(school):
    """Outside professionals a school may name (in a consent, for example): the members of the
    services it may refer to, with their service, ordered by service and name."""
    return (
        ServiceMembership.objects.filter(service__in=services_for_school(school), professional__is_active=True)
        .select_related("professional", "service")
        .order_by("service__name", "professional__last_name", "professional__first_name")
    )


def given_referral_consents(pupil: Pupil):
    return Consent.objects.filter(
        pupil=pupil, kind=Consent.Kind.REFERRAL, given_at__isnull=False, withdrawn_at__isnull=True
    ).order_by("-given_at")


def referrals_for(pupil: Pupil, user):
    """A pupil's referrals as the user may see them: the school every one, a professional only
    those to their own service."""
    referrals = pupil.referrals.select_related("service", "made_by")
    if is_professional(user):
        service = service_of(user)
        return referrals.filter(service=service) if service is not None else referrals.none()
    return referrals


@dataclass(frozen=True)
class OwnReferrals:
    rows: list
    waiting_for_share: int  # referrals to the service about pupils not (yet) shared with them: counted, never named


def own_referrals(user) -> OwnReferrals:
    service = service_of(user)
    if service is None:
        return OwnReferrals([], 0)
    shared = list(
        Referral.objects.for_professional(user).select_related("pupil", "pupil__school", "service").order_by("-sent_on")
    )
    total = Referral.objects.filter(service=service).exclude(state=Referral.State.DECLINED).count()
    not_shared = total - sum(1 for r in shared if r.state != Referral.State.DECLINED)
    return OwnReferrals(shared, max(not_shared, 0))


def waiting(referral: Referral) -> str:
    return rules.waiting_words(
        sent_on=referral.sent_on,
        today=timezone.localdate(),
        first_seen_on=referral.first_appointment,
        declined=referral.state == Referral.State.DECLINED,
        closed=referral.closed_reason if referral.state == Referral.State.CLOSED else "",
    )


# Recommendations from outside advice not yet acted on, with their service's name: the plan's checks
# and the review show them. Compiled once (core/prepared.py): every plan page's checks ask.
_OPEN_ADVICE = PreparedQuery(
    lambda pupil_id: Recommendation.objects.filter(
        referral__pupil_id=pupil_id, state=Recommendation.State.OPEN
    ).values_list("text", "referral__service__name")
)


def open_advice_lines(pupil: Pupil) -> list[str]:
    """One line per recommendation not yet acted on, oldest first (plans.selectors.OPEN_ADVICE hook)."""
    return [f"{text} ({service})" for text, service in _OPEN_ADVICE(pupil.pk)]


def service_can_read(referral: Referral) -> bool:
    """Whether any professional of the referral's service can open it now: the pupil's record must
    be shared with them (family consent to sharing, pupils' ProfessionalShare)."""
    members = [m.professional for m in referral.service.memberships.select_related("professional")]
    return any(Pupil.objects.visible_to(member).filter(pk=referral.pupil_id).exists() for member in members)
