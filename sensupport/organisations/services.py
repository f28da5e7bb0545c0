"""Writes about local authorities and schools: the service administrator's onboarding. Each is one
transaction with its audit row (organisations imports only `audit.services` of ours)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.core.errors import ServiceError

from .gias import Establishment, GiasProblem, Skipped, establishment_types, gias_parse
from .models import LocalAuthority, School

URN_BATCH = 5000


class OrganisationError(ServiceError):
    """A value the service refuses, always about one form field: OrganisationError(field, message)."""

    def __init__(self, field: str, message: str):
        super().__init__(message, field=field)


class SchoolsImportRejected(ServiceError):
    """The GIAS file has problems; nothing was written."""

    def __init__(self, problems: Sequence[GiasProblem]):
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the file: nothing was imported")


def _digits(value: str, length: int) -> bool:
    return len(value) == length and value.isascii() and value.isdigit()


@transaction.atomic
def local_authority_create(*, actor, code: str, name: str, via: str) -> LocalAuthority:
    code, name = code.strip(), " ".join(name.split())
    if not _digits(code, 3):
        raise OrganisationError("code", "Enter the local authority code as three digits, for example 201")
    if not name:
        raise OrganisationError("name", "Enter the local authority's name")
    if len(name) > LocalAuthority._meta.get_field("name").max_length:
        raise OrganisationError("name", "The name must be 120 characters or fewer")
    existing = LocalAuthority.objects.filter(code=code).first()
    if existing is not None:
        raise OrganisationError("code", f"Local authority {code} already exists: {existing.name}")
    try:
        with transaction.atomic():
            authority = LocalAuthority.objects.create(code=code, name=name)
    except IntegrityError:
        raise OrganisationError("code", f"Local authority {code} was added by someone else a moment ago") from None
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=AuditEvent.Target.LOCAL_AUTHORITY,
        target_id=authority.pk,
        via=via,
        summary=f"Local authority {name} ({code}) created",
        changes={"code": code, "name": name},
    )
    return authority


@transaction.atomic
def school_create(
    *,
    actor,
    urn: str,
    name: str,
    local_authority: LocalAuthority,
    establishment_number: str,
    phase: str,
    establishment_type: int,
    via: str,
) -> School:
    urn, number, name = urn.strip(), establishment_number.strip(), " ".join(name.split())
    if not _digits(urn, 6):
        raise OrganisationError("urn", "Enter the URN as six digits, for example 100000")
    if not _digits(number, 4):
        raise OrganisationError(
            "establishment_number", "Enter the establishment number as four digits, for example 3614"
        )
    if not name:
        raise OrganisationError("name", "Enter the school's name")
    if len(name) > School._meta.get_field("name").max_length:
        raise OrganisationError("name", "The name must be 200 characters or fewer")
    if phase not in School.Phase.values:
        raise OrganisationError("phase", "Choose the school's phase")
    if establishment_type not in establishment_types():
        raise OrganisationError("establishment_type", "Choose the type of establishment")
    same_urn = School.objects.filter(urn=urn).first()
    if same_urn is not None:
        raise OrganisationError("urn", f"URN {urn} is already {same_urn.name}")
    same_number = School.objects.filter(local_authority=local_authority, establishment_number=number).first()
    if same_number is not None:
        raise OrganisationError(
            "establishment_number", f"Establishment {local_authority.code}/{number} is already {same_number.name}"
        )
    try:
        with transaction.atomic():
            school = School.objects.create(
                urn=urn,
                name=name,
                local_authority=local_authority,
                establishment_number=number,
                phase=phase,
                establishment_type=establishment_type,
            )
    except IntegrityError:
        raise OrganisationError(
            "urn", f"A school with URN {urn} or number {local_authority.code}/{number} was added a moment ago"
        ) from None
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=AuditEvent.Target.SCHOOL,
        target_id=school.pk,
        school=school,
        via=via,
        summary=f"School {name} (URN {urn}) created in {local_authority.name}",
        changes={
            "urn": urn,
            "name": name,
            "local_authority": local_authority.code,
            "establishment_number": number,
            "phase": phase,
            "establishment_type": establishment_type,
        },
    )
    return school


# Loading schools from GIAS


@dataclass(frozen=True)
class Rename:
    key: str  # LA code or URN
    old: str
    new: str


@dataclass
class SchoolsImportPlan:
    """What importing a GIAS file would do. Re-importing changes names only (school and LA);
    every other field of an existing school or LA is left as it is."""

    new_authorities: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    renamed_authorities: list[Rename] = field(default_factory=list)
    new_schools: list[Establishment] = field(default_factory=list)
    renamed_schools: list[Rename] = field(default_factory=list)
    unchanged: int = 0
    closed: int = 0
    not_served: list[Skipped] = field(default_factory=list)
    problems: list[GiasProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def has_changes(self) -> bool:
        return bool(self.new_authorities or self.renamed_authorities or self.new_schools or self.renamed_schools)

    def summary(self) -> str:
        def count(n: int, word: str, plural: str = "") -> str:
            return f"{n} {word if n == 1 else plural or word + 's'}"

        return (
            f"{count(len(self.new_authorities), 'new local authority', 'new local authorities')}, "
            f"{count(len(self.renamed_authorities), 'renamed local authority', 'renamed local authorities')}, "
            f"{count(len(self.new_schools), 'new school')}, {count(len(self.renamed_schools), 'renamed school')}, "
            f"{self.unchanged} unchanged; skipped {self.closed} closed and {len(self.not_served)} not schools; "
            f"{count(len(self.problems), 'problem')}"
        )

    def audit_changes(self) -> dict:
        return {
            "authorities_created": [code for code, _ in self.new_authorities],
            "authorities_renamed": {r.key: [r.old, r.new] for r in self.renamed_authorities},
            "schools_created": [e.urn for e in self.new_schools],
            "schools_renamed": {r.key: [r.old, r.new] for r in self.renamed_schools},
            "closed_skipped": self.closed,
            "not_schools_skipped": [s.urn for s in self.not_served],
        }


def schools_import_plan(*, content: bytes, lock: bool = False) -> SchoolsImportPlan:
    """Read the file and compare it with the database. Writes nothing. Everything the database
    would refuse (a URN or DfE number already used by another school) is a problem here."""
    parsed = gias_parse(content)
    plan = SchoolsImportPlan(closed=parsed.closed, not_served=parsed.not_served, problems=list(parsed.problems))
    if parsed.problems:
        return plan
    rows = parsed.establishments
    authorities = LocalAuthority.objects.filter(code__in={e.la_code for e in rows})
    numbers = School.objects.filter(local_authority__code__in={e.la_code for e in rows}).select_related(
        "local_authority"
    )
    if lock:
        authorities = authorities.select_for_update()
    by_code = {a.code: a for a in authorities}
    by_urn: dict[str, School] = {}
    urns = [e.urn for e in rows]
    for start in range(0, len(urns), URN_BATCH):  # a whole country's file: keep each query's parameters few
        schools = School.objects.filter(urn__in=urns[start : start + URN_BATCH])
        by_urn.update((s.urn, s) for s in (schools.select_for_update() if lock else schools))
    by_number = {s.dfe_number: s for s in numbers}
    for establishment in rows:
        authority = by_code.get(establishment.la_code)
        if authority is None:
            if (establishment.la_code, establishment.la_name) not in plan.new_authorities:
                plan.new_authorities.append((establishment.la_code, establishment.la_name))
        elif authority.name != establishment.la_name and establishment.la_code not in {
            r.key for r in plan.renamed_authorities
        }:
            plan.renamed_authorities.append(Rename(authority.code, authority.name, establishment.la_name))
        school = by_urn.get(establishment.urn)
        if school is None:
            holder = by_number.get(establishment.dfe_number)
            if holder is not None:
                plan.problems.append(
                    GiasProblem(
                        f"establishment {establishment.la_code}/{establishment.establishment_number} is already "
                        f"{holder.name} (URN {holder.urn}) in sensupport",
                        row=establishment.row,
                        column="EstablishmentNumber",
                    )
                )
                continue
            plan.new_schools.append(establishment)
        elif school.name != establishment.name:
            plan.renamed_schools.append(Rename(school.urn, school.name, establishment.name))
        else:
            plan.unchanged += 1
    return plan


def schools_import_gias(*, content: bytes, actor, via: str, filename: str = "") -> SchoolsImportPlan:
    """Create and rename local authorities and schools from a GIAS establishments file, all or
    nothing. Raises SchoolsImportRejected, writing nothing, if the file has any problem."""
    try:
        with transaction.atomic():
            plan = schools_import_plan(content=content, lock=True)
            if plan.problems:
                raise SchoolsImportRejected(plan.problems)
            _plan_apply(plan)
            audit_record(
                actor=actor,
                action=AuditEvent.Action.IMPORT,
                target=AuditEvent.Target.SCHOOLS_GIAS_FILE,
                via=via,
                summary=f"GIAS file {filename}: {plan.summary()}".strip(),
                changes=plan.audit_changes(),
            )
    except IntegrityError:
        raise SchoolsImportRejected(
            [
                GiasProblem(
                    "A school or local authority in the file was added by someone else while it was being imported, "
                    "so nothing "
                    "was imported. Check the preview and import it again"
                )
            ]
        ) from None
    return plan


def _plan_apply(plan: SchoolsImportPlan) -> None:
    LocalAuthority.objects.bulk_create([LocalAuthority(code=code, name=name) for code, name in plan.new_authorities])
    for rename in plan.renamed_authorities:
        LocalAuthority.objects.filter(code=rename.key).update(name=rename.new)
    authority_ids = dict(
        LocalAuthority.objects.filter(code__in={e.la_code for e in plan.new_schools}).values_list("code", "id")
    )
    School.objects.bulk_create(
        [
            School(
                urn=e.urn,
                name=e.name,
                local_authority_id=authority_ids[e.la_code],
                establishment_number=e.establishment_number,
                phase=e.phase,
                establishment_type=e.establishment_type,
            )
            for e in plan.new_schools
        ],
        batch_size=500,
    )
    for rename in plan.renamed_schools:
        School.objects.filter(urn=rename.key).update(name=rename.new)
