"""The service administrator's onboarding writes: each audited, the GIAS import all or nothing."""

from __future__ import annotations

import pytest

from sensupport.accounts.models import User
from sensupport.audit.models import AuditEvent
from sensupport.core.factories import LocalAuthorityFactory, SchoolFactory
from sensupport.organisations.models import LocalAuthority, School
from sensupport.organisations.services import (
    OrganisationError,
    SchoolsImportRejected,
    local_authority_create,
    school_create,
    schools_import_gias,
    schools_import_plan,
)

from .gias_files import SOUTHWARK, csv_bytes, row

pytestmark = pytest.mark.django_db


def test_creating_a_local_authority_is_audited(service_admin):
    authority = local_authority_create(actor=service_admin, code="210", name="Southwark", via="web")
    event = AuditEvent.objects.get(target="local authority")
    assert (event.actor, event.action, event.target_id, event.via) == (
        service_admin,
        "create",
        str(authority.pk),
        "web",
    )


def test_a_local_authority_code_is_used_once(service_admin):
    LocalAuthorityFactory(code="210", name="Southwark")
    with pytest.raises(OrganisationError) as error:
        local_authority_create(actor=service_admin, code="210", name="Again", via="web")
    assert (error.value.field, error.value.message) == ("code", "Local authority 210 already exists: Southwark")


def test_creating_a_school_is_audited_against_the_school(service_admin, la):
    school = school_create(
        actor=service_admin,
        urn="123456",
        name="  Oak   Primary ",
        local_authority=la,
        establishment_number="2345",
        phase="primary",
        establishment_type=1,
        via="command",
    )
    assert school.name == "Oak Primary"
    event = AuditEvent.objects.get(target="school")
    assert (event.school_id, event.via, event.action) == (school.pk, "command", "create")


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("urn", {"urn": "12345"}),
        ("establishment_number", {"establishment_number": "23a5"}),
        ("name", {"name": "   "}),
        ("phase", {"phase": "university"}),
        ("establishment_type", {"establishment_type": 99}),
    ],
)
def test_a_school_with_a_bad_value_is_refused_with_its_field(service_admin, la, field, kwargs):
    values = {
        "urn": "123456",
        "name": "Oak",
        "local_authority": la,
        "establishment_number": "2345",
        "phase": "primary",
        "establishment_type": 1,
    } | kwargs
    with pytest.raises(OrganisationError) as error:
        school_create(actor=service_admin, via="web", **values)
    assert error.value.field == field
    assert not School.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_school_number_already_used_in_the_la_is_refused(service_admin, la):
    existing = SchoolFactory(local_authority=la, establishment_number="2345")
    with pytest.raises(OrganisationError, match=f"is already {existing.name}"):
        school_create(
            actor=service_admin,
            urn="123456",
            name="Oak",
            local_authority=la,
            establishment_number="2345",
            phase="primary",
            establishment_type=1,
            via="web",
        )


def test_importing_a_gias_file_creates_las_and_schools_and_one_audit_row(service_admin):
    plan = schools_import_gias(content=csv_bytes(SOUTHWARK), actor=service_admin, via="web", filename="edubase.csv")
    assert LocalAuthority.objects.get(code="210").name == "Southwark"
    assert set(School.objects.values_list("urn", flat=True)) == {"100800", "100801", "100802", "100803"}
    assert School.objects.get(urn="100800").name == "Saint Joseph’s Catholic Primary School"
    assert (plan.closed, len(plan.not_served)) == (2, 1)
    event = AuditEvent.objects.get(target="schools (GIAS file)")
    assert event.changes["schools_created"] == ["100800", "100801", "100802", "100803"]
    assert event.via == "web"


def test_reimporting_updates_names_and_nothing_else(service_admin):
    schools_import_gias(content=csv_bytes(SOUTHWARK), actor=service_admin, via="command")
    school = School.objects.get(urn="100800")
    school.phase, school.two_factor_required = School.Phase.ALL_THROUGH, True
    school.save()
    renamed = [row("100800", "210", "Southwark", "9999", "St Joseph’s RC Primary", "34", "Secondary")] + SOUTHWARK[1:]
    renamed = [
        [cell.replace("Southwark", "London Borough of Southwark") if i == 2 else cell for i, cell in enumerate(r)]
        for r in renamed
    ]
    plan = schools_import_gias(content=csv_bytes(renamed), actor=service_admin, via="command")
    assert [(r.key, r.new) for r in plan.renamed_schools] == [("100800", "St Joseph’s RC Primary")]
    assert [(r.key, r.old, r.new) for r in plan.renamed_authorities] == [
        ("210", "Southwark", "London Borough of Southwark")
    ]
    school.refresh_from_db()
    assert (
        school.name,
        school.establishment_number,
        school.establishment_type,
        school.phase,
        school.two_factor_required,
    ) == ("St Joseph’s RC Primary", "2001", 3, School.Phase.ALL_THROUGH, True)
    assert LocalAuthority.objects.get(code="210").name == "London Borough of Southwark"


def test_reimporting_the_same_file_changes_nothing(service_admin):
    schools_import_gias(content=csv_bytes(SOUTHWARK), actor=service_admin, via="command")
    plan = schools_import_plan(content=csv_bytes(SOUTHWARK))
    assert not plan.has_changes
    assert plan.unchanged == 4


def test_one_bad_row_and_nothing_is_imported(service_admin):
    bad = SOUTHWARK + [row("100899", "210", "Southwark", "2099", "Bad Type School", "99", "Primary")]
    with pytest.raises(SchoolsImportRejected) as rejected:
        schools_import_gias(content=csv_bytes(bad), actor=service_admin, via="web")
    assert [str(p) for p in rejected.value.problems] == [
        "Row 9, column TypeOfEstablishment (code): 99 is not a GIAS type of establishment code"
    ]
    assert not School.objects.exists() and not LocalAuthority.objects.exists() and not AuditEvent.objects.exists()


def test_a_dfe_number_held_by_another_school_is_a_problem_not_a_crash(service_admin):
    holder = SchoolFactory(local_authority=LocalAuthorityFactory(code="210"), establishment_number="2001", urn="199999")
    with pytest.raises(SchoolsImportRejected) as rejected:
        schools_import_gias(content=csv_bytes(SOUTHWARK), actor=service_admin, via="web")
    assert [str(p) for p in rejected.value.problems] == [
        f"Row 2, column EstablishmentNumber: establishment 210/2001 is already {holder.name} (URN 199999) in sensupport"
    ]
    assert School.objects.count() == 1


def test_a_whole_country_file_imports_and_reimports(service_admin):
    """England's whole GIAS file has about 27,000 open schools: the import looks their URNs up in
    batches (URN_BATCH) and writes them in bulk, in a few seconds."""
    rows = [
        row(
            f"{100000 + i}",
            f"{200 + i // 500}",
            f"LA {200 + i // 500}",
            f"{2000 + i % 500:04d}",
            f"School {i}",
            "1",
            "Primary",
        )
        for i in range(34_000)
    ]
    content = csv_bytes(rows)
    plan = schools_import_gias(content=content, actor=service_admin, via="command")
    assert len(plan.new_schools) == 34_000
    again = schools_import_plan(content=content)
    assert (again.unchanged, again.has_changes) == (34_000, False)


def test_the_django_admin_shows_schools_but_cannot_change_them_unaudited(client, school):
    operator = User.objects.create_superuser(
        "operator@example.org", "operator@example.org", "a long operator password", role="service_admin"
    )
    client.force_login(operator, backend="sensupport.accounts.backends.PasswordBackend")
    assert client.get("/django-admin/organisations/school/").status_code == 200
    assert client.get("/django-admin/organisations/school/add/").status_code == 403
    client.post(f"/django-admin/organisations/school/{school.pk}/change/", {"name": "Renamed", "urn": school.urn})
    school.refresh_from_db()
    assert school.name != "Renamed"
