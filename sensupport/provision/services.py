"""The school's provision as named actions: keyword-only, transactional, audited with `via`.

Catalogue entries, pay roles and their dated rates, the school's weeks per year, and the link from a
plan's support line to the catalogue entry its cost is computed from. Groups and sessions are in
`provision.groups` (the same shape).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.core.errors import ServiceError
from sensupport.plans.bank import shipped_bank
from sensupport.plans.models import BROAD_AREA_CHOICES, Plan, Provision

from .models import Intervention, PayRate, PayRole, ProvisionSettings, SupportCosting


class ProvisionError(ServiceError):
    """A change the provision rules refuse."""


def _require(actor, perm: str, row=None, message: str = "You cannot change this at your school.") -> None:
    if not actor.has_perm(perm, row):
        raise PermissionDenied(message)


def _decimal(value, *, field: str, what: str, minimum: Decimal = Decimal("0")) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ProvisionError(f"Enter {what} as a number, like 12.50.", field=field) from None
    if not number.is_finite() or number < minimum:
        raise ProvisionError(f"{what[0].upper()}{what[1:]} must be {minimum} or more.", field=field)
    return number


# ---------------------------------------------------------------- Staff time and cost


def school_weeks_per_year(school) -> int:
    found = ProvisionSettings.objects.filter(school=school).values_list("weeks_per_year", flat=True).first()
    return found or ProvisionSettings._meta.get_field("weeks_per_year").default


@transaction.atomic
def weeks_per_year_set(*, actor, weeks: int, via: str = AuditEvent.Via.WEB) -> ProvisionSettings:
    _require(actor, "provision.set_pay_rates", message="Only the SENCO or head teacher can set the school's weeks.")
    if not isinstance(weeks, int) or not 1 <= weeks <= 52:
        raise ProvisionError("Enter the weeks a year support runs, from 1 to 52 (most schools: 38).", field="weeks")
    settings, _ = ProvisionSettings.objects.select_for_update().get_or_create(school_id=actor.school_id)
    before = settings.weeks_per_year
    settings.weeks_per_year = weeks
    settings.save(update_fields=["weeks_per_year"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.PROVISION_SETTINGS,
        target_id=settings.pk,
        school=actor.school,
        summary=f"Weeks a year support runs: {weeks}",
        changes={"weeks_per_year": [before, weeks]},
        via=via,
    )
    return settings


@transaction.atomic
def pay_role_add(*, actor, name: str, hourly_cost, valid_from: dt.date, via: str = AuditEvent.Via.WEB) -> PayRole:
    """A staff pay role with its first hourly cost (salary plus on-costs), in force from a date."""
    _require(actor, "provision.set_pay_rates", message="Only the SENCO or head teacher can set pay roles and rates.")
    name = (name or "").strip()
    if not name:
        raise ProvisionError("Name the role, for example Teaching assistant (level 2).", field="name")
    if len(name) > 100:
        raise ProvisionError("The role's name must be 100 characters or fewer.", field="name")
    if PayRole.objects.filter(school_id=actor.school_id, name__iexact=name).exists():
        raise ProvisionError(f"Your school already has a role called {name}: give it a new rate instead.", field="name")
    hourly = _decimal(hourly_cost, field="hourly_cost", what="the hourly cost")
    role = PayRole.objects.create(school_id=actor.school_id, name=name)
    PayRate.objects.create(role=role, hourly_cost=hourly, valid_from=valid_from, set_by=actor)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=AuditEvent.Target.PAY_RATE,
        target_id=role.pk,
        school=actor.school,
        summary=f"{name}: £{hourly} an hour from {valid_from:%d/%m/%Y}",
        via=via,
    )
    return role


@transaction.atomic
def pay_rate_set(*, actor, role: PayRole, hourly_cost, valid_from: dt.date, via: str = AuditEvent.Via.WEB) -> PayRate:
    """A new hourly cost for a role from a date. Days before it keep the rate in force then, so a
    pay award never rewrites what support has already cost (ADR 0011). A rate already starting that
    day is replaced (a correction), and the audit row keeps the old figure."""
    _require(actor, "provision.set_pay_rates", message="Only the SENCO or head teacher can set pay roles and rates.")
    if role.school_id != actor.school_id:
        raise PermissionDenied("That role is another school's.")
    hourly = _decimal(hourly_cost, field="hourly_cost", what="the hourly cost")
    if valid_from is None:
        raise ProvisionError("Enter the date the new rate starts.", field="valid_from")
    existing = PayRate.objects.select_for_update().filter(role=role, valid_from=valid_from).first()
    before = str(existing.hourly_cost) if existing else None
    if existing:
        existing.hourly_cost, existing.set_by = hourly, actor
        existing.save(update_fields=["hourly_cost", "set_by"])
        rate = existing
    else:
        rate = PayRate.objects.create(role=role, hourly_cost=hourly, valid_from=valid_from, set_by=actor)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.PAY_RATE,
        target_id=role.pk,
        school=actor.school,
        summary=f"{role.name}: £{hourly} an hour from {valid_from:%d/%m/%Y}",
        changes={"hourly_cost": [before, str(hourly)], "valid_from": str(valid_from)},
        via=via,
    )
    return rate


# ---------------------------------------------------------------- The catalogue

CATALOGUE_FIELDS = (
    "name",
    "description",
    "broad_area",
    "barrier_keys",
    "kind",
    "setting",
    "sessions_per_week",
    "minutes_per_session",
    "group_size",
    "pay_role",
    "resources_cost",
    "measure_name",
    "measure_scale",
    "archived",
)


def _catalogue_values(actor, fields: dict, *, intervention: Intervention | None) -> dict:
    unknown = set(fields) - set(CATALOGUE_FIELDS)
    if unknown:
        raise ProvisionError(f"Unknown catalogue fields: {', '.join(sorted(unknown))}")
    values = dict(fields)
    name = (values.get("name") or "").strip()
    if not name:
        raise ProvisionError("Name the intervention, for example Precision teaching.", field="name")
    clash = Intervention.objects.filter(school_id=actor.school_id, name__iexact=name)
    if intervention is not None:
        clash = clash.exclude(pk=intervention.pk)
    if clash.exists():
        raise ProvisionError(f"Your catalogue already has {name}. Choose another name.", field="name")
    values["name"] = name
    if values.get("broad_area") not in dict(BROAD_AREA_CHOICES):
        raise ProvisionError("Choose the broad area of need it addresses.", field="broad_area")
    keys = list(values.get("barrier_keys") or [])
    bank = shipped_bank()
    if any(key not in bank for key in keys):
        raise ProvisionError("Choose barriers from the strategy bank's list.", field="barrier_keys")
    values["barrier_keys"] = keys
    values.setdefault("kind", Provision.Kind.INTERVENTION)
    values.setdefault("setting", Provision.Setting.WITHDRAWN)
    if values["kind"] not in Provision.Kind.values:
        raise ProvisionError("Choose what kind of support it is.", field="kind")
    if values["setting"] not in Provision.Setting.values:
        raise ProvisionError("Choose where it happens: in class or away from class.", field="setting")
    values["sessions_per_week"] = _decimal(
        values.get("sessions_per_week"), field="sessions_per_week", what="sessions a week", minimum=Decimal("0.1")
    )
    for field, what in (("minutes_per_session", "minutes a session"), ("group_size", "pupils in a group")):
        number = values.get(field)
        if not isinstance(number, int) or number < 1:
            raise ProvisionError(f"Enter {what} as a whole number, 1 or more.", field=field)
    values["resources_cost"] = _decimal(
        values.get("resources_cost") or 0, field="resources_cost", what="the resources cost"
    )
    role = values.get("pay_role")
    if role is not None and role.school_id != actor.school_id:
        raise ProvisionError("Choose one of your school's pay roles.", field="pay_role")
    return values


@transaction.atomic
def intervention_save(
    *, actor, intervention: Intervention | None = None, via: str = AuditEvent.Via.WEB, **fields
) -> Intervention:
    """Add an entry to the school's catalogue, or change one. A change reprices every line linked to
    it from now on (the catalogue says what the support is; the rates say what an hour cost when)."""
    _require(actor, "provision.manage_catalogue", message="Only the SENCO or head teacher can change the catalogue.")
    if intervention is not None and intervention.school_id != actor.school_id:
        raise PermissionDenied("That intervention is another school's.")
    values = _catalogue_values(actor, fields, intervention=intervention)
    creating = intervention is None
    if creating:
        intervention = Intervention(school_id=actor.school_id)
    changes = {}
    for name, value in values.items():
        if getattr(intervention, name) != value:
            changes[name] = str(value) if not isinstance(value, list) else value
            setattr(intervention, name, value)
    intervention.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.INTERVENTION,
        target_id=intervention.pk,
        school=actor.school,
        summary=f"{intervention.name} {'added to' if creating else 'changed in'} the catalogue",
        changes=changes,
        via=via,
    )
    return intervention


# ---------------------------------------------------------------- Support lines and their costing


def _working_plan_refusal(provision: Provision) -> ProvisionError | None:
    if provision.plan.status not in (Plan.Status.DRAFT, Plan.Status.AGREED, Plan.Status.ACTIVE):
        return ProvisionError("That support line belongs to an old version of the plan: cost the current one.")
    return None


@transaction.atomic
def support_costing_set(
    *, actor, provision: Provision, intervention: Intervention | None, via: str = AuditEvent.Via.WEB
) -> SupportCosting | None:
    """Say which catalogue entry a support line is, so its cost is computed (None: it costs nothing
    beyond the teacher's own time). The line's words, which the parents agreed, are not touched."""
    pupil = provision.plan.pupil
    _require(actor, "provision.place_pupil", pupil, message="Only the SENCO or head teacher can cost support.")
    if refusal := _working_plan_refusal(provision):
        raise refusal
    if intervention is not None and intervention.school_id != pupil.school_id:
        raise ProvisionError("Choose an intervention from your school's catalogue.", field="intervention")
    existing = SupportCosting.objects.select_for_update().filter(provision=provision).first()
    before = existing.intervention.name if existing else None
    if intervention is None:
        if existing:
            existing.delete()
        costing = None
    elif existing:
        existing.intervention = intervention
        existing.save(update_fields=["intervention"])
        costing = existing
    else:
        costing = SupportCosting.objects.create(provision=provision, intervention=intervention)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.SUPPORT_COSTING,
        target_id=provision.pk,
        pupil=pupil,
        summary=f"Support costed as {intervention.name}" if intervention else "Support marked as no cost",
        changes={"intervention": [before, intervention.name if intervention else None]},
        via=via,
    )
    return costing


def costings_follow_copied_lines(copies: dict[int, int]) -> None:
    """plans.services.AFTER_PROVISIONS_COPIED: a new version's copy of a support line keeps the
    line's costing (its catalogue entry and group). Runs inside plan_new_version's transaction,
    which writes the audit row for the new version."""
    rows = SupportCosting.objects.filter(provision_id__in=list(copies))
    SupportCosting.objects.bulk_create(
        [
            SupportCosting(
                provision_id=copies[row.provision_id], intervention_id=row.intervention_id, group_id=row.group_id
            )
            for row in rows
        ]
    )


def catalogue_defaults(intervention: Intervention) -> dict:
    """A new support line from a catalogue entry starts from its defaults."""
    return {
        "kind": intervention.kind,
        "description": intervention.description or intervention.name,
        "sessions_per_week": intervention.sessions_per_week,
        "minutes_per_session": intervention.minutes_per_session,
        "group_size": intervention.group_size,
        "setting": intervention.setting,
    }


def bank_barrier_names(keys: Sequence[str]) -> list[str]:
    bank = shipped_bank()
    return [bank[key].name for key in keys if key in bank]
