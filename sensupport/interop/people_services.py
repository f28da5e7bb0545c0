"""Staff, groups and contacts into a school: plan (what would change, what is wrong), then apply.

All or nothing, in one transaction: the plan is made again under the transaction, any problem
raises ImportRejected, and every write is the owning app's service (accounts.services for staff,
pupils.services for groups and contacts), so each carries its permission check and audit row as a
change made on a page would. The actor is the person importing (a SENCO, head or school
administrator of the school). Re-importing the same file finds nothing to change.

- staff: matched by email address; a new address adds an account (invited to set a password),
  a known one at this school gets the file's names and role. Staff not in the file are kept.
- groups: matched by name (case ignored) at the school; a new name adds a class. Each named
  group's staff and pupils become exactly the file's; groups the file does not name are kept.
- contacts: matched by pupil (UPN) and email address; a new one is added (with a family account
  if the address has none), a known one gets the file's relationship and parental
  responsibility. Contacts not in the file are kept (end them on the pupil's page).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q

from sensupport.accounts.models import SCHOOL_ROLES, WHOLE_SCHOOL_ROLES, Role, User
from sensupport.accounts.services import AccountError, staff_create, staff_update
from sensupport.audit.models import AuditEvent
from sensupport.pupils.models import ParentLink, Pupil, TeachingGroup
from sensupport.pupils.services import (
    RegisterError,
    contact_add,
    contact_update,
    group_create,
    group_pupils_set,
    group_staff_set,
    group_update,
)

from .models import ImportBatch
from .people import CONTACTS, GROUPS, STAFF, ContactRow, PeopleFile, people_parse, problem, relationship_shown
from .records import ImportProblem
from .register_import.batches import ImportConflict, _batch_close, batch_lock_pending
from .register_import.plan import ImportRejected

KINDS = (STAFF, GROUPS, CONTACTS)
PERMISSIONS = {STAFF: "accounts.manage_staff", GROUPS: "pupils.manage_groups", CONTACTS: "pupils.manage_contacts"}
NOUNS = {STAFF: "staff", GROUPS: "groups", CONTACTS: "parents and carers"}


@dataclass
class Change:
    """One thing the import does. `apply` calls the service; `removes` marks a membership taken away."""

    where: str
    action: str  # "add", "change", "remove"
    text: str
    apply: object = None
    removes: bool = False


@dataclass
class PeoplePlan:
    kind: str
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    # Register pupils the preview names (joining, leaving, gaining a contact): a read of each.
    pupils_shown: dict = field(default_factory=dict)

    @property
    def added(self) -> list[Change]:
        return [c for c in self.changes if c.action == "add"]

    @property
    def changed(self) -> list[Change]:
        return [c for c in self.changes if c.action == "change"]

    @property
    def removed(self) -> list[Change]:
        return [c for c in self.changes if c.action == "remove"]

    def summary(self) -> str:
        return (
            f"{len(self.added)} to add, {len(self.changed)} to change, {len(self.removed)} to remove, "
            f"{self.unchanged} unchanged; "
            f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        )


@dataclass
class PeopleResult:
    plan: PeoplePlan

    def summary(self) -> str:
        p = self.plan
        return f"{len(p.added)} added, {len(p.changed)} changed, {len(p.removed)} removed, {p.unchanged} unchanged"


def may_import(actor, kind: str) -> bool:
    return bool(
        actor.is_authenticated
        and actor.school_id
        and actor.role in WHOLE_SCHOOL_ROLES
        and actor.has_perm(PERMISSIONS[kind])
    )


def people_plan(*, kind: str, parsed: PeopleFile, school, actor) -> PeoplePlan:
    """What importing `parsed` into `school` as `actor` would change, and what stops it. Writes nothing."""
    plan = PeoplePlan(kind, problems=list(parsed.problems))
    if not may_import(actor, kind) or actor.school_id != school.pk:
        plan.problems.insert(
            0,
            ImportProblem(
                "the file",
                f"you cannot import {NOUNS[kind]} at {school.name}: "
                "ask your SENCO, head teacher or school administrator",
            ),
        )
        return plan
    if plan.problems:
        return plan
    {STAFF: _plan_staff, GROUPS: _plan_groups, CONTACTS: _plan_contacts}[kind](plan, parsed, school, actor)
    return plan


def _plan_staff(plan: PeoplePlan, parsed: PeopleFile, school, actor) -> None:
    emails = [row.email for row in parsed.rows]
    existing = {u.email.lower(): u for u in User.objects.filter(Q(email__in=emails) | Q(username__in=emails))}
    labels = dict(Role.choices)
    for row in parsed.rows:
        user = existing.get(row.email)
        where = f"row {row.number}"
        name = f"{row.first_name} {row.last_name}"
        if user is None:
            if row.role == Role.HEAD and not actor.has_perm("accounts.manage_heads"):
                plan.problems.append(
                    problem(
                        row.number, "Role", "only a head teacher can add a head teacher: ask them to import this file"
                    )
                )
                continue
            plan.changes.append(
                Change(
                    where,
                    "add",
                    f"{name} ({row.email}), {labels[row.role]}: new account, invited to set a password",
                    _call(
                        staff_create, email=row.email, first_name=row.first_name, last_name=row.last_name, role=row.role
                    ),
                )
            )
            continue
        if user.school_id != school.pk or user.role not in SCHOOL_ROLES:
            plan.problems.append(
                problem(
                    row.number,
                    "Email",
                    f"{row.email} belongs to an account that is not on {school.name}'s staff: "
                    "use their school address, or ask the service administrator",
                )
            )
            continue
        differs = [
            label
            for label, old, new in (
                ("forename", user.first_name, row.first_name),
                ("surname", user.last_name, row.last_name),
                ("role", user.role, row.role),
            )
            if old != new
        ]
        if not differs:
            plan.unchanged += 1
            continue
        if user.pk == actor.pk and user.role != row.role:
            plan.problems.append(
                problem(
                    row.number,
                    "Role",
                    "this is your own account and you cannot change your own role: "
                    "correct the row, or ask a colleague to import the file",
                )
            )
            continue
        if (
            user.role != row.role
            and Role.HEAD in (user.role, row.role)
            and not actor.has_perm("accounts.manage_heads", user)
        ):
            plan.problems.append(
                problem(
                    row.number,
                    "Role",
                    "only a head teacher can give or take away the head teacher role: "
                    "correct the row, or ask your head teacher to import the file",
                )
            )
            continue
        text = f"{name} ({row.email}): {', '.join(differs)} changes" + (
            f" to {labels[row.role]}" if "role" in differs else ""
        )
        plan.changes.append(
            Change(
                where,
                "change",
                text,
                _call(staff_update, staff=user, first_name=row.first_name, last_name=row.last_name, role=row.role),
            )
        )


def _plan_groups(plan: PeoplePlan, parsed: PeopleFile, school, actor) -> None:
    staff = {
        u.email.lower(): u for u in User.objects.filter(school=school, role__in=list(SCHOOL_ROLES), is_active=True)
    }
    pupils = {p.upn: p for p in Pupil.objects.filter(school=school, upn__in=[r.upn for r in parsed.rows if r.upn])}
    groups = {
        g.name.lower(): g for g in TeachingGroup.objects.filter(school=school).prefetch_related("staff", "pupils")
    }
    wanted: dict[str, dict] = {}
    for row in parsed.rows:
        entry = wanted.setdefault(
            row.group.lower(), {"name": row.group, "year": "", "row": row.number, "staff": {}, "pupils": {}}
        )
        entry["year"] = entry["year"] or row.year_group
        if row.staff_email:
            if (user := staff.get(row.staff_email)) is None:
                plan.problems.append(
                    problem(
                        row.number,
                        "StaffEmail",
                        f"no member of staff at {school.name} has the email address "
                        f"{row.staff_email} (or their account is switched off): import staff first",
                    )
                )
            else:
                entry["staff"][user.pk] = user
        if row.upn:
            if (pupil := pupils.get(row.upn)) is None:
                plan.problems.append(
                    problem(
                        row.number,
                        "UPN",
                        f"no pupil on {school.name}'s register has the UPN {row.upn}: import pupils first",
                    )
                )
            else:
                entry["pupils"][pupil.pk] = pupil
    for key, entry in wanted.items():
        group = groups.get(key)
        where, name = f"row {entry['row']}", entry["name"]
        if group is None:
            plan.changes.append(
                Change(
                    where,
                    "add",
                    f"{name}: new class"
                    + (f", year {entry['year']}" if entry["year"] else "")
                    + f", {len(entry['staff'])} staff, {len(entry['pupils'])} pupils",
                    _group_new(name, entry),
                )
            )
            continue
        touched = False
        if entry["year"] and entry["year"] != group.year_group:
            plan.changes.append(
                Change(
                    where,
                    "change",
                    f"{group.name}: year group {group.year_group or '(none)'} changes to {entry['year']}",
                    _call(group_update, group=group, name=group.name, kind=group.kind, year_group=entry["year"]),
                )
            )
            touched = True
        for noun, current, new, setter in (
            ("staff", {u.pk: u for u in group.staff.all()}, entry["staff"], group_staff_set),
            ("pupils", {p.pk: p for p in group.pupils.all()}, entry["pupils"], group_pupils_set),
        ):
            added = [new[pk] for pk in new.keys() - current.keys()]
            removed = [current[pk] for pk in current.keys() - new.keys()]
            if noun == "pupils":
                plan.pupils_shown.update({p.pk: p for p in added + removed})
            for person in sorted(added, key=lambda p: p.display_name):
                plan.changes.append(Change(where, "add", f"{person.display_name} joins {group.name}"))
            for person in sorted(removed, key=lambda p: p.display_name):
                plan.changes.append(
                    Change(where, "remove", f"{person.display_name} is REMOVED from {group.name}", removes=True)
                )
            if added or removed:
                touched = True
                plan.changes[-1].apply = _call(setter, group=group, **{noun: list(new.values())})
        if not touched:
            plan.unchanged += 1


def _group_new(name: str, entry: dict):
    def apply(actor, via):
        group = group_create(actor=actor, name=name, kind=TeachingGroup.Kind.CLASS, year_group=entry["year"], via=via)
        if entry["staff"]:
            group_staff_set(actor=actor, group=group, staff=list(entry["staff"].values()), via=via)
        if entry["pupils"]:
            group_pupils_set(actor=actor, group=group, pupils=list(entry["pupils"].values()), via=via)

    return apply


def _plan_contacts(plan: PeoplePlan, parsed: PeopleFile, school, actor) -> None:
    pupils = {p.upn: p for p in Pupil.objects.filter(school=school, upn__in=[r.upn for r in parsed.rows])}
    emails = [r.email for r in parsed.rows]
    accounts = {u.email.lower(): u for u in User.objects.filter(Q(email__in=emails) | Q(username__in=emails))}
    links = {
        (link.pupil_id, link.parent.email.lower()): link
        for link in ParentLink.objects.filter(pupil__in=pupils.values()).select_related("parent", "pupil")
    }
    for row in parsed.rows:
        where = f"row {row.number}"
        pupil = pupils.get(row.upn)
        if pupil is None:
            plan.problems.append(
                problem(
                    row.number,
                    "UPN",
                    f"no pupil on {school.name}'s register has the UPN {row.upn}: import pupils first",
                )
            )
            continue
        account = accounts.get(row.email)
        if account is not None and account.role != Role.PARENT:
            plan.problems.append(
                problem(
                    row.number,
                    "Email",
                    f"{row.email} belongs to an account that is not a parent's or carer's: use their personal address",
                )
            )
            continue
        if account is not None and not account.is_active:
            plan.problems.append(
                problem(
                    row.number,
                    "Email",
                    f"the account with the address {row.email} is switched off: ask the service administrator",
                )
            )
            continue
        relationship = relationship_shown(row.relationship)
        responsibility = "with" if row.has_parental_responsibility else "without"
        plan.pupils_shown[pupil.pk] = pupil
        link = links.get((pupil.pk, row.email))
        if link is None or link.ended_at is not None:
            plan.changes.append(
                Change(
                    where,
                    "add",
                    f"{row.first_name} {row.last_name} ({row.email}), {relationship.lower()} of "
                    f"{pupil.display_name}, {responsibility} parental responsibility",
                    _call(
                        contact_add,
                        pupil=pupil,
                        email=row.email,
                        first_name=row.first_name,
                        last_name=row.last_name,
                        relationship=relationship,
                        has_parental_responsibility=row.has_parental_responsibility,
                    ),
                )
            )
        elif (link.relationship, link.has_parental_responsibility) != (relationship, row.has_parental_responsibility):
            plan.changes.append(
                Change(
                    where,
                    "change",
                    f"{link.parent.display_name}, contact for {pupil.display_name}: now "
                    f"{relationship.lower()}, {responsibility} parental responsibility",
                    _call(
                        contact_update,
                        link=link,
                        relationship=relationship,
                        has_parental_responsibility=row.has_parental_responsibility,
                    ),
                )
            )
        else:
            plan.unchanged += 1


def _call(service, **arguments):
    return lambda actor, via: service(actor=actor, via=via, **arguments)


@transaction.atomic
def people_apply(*, kind: str, parsed: PeopleFile, school, actor, via: str) -> PeopleResult:
    """Apply the file, all or nothing. Raises ImportRejected (nothing written) on any problem,
    including one a service finds while writing."""
    if via not in AuditEvent.Via.values:
        raise ValueError(f"unknown via {via!r}")
    type(school).objects.select_for_update().filter(pk=school.pk).first()  # one import of a school's people at a time
    plan = people_plan(kind=kind, parsed=parsed, school=school, actor=actor)
    if plan.problems:
        raise ImportRejected(plan.problems)
    for change in plan.changes:
        if change.apply is None:
            continue
        try:
            change.apply(actor, via)
        except (AccountError, RegisterError, PermissionDenied) as refused:
            transaction.set_rollback(True)
            raise ImportRejected(
                [ImportProblem(change.where, str(getattr(refused, "message", refused)) or "this change is not allowed")]
            ) from None
    return PeopleResult(plan)


# Web uploads: the bytes wait in an ImportBatch (kind staff, groups or contacts) until confirmed.


def people_batch_create(*, kind: str, school, actor, filename: str, content: bytes) -> ImportBatch:
    return ImportBatch.objects.create(
        school=school,
        uploaded_by=actor,
        filename=filename[:255],
        kind=kind,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _batch_parse(batch: ImportBatch) -> PeopleFile:
    content = bytes(batch.content)
    parsed = people_parse(batch.kind, content, batch.filename)
    if hashlib.sha256(content).hexdigest() != batch.sha256:
        parsed.problems.insert(
            0, ImportProblem("the upload", "the stored file does not match the one uploaded: upload it again")
        )
    return parsed


def people_batch_plan(batch: ImportBatch, *, actor) -> PeoplePlan:
    return people_plan(kind=batch.kind, parsed=_batch_parse(batch), school=batch.school, actor=actor)


def people_batch_confirm(*, batch: ImportBatch, actor, via: str = AuditEvent.Via.IMPORT) -> PeopleResult:
    """Apply the upload from its stored bytes. Raises BatchClosed, ImportRejected or ImportConflict."""
    try:
        with transaction.atomic():
            locked = batch_lock_pending(batch)
            result = people_apply(
                kind=locked.kind, parsed=_batch_parse(locked), school=locked.school, actor=actor, via=via
            )
            _batch_close(locked, ImportBatch.Status.APPLIED)
    except IntegrityError as error:
        raise ImportConflict(
            "The school changed while this file was being imported, so nothing was imported. "
            "Check what the import will change and confirm again."
        ) from error
    return result


# Contacts a Common Transfer File carries (issue 8): the same plan and the same services as the
# contacts import, inside the pupil import's transaction (interop.register_import.apply.register_import_apply).
def ctf_contact_rows(records) -> list[ContactRow]:
    """One contacts-import row per CTF contact with an email address; `number` is the pupil's position."""
    return [
        ContactRow(
            number=record.position,
            upn=record.upn,
            email=contact.email,
            first_name=contact.forename,
            last_name=contact.surname,
            relationship=contact.relationship,
            has_parental_responsibility=contact.has_parental_responsibility,
        )
        for record in records
        for contact in record.contacts
    ]


def ctf_contacts_plan(*, rows: list[ContactRow], school, actor, arriving: dict) -> PeoplePlan:
    """What the contacts in a CTF would add or change. Pupils already on the school's register are
    planned as the contacts import plans them; `arriving` (UPN -> display name) are the pupils the
    same import adds or transfers in, whose contacts are all additions (their addresses checked as
    the contacts import checks them). Writes nothing."""
    plan = PeoplePlan(CONTACTS)
    here = [row for row in rows if row.upn not in arriving]
    if here:
        plan = people_plan(kind=CONTACTS, parsed=PeopleFile(CONTACTS, rows=here), school=school, actor=actor)
    new = [row for row in rows if row.upn in arriving]
    accounts = {
        u.email.lower(): u
        for u in User.objects.filter(Q(email__in=[r.email for r in new]) | Q(username__in=[r.email for r in new]))
    }
    for row in new:
        account = accounts.get(row.email)
        if account is not None and (account.role != Role.PARENT or not account.is_active):
            plan.problems.append(
                problem(
                    row.number,
                    "Contact/Email",
                    f"{row.email} belongs to an account that is not a parent's or carer's, or is switched off: "
                    "correct the address in the file",
                )
            )
            continue
        responsibility = "with" if row.has_parental_responsibility else "without"
        plan.changes.append(
            Change(
                f"row {row.number}",
                "add",
                f"{row.first_name} {row.last_name} ({row.email}), {relationship_shown(row.relationship).lower()} of "
                f"{arriving[row.upn]}, {responsibility} parental responsibility",
            )
        )
    return plan
