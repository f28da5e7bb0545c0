"""Every write to the Local Offer: keyword-only, transactional, audited, `via` passed through.

Providers propose (`service_change_propose`); an officer of the service's LA approves or rejects
(`service_change_approve`, `service_change_reject`), chooses the categories (`service_categorise`)
and marks an entry checked (`service_mark_checked`). Visitors leave feedback (`feedback_leave`).
A school's plan editor points a support line at a service (`signpost_set`, `signpost_remove`);
a new plan version's copies keep their signposts (`signposts_follow_copied_lines`, registered on
plans.services.AFTER_PROVISIONS_COPIED).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from sensupport.accounts.models import User
from sensupport.accounts.services import AccountError, professional_create
from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.core.errors import ServiceError

from . import rules
from .models import (
    Feedback,
    Location,
    OpeningTime,
    Provider,
    ProviderEditor,
    Service,
    ServiceChange,
    Signpost,
    TaxonomyTerm,
)
from .tasks import notify_proposer_of_decision

WEB = AuditEvent.Via.WEB


class LocalOfferError(ServiceError):
    """A change the Local Offer's rules refuse."""


def current_values(service: Service) -> dict:
    """The proposable fields as they are now (opening times as the text the form shows)."""
    values = {key: getattr(service, key) for key in rules.PROPOSABLE if key != "opening_times"}
    values["opening_times"] = rules.format_opening_times(
        (o.weekday, o.opens_at, o.closes_at) for o in service.opening_times.all()
    )
    return values


def _checked_proposal(proposed: dict) -> dict:
    unknown = set(proposed) - set(rules.PROPOSABLE)
    if unknown:
        raise LocalOfferError(f"A provider cannot change {', '.join(sorted(unknown))}: the local authority sets it.")
    clean = dict(proposed)
    if not (clean.get("name") or "").strip():
        raise LocalOfferError("Enter the service's name.", field="name")
    low, high = clean.get("minimum_age"), clean.get("maximum_age")
    if low is not None and high is not None and low > high:
        raise LocalOfferError("The youngest age must not be more than the oldest age.", field="maximum_age")
    try:
        clean["opening_times"] = rules.format_opening_times(rules.parse_opening_times(clean.get("opening_times", "")))
    except rules.OpeningTimesError as exc:
        raise LocalOfferError(str(exc), field="opening_times") from None
    return clean


@transaction.atomic
def service_change_propose(*, actor, service: Service, proposed: dict, note: str = "", via: str = WEB) -> ServiceChange:
    if not actor.has_perm("local_offer.propose_change", service):
        raise LocalOfferError("Only the provider's editors or the local authority can change this entry.")
    clean = _checked_proposal(proposed)
    if not rules.changed_fields(current_values(service), clean) and not note.strip():
        raise LocalOfferError(
            "Nothing has changed. To confirm the entry is still right, say so in the note to the local authority.",
            field="note",
        )
    try:
        with transaction.atomic():
            change = ServiceChange.objects.create(service=service, proposed=clean, note=note.strip(), proposed_by=actor)
    except IntegrityError:
        raise LocalOfferError(
            "A change to this entry is already waiting for the local authority: it must be approved or rejected "
            "before another is proposed."
        ) from None
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=AuditEvent.Target.LOCAL_OFFER_CHANGE,
        target_id=change.pk,
        summary=f"Change proposed to the Local Offer entry {service.name}",
        via=via,
    )
    if actor.has_perm("local_offer.manage", service):
        # An officer of the service's LA approves their own change as they make it.
        service_change_approve(actor=actor, change=change, via=via)
        change.refresh_from_db()
    return change


def _pending_for_update(change: ServiceChange) -> ServiceChange:
    locked = ServiceChange.objects.select_for_update().select_related("service").get(pk=change.pk)
    if locked.state != ServiceChange.State.PENDING:
        raise LocalOfferError("This change has already been decided.")
    return locked


def _notify_proposer(change: ServiceChange) -> None:
    change_id = change.pk
    transaction.on_commit(lambda: notify_proposer_of_decision.enqueue(change_id))


@transaction.atomic
def service_change_approve(*, actor, change: ServiceChange, via: str = WEB) -> Service:
    if not actor.has_perm("local_offer.manage", change):
        raise LocalOfferError("Only an officer of the service's local authority can approve a change.")
    change = _pending_for_update(change)
    service = change.service
    proposed = _checked_proposal(change.proposed)
    before = current_values(service)
    for key in rules.PROPOSABLE:
        if key != "opening_times" and key in proposed:
            setattr(service, key, proposed[key] if proposed[key] is not None else None)
    today = timezone.localdate()
    service.last_checked_on = today
    service.stale_flagged_on = None
    service.save()
    if proposed["opening_times"] != before["opening_times"]:
        service.opening_times.all().delete()
        OpeningTime.objects.bulk_create(
            OpeningTime(service=service, weekday=d, opens_at=o, closes_at=c)
            for d, o, c in rules.parse_opening_times(proposed["opening_times"])
        )
    change.state = ServiceChange.State.APPROVED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.save(update_fields=["state", "decided_by", "decided_at"])
    _notify_proposer(change)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.LOCAL_OFFER_SERVICE,
        target_id=service.pk,
        summary=f"Approved the provider's change to {service.name}",
        changes={label: [str(old), str(new)] for label, old, new in rules.changed_fields(before, proposed)},
        via=via,
    )
    return service


@transaction.atomic
def service_change_reject(*, actor, change: ServiceChange, reason: str, via: str = WEB) -> ServiceChange:
    if not actor.has_perm("local_offer.manage", change):
        raise LocalOfferError("Only an officer of the service's local authority can reject a change.")
    if not reason.strip():
        raise LocalOfferError("Say why the change is not approved: the provider reads it.", field="reason")
    change = _pending_for_update(change)
    change.state = ServiceChange.State.REJECTED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.decision_note = reason.strip()[:500]
    change.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    _notify_proposer(change)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.LOCAL_OFFER_CHANGE,
        target_id=change.pk,
        summary=f"Rejected a change to {change.service.name}: {change.decision_note}",
        via=via,
    )
    return change


@transaction.atomic
def service_categorise(*, actor, service: Service, term_ids, via: str = WEB) -> Service:
    """The LA chooses the categories and needs a service is listed under."""
    if not actor.has_perm("local_offer.manage", service):
        raise LocalOfferError("Only an officer of the service's local authority chooses its categories.")
    wanted = {str(t) for t in term_ids}
    terms = list(
        TaxonomyTerm.objects.filter(pk__in=wanted, taxonomy__local_authority_id=service.provider.local_authority_id)
    )
    if len(terms) != len(wanted):
        raise LocalOfferError("Choose categories from your local authority's own lists.", field="terms")
    before = sorted(t.name for t in service.terms.all())
    service.terms.set(terms)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.LOCAL_OFFER_SERVICE,
        target_id=service.pk,
        summary=f"Categories of {service.name}",
        changes={"categories": [", ".join(before), ", ".join(sorted(t.name for t in terms))]},
        via=via,
    )
    return service


@transaction.atomic
def service_mark_checked(*, actor, service: Service, via: str = WEB) -> Service:
    if not actor.has_perm("local_offer.manage", service):
        raise LocalOfferError("Only an officer of the service's local authority can mark it checked.")
    service.last_checked_on = timezone.localdate()
    service.stale_flagged_on = None
    service.save(update_fields=["last_checked_on", "stale_flagged_on", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.LOCAL_OFFER_SERVICE,
        target_id=service.pk,
        summary=f"Checked {service.name}: still correct",
        via=via,
    )
    return service


@transaction.atomic
def feedback_leave(
    *, actor, page: str, message: str, service: Service | None = None, local_authority=None, via: str = WEB
) -> Feedback:
    """Anyone, signed in or not, says something about a page; the LA's editors read it."""
    message = message.strip()
    if not message:
        raise LocalOfferError("Enter your feedback.", field="message")
    if len(message) > 1200:
        raise LocalOfferError("Feedback must be 1,200 characters or fewer.", field="message")
    if service is not None:
        local_authority = service.provider.local_authority
    feedback = Feedback.objects.create(
        local_authority=local_authority, service=service, page=page[:300], message=message
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=AuditEvent.Target.LOCAL_OFFER_FEEDBACK,
        target_id=feedback.pk,
        summary=f"Feedback on {page[:200]}",
        via=via,
    )
    return feedback


@transaction.atomic
def signpost_set(*, actor, provision, service: Service, via: str = WEB) -> Signpost:
    pupil = provision.plan.pupil
    if not actor.has_perm("local_offer.signpost_support", pupil):
        raise LocalOfferError("Only the pupil's SENCO, head or class teacher can signpost support.")
    if service.status != Service.Status.ACTIVE:
        raise LocalOfferError("That service is not running at the moment: choose another.", field="service")
    signpost, _ = Signpost.objects.update_or_create(
        provision=provision, defaults={"service": service, "added_by": actor}
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.LOCAL_OFFER_SIGNPOST,
        pupil=pupil,
        target_id=provision.pk,
        summary=f"Support line signposted to {service.name}",
        via=via,
    )
    return signpost


@transaction.atomic
def signpost_remove(*, actor, provision, via: str = WEB) -> None:
    pupil = provision.plan.pupil
    if not actor.has_perm("local_offer.signpost_support", pupil):
        raise LocalOfferError("Only the pupil's SENCO, head or class teacher can change a signpost.")
    if Signpost.objects.filter(provision=provision).delete()[0]:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            target=AuditEvent.Target.LOCAL_OFFER_SIGNPOST,
            pupil=pupil,
            target_id=provision.pk,
            summary="Signpost to the Local Offer removed",
            via=via,
        )


def signposts_follow_copied_lines(copies: dict[int, int]) -> None:
    """plans.services.AFTER_PROVISIONS_COPIED: a new version's copy of a support line keeps its
    signpost. Runs inside plan_new_version's transaction, which audits the new version."""
    Signpost.objects.bulk_create(
        [
            Signpost(provision_id=copies[row.provision_id], service_id=row.service_id, added_by_id=row.added_by_id)
            for row in Signpost.objects.filter(provision_id__in=list(copies))
        ]
    )


# ---------------------------------------------------------------- The LA's directory: providers, services, editors


@transaction.atomic
def provider_create(
    *,
    actor,
    name: str,
    kind: str,
    description: str,
    email: str = "",
    website: str = "",
    school=None,
    via: str = WEB,
) -> Provider:
    if not actor.has_perm("local_offer.manage"):
        raise LocalOfferError("Only a local authority officer adds providers to its Local Offer.")
    la_id = actor.local_authority_id
    if school is not None and school.local_authority_id != la_id:
        raise LocalOfferError("Choose one of your local authority's schools.", field="school")
    if Provider.objects.filter(local_authority_id=la_id, name__iexact=name.strip()).exists():
        raise LocalOfferError("Your Local Offer already has a provider with this name.", field="name")
    provider = Provider.objects.create(
        local_authority_id=la_id,
        name=name.strip(),
        kind=kind,
        description=description.strip(),
        email=email,
        website=website,
        school=school,
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=AuditEvent.Target.LOCAL_OFFER_SERVICE,
        target_id=provider.pk,
        summary=f"Local Offer provider added: {provider.name}",
        via=via,
    )
    return provider


@transaction.atomic
def service_create(
    *, actor, provider: Provider, details: dict, location: dict | None = None, via: str = WEB
) -> Service:
    """An officer adds an entry; it is published at once and counts as checked today."""
    if not actor.has_perm("local_offer.manage", provider):
        raise LocalOfferError("Only an officer of the provider's local authority adds its services.")
    clean = _checked_proposal({key: details.get(key) for key in rules.PROPOSABLE})
    place = None
    if location and location.get("city"):
        place = Location.objects.create(
            name=location.get("name") or clean["name"],
            address_1=location.get("address_1", ""),
            city=location["city"],
            area=location.get("area", ""),
            postcode=location.get("postcode", ""),
        )
    service = Service.objects.create(
        provider=provider,
        location=place,
        last_checked_on=timezone.localdate(),
        **{key: clean[key] for key in rules.PROPOSABLE if key != "opening_times"},
    )
    OpeningTime.objects.bulk_create(
        OpeningTime(service=service, weekday=d, opens_at=o, closes_at=c)
        for d, o, c in rules.parse_opening_times(clean["opening_times"])
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=AuditEvent.Target.LOCAL_OFFER_SERVICE,
        target_id=service.pk,
        summary=f"Local Offer entry added: {service.name} ({provider.name})",
        via=via,
    )
    return service


@transaction.atomic
def provider_editor_add(
    *, actor, provider: Provider, email: str, first_name: str = "", last_name: str = "", via: str = WEB
) -> ProviderEditor:
    """An officer lets someone propose changes to a provider's entries: an existing account, or a new
    outside professional's account (invited to set a password; it sees no pupil unless a school
    shares one)."""
    if not actor.has_perm("local_offer.manage", provider):
        raise LocalOfferError("Only an officer of the provider's local authority chooses its editors.")
    email = (email or "").strip().lower()
    user = User.objects.filter(email__iexact=email).first() if email else None
    if user is None:
        if not (first_name.strip() and last_name.strip()):
            raise LocalOfferError(
                "No account has this email address: give their first and last name to invite them.", field="first_name"
            )
        try:
            user = professional_create(actor=actor, email=email, first_name=first_name, last_name=last_name, via=via)
        except AccountError as exc:
            raise LocalOfferError(exc.message, field=exc.field) from None
    membership, created = ProviderEditor.objects.get_or_create(provider=provider, user=user)
    if not created:
        raise LocalOfferError(f"{user.display_name} already edits {provider.name}'s entries.", field="email")
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=AuditEvent.Target.LOCAL_OFFER_SERVICE,
        target_id=provider.pk,
        summary=f"{user.display_name} may now propose changes to {provider.name}'s entries",
        via=via,
    )
    return membership


@transaction.atomic
def provider_editor_remove(*, actor, membership: ProviderEditor, via: str = WEB) -> None:
    if not actor.has_perm("local_offer.manage", membership.provider):
        raise LocalOfferError("Only an officer of the provider's local authority chooses its editors.")
    name, provider = membership.user.display_name, membership.provider
    membership.delete()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.LOCAL_OFFER_SERVICE,
        target_id=provider.pk,
        summary=f"{name} no longer edits {provider.name}'s entries",
        via=via,
    )


@transaction.atomic
def service_status_set(*, actor, service: Service, status: str, via: str = WEB) -> Service:
    """Open, temporarily closed, or not running (taken off the public pages and the API)."""
    if not actor.has_perm("local_offer.manage", service):
        raise LocalOfferError("Only an officer of the service's local authority opens or closes an entry.")
    if status not in Service.Status.values:
        raise LocalOfferError("Choose whether the service is open, temporarily closed or not running.", field="status")
    before = service.get_status_display()
    service.status = status
    service.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.LOCAL_OFFER_SERVICE,
        target_id=service.pk,
        summary=f"{service.name}: {service.get_status_display()}",
        changes={"status": [before, service.get_status_display()]},
        via=via,
    )
    return service
