"""Issue 8's first "Done means", in one walk from an empty database: the service administrator
(the only account) adds a local authority, a school and its first SENCO; the SENCO chooses a
password from the emailed link, imports pupils, staff, groups and contacts from CSV at /import/;
a teacher from the staff file chooses a password from their email and "My pupils" lists exactly
the pupils with SEN in their classes. axe checks every page on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sensupport.accounts.models import Role, User
from sensupport.core.factories import UserFactory, make_upn
from sensupport.organisations.models import LocalAuthority, School
from sensupport.pupils.models import ParentLink, Pupil

from .conftest import add_la_and_school, axe_check, choose_password_from_email, csv_file, import_file, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UPNS = [make_upn("210", "2100", "19", n) for n in range(1, 7)]
SENCO = "grace.okoye@peckham.example.org"
TEACHER = "wes.walker@peckham.example.org"
FILES = {
    "pupils": csv_file(
        "UPN,Surname,Forename,DOB,Sex,YearGroup,SENProvision,PrimaryNeed",
        f"{UPNS[0]},Okafor,Amara,2016-05-04,F,5,K,SLCN",
        f"{UPNS[1]},Nowak,Maya,2016-02-11,F,5,E,ASD",
        f"{UPNS[2]},Carter,Ben,2016-01-10,M,5,N,",
        f"{UPNS[3]},Davies,Chloe,2015-11-30,F,6,K,SPLD",
        f"{UPNS[4]},Evans,Dylan,2016-03-21,M,5,K,SEMH",
        f"{UPNS[5]},Hughes,Grace,2016-07-02,F,5,N,",
    ),
    "staff": csv_file(
        "Email,Forename,Surname,Role",
        f"{TEACHER},Wes,Walker,Class teacher",
        "tay.assist@peckham.example.org,Tay,Assist,teaching assistant",
        "ola.other@peckham.example.org,Ola,Other,teacher",
    ),
    "groups": csv_file(
        "Group,YearGroup,StaffEmail,UPN",
        f"Class 5W,5,{TEACHER},",
        "Class 5W,5,tay.assist@peckham.example.org,",
        f"Class 5W,5,,{UPNS[0]}",
        f"Class 5W,5,,{UPNS[1]}",
        f"Class 5W,5,,{UPNS[2]}",
        "Class 6E,6,ola.other@peckham.example.org,",
        f"Class 6E,6,,{UPNS[3]}",
        f"Class 5E,5,ola.other@peckham.example.org,{UPNS[4]}",
        f"Class 5E,5,,{UPNS[5]}",
    ),
    "contacts": csv_file(
        "UPN,Email,Forename,Surname,Relationship,ParentalResponsibility",
        f"{UPNS[0]},mum.okafor@home.example,Ngozi,Okafor,mother,yes",
        f"{UPNS[3]},gran.davies@home.example,Gwen,Davies,grandmother,no",
    ),
}


def test_a_school_runs_from_its_first_day(new_page, live_server):
    admin = UserFactory(role=Role.SERVICE_ADMIN, first_name="Sid", last_name="Operator")
    assert User.objects.count() == 1 and not School.objects.exists() and not Pupil.objects.exists()

    # The service administrator: a local authority, a school, its first SENCO.
    page = new_page()
    sign_in(page, live_server, admin)
    axe_check(page)
    page.get_by_role("link", name="Local authorities and schools").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Local authorities and schools")
    axe_check(page)
    page.get_by_role("link", name="Add a local authority").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("local authority", re.I))
    axe_check(page)
    add_la_and_school(page)
    axe_check(page)
    page.get_by_label("SENCO").check()
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Okoye")
    page.get_by_label("Email address").fill(SENCO)
    page.get_by_role("button", name="Add and send invitation").click()
    expect(page.locator("body")).to_contain_text(f"We have emailed {SENCO} a link to choose a password.")
    axe_check(page)
    school = School.objects.get(urn="100900")
    assert LocalAuthority.objects.get().code == "210" and school.local_authority.code == "210"
    page.get_by_role("button", name="Sign out").click()

    # The SENCO chooses a password from the email, signs in and imports the school's people.
    senco_page = new_page()
    choose_password_from_email(senco_page, live_server, SENCO, "a long new passphrase 42")
    expect(senco_page.get_by_role("heading", level=1)).to_have_text("Hello, Grace")
    axe_check(senco_page)
    for what in ("pupils", "staff", "groups", "contacts"):
        import_file(senco_page, live_server, what, FILES[what])
    assert Pupil.objects.filter(school=school).count() == 6
    assert ParentLink.objects.filter(pupil__school=school).count() == 2
    teacher = User.objects.get(email=TEACHER)
    assert (teacher.role, teacher.school_id) == (Role.TEACHER, school.pk)
    senco_page.get_by_role("button", name="Sign out").click()

    # The teacher: a password from their invitation, then My pupils.
    teacher_page = new_page()
    choose_password_from_email(teacher_page, live_server, TEACHER, "plum orchard kettle rain")
    axe_check(teacher_page)
    teacher_page.get_by_role("link", name="My pupils", exact=True).first.click()
    expect(teacher_page.get_by_role("heading", level=1)).to_have_text("My pupils")
    axe_check(teacher_page)
    names = teacher_page.locator("main table tbody td:first-child a:first-child").all_inner_texts()
    expected = {p.display_name for p in Pupil.objects.filter(upn__in=UPNS[:2])}
    assert set(names) == expected and len(names) == 2, names
    main = teacher_page.locator("main")
    for absent in ("Carter", "Davies", "Evans", "Hughes"):
        expect(main).not_to_contain_text(re.compile(absent))
    assert not teacher_page.script_errors, teacher_page.script_errors
