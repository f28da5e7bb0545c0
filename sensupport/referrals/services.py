"""Every write about outside services and referrals: keyword-only, one transaction, its audit row
inside, `via` passed through."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from sensupport.accounts.models import User
from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.core.errors import ServiceError
from sensupport.family.models import Consent
from sensupport.plans import services as plans
from sensupport.plans.models import Plan, Provision

from . import rules
from .models import Appointment, Recommendation, Referral, Report, Service, ServiceMembership
from .permissions import is_professional

NO_CONSENT = (
    "There is no consent from the family for a referral, so no referral can be made yet. Ask the family for "
    "consent to a referral on the consents page; once they have given it in the portal, come back here."
)


class ReferralError(ServiceError):
    """A change the referral rules refuse."""


def _require(actor, perm: str, row=None) -> None:
    allowed = actor.has_perm(perm) if row is None else actor.has_perm(perm, row)
    if not allowed:
        raise PermissionDenied


def _text(value: str, *, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ReferralError(message, field=field)
    return value


# ---------------------------------------------------------------- Services and their professionals


@transaction.atomic
def service_create(
    *,
    actor,
    name: str,
    kind: str,
    local_authority=None,
    email: str = "",
    usual_wait_weeks: int | None = None,
    via: str = AuditEvent.Via.WEB,
) -> Service:
    """A new outside service: the service administrator's anywhere, an LA officer's in their LA only."""
    _require(actor, "referrals.manage_services")
    name = _text(name, field="name", message="Enter the service's name")
    if kind not in Service.Kind.values:
        raise ReferralError("Choose what kind of service it is", field="kind")
    probe = Service(local_authority=local_authority)
    if not actor.has_perm("referrals.manage_services", probe):
        raise ReferralError("You can add services of your own local authority only", field="local_authority")
    if Service.objects.filter(local_authority=local_authority, name__iexact=name).exists():
        raise ReferralError("There is already a service with this name", field="name")
    service = Service.objects.create(
        name=name, kind=kind, local_authority=local_authority, email=email, usual_wait_weeks=usual_wait_weeks
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=AuditEvent.Target.OUTSIDE_SERVICE,
        target_id=service.pk,
        summary=f"Outside service added: {name}" + (f" ({local_authority})" if local_authority else " (independent)"),
        via=via,
    )
    return service


@transaction.atomic
def service_member_add(
    *, actor, service: Service, email: str, first_name: str = "", last_name: str = "", via: str = AuditEvent.Via.WEB
) -> ServiceMembership:
    """A professional joins the service: an existing outside professional's account by its email, or
    a new account (invited to set a password) when there is none."""
    _require(actor, "referrals.manage_services", service)
    from sensupport.accounts import services as accounts

    email = (email or "").strip().lower()
    user = User.objects.filter(username__iexact=email).first() if email else None
    if user is None:
        try:
            user = accounts.professional_create(
                actor=actor, email=email, first_name=first_name, last_name=last_name, via=via
            )
        except accounts.AccountError as exc:
            raise ReferralError(exc.message, field=exc.field) from None
    elif not is_professional(user):
        raise ReferralError("That account is not an outside professional's", field="email")
    existing = ServiceMembership.objects.select_for_update().filter(professional=user).first()
    if existing is not None:
        raise ReferralError(f"{user.display_name} already belongs to {existing.service}", field="email")
    membership = ServiceMembership.objects.create(professional=user, service=service)
    if user.organisation_name != service.name:
        user.organisation_name = service.name[:200]
        user.save(update_fields=["organisation_name"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=AuditEvent.Target.OUTSIDE_SERVICE_MEMBER,
        target_id=membership.pk,
        summary=f"{user.display_name} joined {service.name}",
        via=via,
    )
    return membership


# ---------------------------------------------------------------- Referrals


def referral_consent_problem(consent: Consent | None, pupil) -> str:
    """Why this consent cannot carry a referral ('' if it can): it must be the family's consent to a
    referral, for this pupil, given and not withdrawn."""
    if consent is None:
        return NO_CONSENT
    if consent.pupil_id != pupil.pk or consent.kind != Consent.Kind.REFERRAL:
        return "Choose the family's consent to a referral"
    if consent.state != "given":
        return "The family has not given this consent (or has withdrawn it): " + NO_CONSENT[0].lower() + NO_CONSENT[1:]
    return ""


@transaction.atomic
def referral_make(
    *,
    actor,
    pupil,
    service: Service,
    consent: Consent | None,
    question: str,
    evidence: str = "",
    barrier_ids: Sequence[int] = (),
    review=None,
    via: str = AuditEvent.Via.WEB,
) -> Referral:
    """Send a referral to an outside service, with the family's consent from the consent record."""
    _require(actor, "referrals.make_referral", pupil)
    if consent is not None:
        consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if problem := referral_consent_problem(consent, pupil):
        raise ReferralError(problem, field="consent")
    if not service.active:
        raise ReferralError("That service no longer takes referrals", field="service")
    question = _text(question, field="question", message="Say what you want the service's help with")
    own = set(pupil.barriers.values_list("pk", flat=True))
    if not set(barrier_ids) <= own:
        raise ReferralError("One of the barriers is not this pupil's", field="barriers")
    if review is not None and review.plan.pupil_id != pupil.pk:
        raise ReferralError("That review is another pupil's")
    referral = Referral.objects.create(
        pupil=pupil,
        service=service,
        consent=consent,
        review=review,
        question=question,
        evidence=(evidence or "").strip(),
        made_by=actor,
        sent_on=timezone.localdate(),
    )
    referral.barriers.set(barrier_ids)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        pupil=pupil,
        target=AuditEvent.Target.REFERRAL,
        target_id=referral.pk,
        summary=f"Referral to {service.name}: {question[:300]}",
        via=via,
    )
    return referral


@transaction.atomic
def referral_decide(
    *, actor, referral: Referral, accept: bool, reason: str = "", via: str = AuditEvent.Via.WEB
) -> Referral:
    """A professional of the service accepts the referral, or declines it with a reason."""
    _require(actor, "referrals.decide_referral", referral)
    referral = Referral.objects.select_for_update().select_related("pupil", "service").get(pk=referral.pk)
    if referral.state != Referral.State.SENT:
        raise ReferralError(f"This referral has already been {referral.get_state_display().lower()}")
    reason = (reason or "").strip()
    if not accept and not reason:
        raise ReferralError(
            "Say why the service cannot take the referral: the school and family read it", field="reason"
        )
    referral.state = Referral.State.ACCEPTED if accept else Referral.State.DECLINED
    referral.decided_by, referral.decided_on, referral.decline_reason = actor, timezone.localdate(), reason
    referral.save(update_fields=["state", "decided_by", "decided_on", "decline_reason"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        pupil=referral.pupil,
        target=AuditEvent.Target.REFERRAL,
        target_id=referral.pk,
        summary=("Referral accepted" if accept else f"Referral declined: {reason[:300]}"),
        changes={"state": [Referral.State.SENT, referral.state]},
        via=via,
    )
    return referral


def referrals_close_for_withdrawn_consent(*, consent: Consent, actor, via: str = AuditEvent.Via.WEB) -> int:
    """The family withdrew the consent a referral was made with: every referral still open on it
    (sent or accepted) closes at once, saying why, so the service stops work and books nothing
    more. Reports and recommendations already made stay on the record. Registered on
    `family.consent.AFTER_CONSENT_WITHDRAWN`; runs inside the withdrawal's transaction."""
    today = timezone.localdate()
    reason = f"Closed because the family withdrew their consent on {today.day} {today:%B %Y}"
    closed = 0
    for referral in (
        Referral.objects.select_for_update()
        .select_related("pupil", "service")
        .filter(consent=consent, state__in=(Referral.State.SENT, Referral.State.ACCEPTED))
    ):
        before = referral.state
        referral.state, referral.closed_on, referral.closed_reason = Referral.State.CLOSED, today, reason
        referral.save(update_fields=["state", "closed_on", "closed_reason"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            pupil=referral.pupil,
            target=AuditEvent.Target.REFERRAL,
            target_id=referral.pk,
            summary=f"Referral to {referral.service.name} closed: consent withdrawn",
            changes={"state": [before, Referral.State.CLOSED]},
            via=via,
        )
        closed += 1
    return closed


def _require_accepted(referral: Referral) -> None:
    """The referral as it is now (locked, so a decision cannot change it under us), not as the caller read it."""
    state = Referral.objects.select_for_update().values_list("state", flat=True).get(pk=referral.pk)
    if state != Referral.State.ACCEPTED:
        raise ReferralError("The service has to accept the referral first")


@transaction.atomic
def appointment_add(*, actor, referral: Referral, on: dt.date, what: str, via: str = AuditEvent.Via.WEB) -> Appointment:
    _require(actor, "referrals.add_appointment", referral)
    _require_accepted(referral)
    what = _text(what, field="what", message="Say what the appointment is, for example: observation in class")
    appointment = Appointment.objects.create(referral=referral, on=on, what=what[:200], recorded_by=actor)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        pupil=referral.pupil,
        target=AuditEvent.Target.REFERRAL_APPOINTMENT,
        target_id=appointment.pk,
        summary=f"Appointment on {on:%d/%m/%Y}: {what[:200]}",
        via=via,
    )
    return appointment


@transaction.atomic
def report_upload(*, actor, referral: Referral, written_on: dt.date, file, via: str = AuditEvent.Via.WEB) -> Report:
    """A professional's report (PDF or Word, checked by its content, at most 10 MB), stored under
    the pupil's id and served only through the referral's access rules."""
    _require(actor, "referrals.upload_report", referral)
    _require_accepted(referral)
    if file is None:
        raise ReferralError("Choose the report to upload", field="file")
    if file.size > rules.MAX_REPORT_BYTES:
        raise ReferralError(rules.report_problem(file.name, file.size, b"") + ".", field="file")
    file.seek(0)
    content = file.read()
    file.seek(0)
    if problem := rules.report_problem(file.name, file.size, content):
        raise ReferralError(problem + ".", field="file")
    if written_on > timezone.localdate():
        raise ReferralError("The report's date cannot be in the future", field="written_on")
    report = Report(
        referral=referral, written_on=written_on, file_name=file.name[-200:], size=file.size, uploaded_by=actor
    )
    report.file.save(file.name, file, save=False)
    report.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        pupil=referral.pupil,
        target=AuditEvent.Target.REFERRAL_REPORT,
        target_id=report.pk,
        summary=f"Report of {written_on:%d/%m/%Y} uploaded ({report.file_name})",
        via=via,
    )
    return report


# ---------------------------------------------------------------- Advice that reaches the plan


@transaction.atomic
def recommendation_add(
    *, actor, referral: Referral, text: str, report: Report | None = None, via: str = AuditEvent.Via.WEB
) -> Recommendation:
    """One recommendation, by the professional or by the SENCO from the report."""
    _require(actor, "referrals.add_recommendation", referral)
    _require_accepted(referral)
    text = _text(text, field="text", message="Write the recommendation")
    if report is not None and report.referral_id != referral.pk:
        raise ReferralError("That report belongs to another referral", field="report")
    recommendation = Recommendation.objects.create(referral=referral, report=report, text=text, recorded_by=actor)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        pupil=referral.pupil,
        target=AuditEvent.Target.RECOMMENDATION,
        target_id=recommendation.pk,
        summary=text[:300],
        via=via,
    )
    return recommendation


def _lock_open(recommendation: Recommendation) -> Recommendation:
    recommendation = (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("referral", "referral__pupil", "referral__service", "report", "recorded_by")
        .get(pk=recommendation.pk)
    )
    if recommendation.state != Recommendation.State.OPEN:
        raise ReferralError(f"This recommendation has already been {recommendation.get_state_display().lower()}")
    return recommendation


def credit(recommendation: Recommendation) -> str:
    """'recommended by Dr Ada Lovelace (Educational psychology service), report of 1 October 2026'."""
    author = recommendation.recorded_by
    professional = author.display_name if author is not None and is_professional(author) else ""
    report = recommendation.report
    return rules.recommended_by(
        service_kind_label=recommendation.referral.service.get_kind_display(),
        professional=professional,
        report_on=report.written_on if report else None,
    )


def _next_plan_draft(pupil, actor, via: str) -> Plan:
    """The plan version the advice goes into: the draft if there is one, else a new version of the
    plan in force (what the parents agreed is never changed), else a first draft."""
    draft = pupil.plans.filter(status=Plan.Status.DRAFT).first()
    return draft or plans.plan_create_draft(pupil=pupil, actor=actor, via=via)


@transaction.atomic
def recommendation_accept(
    *,
    actor,
    recommendation: Recommendation,
    barrier_ids: Sequence[int],
    kind: str,
    delivered_by: str,
    via: str = AuditEvent.Via.WEB,
) -> Provision:
    """Accept a recommendation into the next plan version as support linked to barriers, credited
    to the advice it came from."""
    _require(actor, "referrals.act_on_recommendation", recommendation.referral)
    recommendation = _lock_open(recommendation)
    pupil = recommendation.referral.pupil
    if not barrier_ids:
        raise ReferralError("Choose the barriers this support is for", field="barriers")
    if kind not in Provision.Kind.values:
        raise ReferralError("Choose what kind of support it is", field="kind")
    delivered_by = _text(delivered_by, field="delivered_by", message="Say who will deliver it")
    draft = _next_plan_draft(pupil, actor, via)
    description = f"{recommendation.text} ({credit(recommendation)})"
    try:
        provision = plans.provision_save(
            plan=draft,
            actor=actor,
            expected_edit_version=None,
            barrier_ids=list(barrier_ids),
            kind=kind,
            description=description[:2000],
            delivered_by=delivered_by[:120],
            via=via,
        )
    except plans.PlanError as exc:
        raise ReferralError(exc.message, field=exc.field) from None
    recommendation.state = Recommendation.State.ACCEPTED
    recommendation.decided_by, recommendation.decided_on = actor, timezone.localdate()
    recommendation.plan, recommendation.provision = draft, provision
    recommendation.save(update_fields=["state", "decided_by", "decided_on", "plan", "provision"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        pupil=pupil,
        target=AuditEvent.Target.RECOMMENDATION,
        target_id=recommendation.pk,
        summary=f"Accepted into plan version {draft.version}",
        changes={"state": [Recommendation.State.OPEN, Recommendation.State.ACCEPTED]},
        via=via,
    )
    return provision


@transaction.atomic
def recommendation_decline(
    *, actor, recommendation: Recommendation, reason: str, via: str = AuditEvent.Via.WEB
) -> Recommendation:
    """Decline a recommendation, with a reason the family sees."""
    _require(actor, "referrals.act_on_recommendation", recommendation.referral)
    recommendation = _lock_open(recommendation)
    reason = _text(reason, field="reason", message="Say why, in words the family will read")
    recommendation.state = Recommendation.State.DECLINED
    recommendation.decided_by, recommendation.decided_on = actor, timezone.localdate()
    recommendation.decline_reason = reason
    recommendation.save(update_fields=["state", "decided_by", "decided_on", "decline_reason"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        pupil=recommendation.referral.pupil,
        target=AuditEvent.Target.RECOMMENDATION,
        target_id=recommendation.pk,
        summary=f"Declined: {reason[:300]}",
        changes={"state": [Recommendation.State.OPEN, Recommendation.State.DECLINED]},
        via=via,
    )
    return recommendation
