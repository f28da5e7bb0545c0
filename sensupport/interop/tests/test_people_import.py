"""Staff, groups and contacts from a school's MIS export: the parsers (pure), each import applied
twice (the second changes nothing), all or nothing, the commands and the web flow."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from sensupport.accounts.models import User
from sensupport.audit.models import AuditEvent
from sensupport.core.factories import make_upn
from sensupport.interop.models import ImportBatch
from sensupport.interop.people import contacts_parse, groups_parse, role_parse, staff_parse, yes_no_parse
from sensupport.interop.people_services import ImportRejected, people_apply, people_plan
from sensupport.pupils.models import ParentLink, TeachingGroup

from .xlsx_builder import workbook_bytes

UNKNOWN_UPN = make_upn("202", "2002", "19", 99)


def csv(*rows: str) -> bytes:
    return ("\r\n".join(rows) + "\r\n").encode()


def where(problems) -> list[tuple[str, str]]:
    return [(p.where, p.element) for p in problems]


# ---- parsers: no database


@pytest.mark.parametrize(
    "words, role",
    [
        ("SENCO", "senco"),
        ("senco", "senco"),
        ("Head Teacher", "head"),
        ("head", "head"),
        ("  head   teacher ", "head"),
        ("Teacher", "teacher"),
        ("Class teacher", "teacher"),
        ("Teaching Assistant", "ta"),
        ("TA", "ta"),
        ("School Administrator", "school_admin"),
        ("caretaker", None),
        ("", None),
    ],
)
def test_role_in_words_ignores_case_and_spacing(words, role):
    assert role_parse(words) == role


def test_yes_no_reads_yes_and_no_and_refuses_anything_else():
    assert (yes_no_parse("Yes"), yes_no_parse(" N "), yes_no_parse("maybe")) == (True, False, None)


def test_staff_file_problems_name_row_and_column():
    parsed = staff_parse(
        csv(
            "Email,Forename,Surname,Role",
            "a@school.example,Ann,Able,caretaker",
            "not-an-email,Bo,,TA",
            "A@school.example,Ann,Able,SENCO",
        )
    )
    assert ("row 2", "Role") in where(parsed.problems)
    assert ("row 3", "Email") in where(parsed.problems) and ("row 3", "Surname") in where(parsed.problems)
    duplicate = [p for p in parsed.problems if p.where == "row 4"]
    assert duplicate and "already on row 2" in duplicate[0].message


def test_missing_columns_are_named():
    parsed = groups_parse(csv("Group,UPN", "4B,A123"))
    assert [p.where for p in parsed.problems] == ["row 1"] and "YearGroup, StaffEmail" in parsed.problems[0].message


def test_groups_file_reads_xlsx_and_finds_duplicates_and_empty_rows():
    content = workbook_bytes(
        [
            ["Group", "YearGroup", "StaffEmail", "UPN"],
            ["4B", "4", "t@school.example", ""],
            ["4B", "4", "t@school.example", ""],
            ["4B", "Y4", "", ""],
            ["4B", "5", "", "A801200005001"],
        ]
    )
    parsed = groups_parse(content, "groups.xlsx")
    assert ("row 3", "") in where(parsed.problems)  # the same teacher twice
    assert ("row 4", "UPN") in where(parsed.problems)  # neither staff nor pupil
    assert ("row 5", "YearGroup") in where(parsed.problems)  # a second year group for 4B


def test_contacts_file_refuses_a_bad_yes_no():
    parsed = contacts_parse(
        csv(
            "UPN,Email,Forename,Surname,Relationship,ParentalResponsibility",
            f"{UNKNOWN_UPN},p@home.example,Pam,Parent,mother,perhaps",
        )
    )
    assert where(parsed.problems) == [("row 2", "ParentalResponsibility")]


# ---- applying: twice, and all or nothing

pytestmark_db = pytest.mark.django_db
STAFF_CSV = csv(
    "Email,Forename,Surname,Role",
    "new.teacher@school.example,Nia,Newton,class teacher",
    "new.ta@school.example,Tay,Assist,TA",
)


@pytestmark_db
def test_staff_import_adds_then_changes_nothing_on_the_second_run(senco, school):
    parsed = staff_parse(STAFF_CSV)
    first = people_apply(kind="staff", parsed=parsed, school=school, actor=senco, via="command")
    assert len(first.plan.added) == 2
    assert User.objects.get(email="new.ta@school.example").role == "ta"
    events = AuditEvent.objects.count()
    again = people_plan(kind="staff", parsed=staff_parse(STAFF_CSV), school=school, actor=senco)
    assert (again.changes, again.unchanged) == ([], 2)
    people_apply(kind="staff", parsed=staff_parse(STAFF_CSV), school=school, actor=senco, via="command")
    assert AuditEvent.objects.count() == events


@pytestmark_db
def test_staff_import_is_all_or_nothing_on_one_bad_row(senco, school, other_school_senco):
    content = csv(
        "Email,Forename,Surname,Role",
        "good@school.example,Gus,Good,teacher",
        f"{other_school_senco.email},Ola,X,teacher",
    )
    with pytest.raises(ImportRejected) as refused:
        people_apply(kind="staff", parsed=staff_parse(content), school=school, actor=senco, via="command")
    assert where(refused.value.problems) == [("row 3", "Email")]
    assert not User.objects.filter(email="good@school.example").exists()


@pytestmark_db
def test_groups_import_sets_membership_says_what_is_removed_and_is_idempotent(
    senco, school, teacher, pupil, sibling, class_group
):
    content = csv(
        "Group,YearGroup,StaffEmail,UPN",
        f"Class 4B,4,{teacher.email},",
        f"Class 4B,4,,{sibling.upn}",
        f"Maths set 1,4,{teacher.email},",
        f"Maths set 1,,,{pupil.upn}",
    )
    plan = people_plan(kind="groups", parsed=groups_parse(content), school=school, actor=senco)
    assert [c.text for c in plan.removed] == [f"{pupil.display_name} is REMOVED from Class 4B"]
    people_apply(kind="groups", parsed=groups_parse(content), school=school, actor=senco, via="web")
    class_group.refresh_from_db()
    assert list(class_group.pupils.all()) == [sibling]
    maths = TeachingGroup.objects.get(school=school, name="Maths set 1")
    assert (list(maths.staff.all()), list(maths.pupils.all()), maths.year_group) == ([teacher], [pupil], "4")
    events = AuditEvent.objects.count()
    again = people_plan(kind="groups", parsed=groups_parse(content), school=school, actor=senco)
    assert (again.changes, again.unchanged) == ([], 2)
    people_apply(kind="groups", parsed=groups_parse(content), school=school, actor=senco, via="web")
    assert AuditEvent.objects.count() == events


@pytestmark_db
def test_groups_import_is_all_or_nothing_on_an_unknown_upn_or_staff_email(senco, school, teacher, pupil):
    content = csv(
        "Group,YearGroup,StaffEmail,UPN",
        f"New group,4,{teacher.email},",
        f"New group,4,,{UNKNOWN_UPN}",
        "New group,4,nobody@school.example,",
    )
    with pytest.raises(ImportRejected) as refused:
        people_apply(kind="groups", parsed=groups_parse(content), school=school, actor=senco, via="web")
    assert where(refused.value.problems) == [("row 3", "UPN"), ("row 4", "StaffEmail")]
    assert not TeachingGroup.objects.filter(name="New group").exists()


@pytestmark_db
def test_contacts_import_adds_updates_and_then_changes_nothing(senco, school, pupil, sibling):
    content = csv(
        "UPN,Email,Forename,Surname,Relationship,ParentalResponsibility",
        f"{pupil.upn},mum@home.example,Mia,Rabbit,mother,yes",
        f"{sibling.upn},mum@home.example,Mia,Rabbit,Mother,Yes",
        f"{pupil.upn},gran@home.example,Gina,Rabbit,grandmother,no",
    )
    people_apply(kind="contacts", parsed=contacts_parse(content), school=school, actor=senco, via="command")
    mum = User.objects.get(email="mum@home.example")
    assert mum.role == "parent" and ParentLink.objects.filter(parent=mum, has_parental_responsibility=True).count() == 2
    assert not ParentLink.objects.get(parent__email="gran@home.example").has_parental_responsibility
    again = people_plan(kind="contacts", parsed=contacts_parse(content), school=school, actor=senco)
    assert (again.changes, again.unchanged) == ([], 3)
    changed = content.replace(b"grandmother,no", b"grandmother,yes")
    plan = people_plan(kind="contacts", parsed=contacts_parse(changed), school=school, actor=senco)
    assert [c.action for c in plan.changes] == ["change"]
    people_apply(kind="contacts", parsed=contacts_parse(changed), school=school, actor=senco, via="command")
    assert ParentLink.objects.get(parent__email="gran@home.example").has_parental_responsibility


@pytestmark_db
def test_contacts_import_is_all_or_nothing_on_an_unknown_upn(senco, school, pupil):
    content = csv(
        "UPN,Email,Forename,Surname,Relationship,ParentalResponsibility",
        f"{pupil.upn},mum@home.example,Mia,Rabbit,mother,yes",
        f"{UNKNOWN_UPN},dad@home.example,Dan,Rabbit,father,yes",
    )
    with pytest.raises(ImportRejected) as refused:
        people_apply(kind="contacts", parsed=contacts_parse(content), school=school, actor=senco, via="command")
    assert where(refused.value.problems) == [("row 3", "UPN")]
    assert not User.objects.filter(email="mum@home.example").exists()


@pytestmark_db
def test_a_senco_cannot_make_a_teacher_head_and_the_preview_says_so(senco, school, teacher):
    content = csv(
        "Email,Forename,Surname,Role", f"{teacher.email},{teacher.first_name},{teacher.last_name},Head teacher"
    )
    plan = people_plan(kind="staff", parsed=staff_parse(content), school=school, actor=senco)
    assert where(plan.problems) == [("row 2", "Role")] and "only a head teacher" in plan.problems[0].message


@pytestmark_db
def test_a_refusal_found_while_writing_undoes_the_whole_file(senco, school, monkeypatch):
    """A service may refuse a change the plan could not foresee (a race): nothing of the file stays."""
    from sensupport.accounts import services as accounts_services
    from sensupport.interop import people_services

    real = accounts_services.staff_create
    calls = []

    def second_refused(**arguments):
        calls.append(arguments["email"])
        if len(calls) == 2:
            raise accounts_services.AccountError("There is already an account with this email address.")
        return real(**arguments)

    monkeypatch.setattr(people_services, "staff_create", second_refused)
    with pytest.raises(ImportRejected) as refused:
        people_apply(kind="staff", parsed=staff_parse(STAFF_CSV), school=school, actor=senco, via="command")
    assert refused.value.problems[0].where == "row 3"
    assert not User.objects.filter(email__in=calls).exists()


@pytestmark_db
def test_a_teacher_cannot_import_staff(teacher, school):
    plan = people_plan(kind="staff", parsed=staff_parse(STAFF_CSV), school=school, actor=teacher)
    assert plan.problems and "cannot import staff" in plan.problems[0].message


# ---- the commands


@pytestmark_db
def test_import_staff_command_acts_as_the_named_senco_and_dry_run_writes_nothing(senco, school, tmp_path, capsys):
    file = tmp_path / "staff.csv"
    file.write_bytes(STAFF_CSV)
    call_command("import_staff", str(file), "--school", school.urn, "--as", senco.email, "--dry-run")
    assert not User.objects.filter(email="new.ta@school.example").exists()
    call_command("import_staff", str(file), "--school", school.urn, "--as", senco.email)
    assert User.objects.filter(email="new.ta@school.example", school=school).exists()
    assert AuditEvent.objects.filter(actor=senco, via="import", target="staff account").count() == 2
    assert "Imported: 2 added" in capsys.readouterr().out


@pytestmark_db
def test_import_commands_refuse_an_actor_who_may_not_import(teacher, school, tmp_path):
    file = tmp_path / "staff.csv"
    file.write_bytes(STAFF_CSV)
    with pytest.raises(CommandError, match="not an active SENCO"):
        call_command("import_staff", str(file), "--school", school.urn, "--as", teacher.email)


@pytestmark_db
def test_import_groups_command_refuses_a_bad_file_and_names_the_row(senco, school, tmp_path, capsys):
    file = tmp_path / "groups.csv"
    file.write_bytes(csv("Group,YearGroup,StaffEmail,UPN", "4B,4,nobody@school.example,"))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_groups", str(file), "--school", school.urn, "--as", senco.email)
    assert "row 2, column StaffEmail" in capsys.readouterr().out
    assert not TeachingGroup.objects.filter(name="4B").exists()


@pytestmark_db
def test_import_contacts_command_imports_xlsx(senco, school, pupil, tmp_path):
    file = tmp_path / "contacts.xlsx"
    file.write_bytes(
        workbook_bytes(
            [
                ["UPN", "Email", "Forename", "Surname", "Relationship", "ParentalResponsibility"],
                [pupil.upn, "dad@home.example", "Dan", "Rabbit", "father", "no"],
            ]
        )
    )
    call_command("import_contacts", str(file), "--school", school.urn, "--as", senco.email)
    assert ParentLink.objects.get(pupil=pupil, parent__email="dad@home.example").relationship == "Father"


# ---- the web flow


@pytestmark_db
def test_senco_imports_groups_at_the_import_page_previewing_removals(
    senco, login, school, teacher, pupil, sibling, class_group
):
    client = login(senco)
    content = csv("Group,YearGroup,StaffEmail,UPN", f"Class 4B,4,{teacher.email},", f"Class 4B,4,,{sibling.upn}")
    response = client.post(
        reverse("interop:import_start"), {"what": "groups", "file": SimpleUploadedFile("groups.csv", content)}
    )
    batch = ImportBatch.objects.get()
    assert batch.kind == "groups" and response["Location"] == reverse("interop:import_preview", args=[batch.pk])
    html = client.get(response["Location"]).content.decode()
    assert "REMOVED from Class 4B" in html and "Confirm and import" in html
    assert list(class_group.pupils.all()) == [pupil]
    # The preview named both pupils (one joining, one leaving): a read of each.
    previewed = AuditEvent.objects.filter(actor=senco, action="view", target="pupil record (import preview)")
    assert set(previewed.values_list("pupil_id", flat=True)) == {pupil.pk, sibling.pk}
    client.post(reverse("interop:import_confirm", args=[batch.pk]))
    assert list(class_group.pupils.all()) == [sibling]
    assert AuditEvent.objects.filter(actor=senco, via="import", pupil=pupil, summary__contains="removed from").exists()
    batch.refresh_from_db()
    assert batch.status == "applied"


@pytestmark_db
def test_a_refused_people_file_is_shown_refused_with_row_and_column(senco, login):
    client = login(senco)
    client.post(
        reverse("interop:import_start"),
        {
            "what": "staff",
            "file": SimpleUploadedFile("s.csv", csv("Email,Forename,Surname,Role", "x@y.example,A,B,janitor")),
        },
    )
    batch = ImportBatch.objects.get()
    html = client.get(reverse("interop:import_preview", args=[batch.pk])).content.decode()
    batch.refresh_from_db()
    assert batch.status == "rejected" and "column Role" in html
