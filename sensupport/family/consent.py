"""Consent for a referral, or for sharing a pupil's record with a named outside professional.

The school asks; a parent (or the young person, 16 and over) gives or withdraws. Giving consent
to share creates the ProfessionalShare that lets the professional see the record; withdrawing
ends that share at once (Pupil.objects.visible_to honours withdrawn_at), so the professional
loses access on their next request. Every change writes an audit row in the same transaction.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sensupport.accounts.models import Role
from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.core.errors import ServiceError
from sensupport.pupils.models import ProfessionalShare, Pupil

from .models import Consent

# Called inside the withdrawal's transaction with (consent=, actor=, via=): an app higher up that
# acted on the consent (referrals) ends what it started, so the family's "no" takes effect everywhere
# at once while family imports nothing of it (docs/how-to/add-a-domain-app.md, "hooks").
AFTER_CONSENT_WITHDRAWN: list = []


class ConsentError(ServiceError):
    """A consent change that is not allowed in the consent's present state."""


def _family_may_act(user, pupil_id: int) -> bool:
    return user.is_family and Pupil.objects.visible_to(user).filter(pk=pupil_id).exists()


def consent_request(
    *, pupil: Pupil, actor, kind: str, purpose: str, professional=None, via: str = AuditEvent.Via.WEB
) -> Consent:
    """The school asks the family for consent. Sharing needs a named outside professional."""
    purpose = (purpose or "").strip()
    if kind not in Consent.Kind.values:
        raise ConsentError("Choose what the consent is for", field="kind")
    if not purpose:
        raise ConsentError("Say what the consent is for, in plain words", field="purpose")
    if professional is not None and professional.role != Role.PROFESSIONAL:
        raise ConsentError("Choose an outside professional", field="professional")
    if kind == Consent.Kind.SHARING and professional is None:
        raise ConsentError("Choose the professional the record would be shared with", field="professional")
    with transaction.atomic():
        open_same = Consent.objects.select_for_update().filter(
            pupil=pupil, kind=kind, professional=professional, withdrawn_at__isnull=True
        )
        if kind == Consent.Kind.SHARING and open_same.exists():
            raise ConsentError(
                "The family has already been asked about sharing with this professional", field="professional"
            )
        consent = Consent.objects.create(
            pupil=pupil, kind=kind, purpose=purpose, professional=professional, requested_by=actor
        )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            pupil=pupil,
            target=AuditEvent.Target.CONSENT,
            target_id=consent.pk,
            summary=f"Asked the family for consent: {consent.get_kind_display()}"
            + (f" ({professional.display_name})" if professional else "")
            + f". {purpose}",
            via=via,
        )
        from .notifications import notify_family_of_consent_request

        transaction.on_commit(lambda: notify_family_of_consent_request.enqueue(consent.pk))
    return consent


def consent_give(*, consent: Consent, parent, via: str = AuditEvent.Via.WEB) -> Consent:
    """A parent or the young person gives consent. For sharing, the professional can see the
    record from now on (until the share ends or consent is withdrawn)."""
    if not _family_may_act(parent, consent.pupil_id):
        raise ConsentError("Only the child's parents or carers, or the young person, can give consent")
    with transaction.atomic():
        consent = (
            Consent.objects.select_for_update(of=("self",)).select_related("pupil", "professional").get(pk=consent.pk)
        )
        if consent.state != "asked":
            raise ConsentError(
                "Consent has already been given"
                if consent.state == "given"
                else "You said no or withdrew consent. Ask the school to ask you again."
            )
        now = timezone.now()
        consent.given_at = now
        consent.given_by = parent
        if consent.kind == Consent.Kind.SHARING and consent.professional_id:
            consent.share = ProfessionalShare.objects.create(
                professional=consent.professional,
                pupil=consent.pupil,
                shared_by=consent.requested_by,
                purpose=consent.purpose[:200],
            )
        consent.save(update_fields=["given_at", "given_by", "share"])
        audit_record(
            actor=parent,
            action=AuditEvent.Action.UPDATE,
            pupil=consent.pupil,
            target=AuditEvent.Target.CONSENT,
            target_id=consent.pk,
            summary=f"Consent given: {consent.get_kind_display()}",
            changes={"state": ["asked", "given"]},
            via=via,
        )
    return consent


def consent_withdraw(*, consent: Consent, parent, via: str = AuditEvent.Via.WEB) -> Consent:
    """A parent or the young person withdraws consent (or says no before giving it). Any
    sharing ends at once."""
    if not _family_may_act(parent, consent.pupil_id):
        raise ConsentError("Only the child's parents or carers, or the young person, can withdraw consent")
    with transaction.atomic():
        consent = Consent.objects.select_for_update(of=("self",)).select_related("pupil", "share").get(pk=consent.pk)
        before = consent.state
        if before == "withdrawn":
            raise ConsentError("Consent has already been withdrawn")
        now = timezone.now()
        consent.withdrawn_at = now
        consent.withdrawn_by = parent
        consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
        if consent.share_id:
            ProfessionalShare.objects.filter(pk=consent.share_id, withdrawn_at__isnull=True).update(withdrawn_at=now)
        audit_record(
            actor=parent,
            action=AuditEvent.Action.UPDATE,
            pupil=consent.pupil,
            target=AuditEvent.Target.CONSENT,
            target_id=consent.pk,
            summary=("Consent withdrawn" if before == "given" else "Consent refused")
            + f": {consent.get_kind_display()}",
            changes={"state": [before, "withdrawn"]},
            via=via,
        )
        for hook in AFTER_CONSENT_WITHDRAWN:
            hook(consent=consent, actor=parent, via=via)
    return consent
