"""Issue 8's first "Done means", from the point the school exists: its SENCO imports pupils,
staff, groups and contacts from CSV at /import/ and signs out; a teacher signs in and the register
shows exactly the pupils of their group. Every import page is checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sensupport.accounts.models import User
from sensupport.core.factories import make_upn
from sensupport.pupils.models import ParentLink, Pupil, TeachingGroup

from .conftest import PASSWORD, axe_check, csv_file, import_file, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
UPNS = [make_upn("201", "2001", "19", n) for n in (1, 2, 3)]
TEACHER = "nia.newton@oak.example.org"


FILES = {
    "pupils": csv_file(
        "UPN,Surname,Forename,DOB,Sex,YearGroup,SENProvision,PrimaryNeed",
        f"{UPNS[0]},Okafor,Amara,2016-05-04,F,5,K,SLCN",
        f"{UPNS[1]},Carter,Ben,2016-01-10,M,5,N,",
        f"{UPNS[2]},Davies,Chloe,2015-11-30,F,6,K,SPLD",
    ),
    "staff": csv_file(
        "Email,Forename,Surname,Role", f"{TEACHER},Nia,Newton,Class teacher", "tay.assist@oak.example.org,Tay,Assist,TA"
    ),
    "groups": csv_file(
        "Group,YearGroup,StaffEmail,UPN",
        f"Class 5W,5,{TEACHER},",
        "Class 5W,5,tay.assist@oak.example.org,",
        f"Class 5W,5,,{UPNS[0]}",
        f"Class 5W,5,,{UPNS[1]}",
        f"Class 6E,6,,{UPNS[2]}",
    ),
    "contacts": csv_file(
        "UPN,Email,Forename,Surname,Relationship,ParentalResponsibility",
        f"{UPNS[0]},mum.okafor@home.example,Ngozi,Okafor,mother,yes",
        f"{UPNS[2]},gran.davies@home.example,Gwen,Davies,grandmother,no",
    ),
}


def test_senco_imports_the_school_and_a_teacher_sees_exactly_their_groups_pupils(new_page, live_server, school, senco):
    page = new_page()
    sign_in(page, live_server, senco)
    for what in ("pupils", "staff", "groups", "contacts"):
        import_file(page, live_server, what, FILES[what])
    assert Pupil.objects.filter(school=school).count() == 3
    assert {p.upn for p in TeachingGroup.objects.get(school=school, name="Class 5W").pupils.all()} == set(UPNS[:2])
    assert ParentLink.objects.filter(pupil__school=school).count() == 2
    page.get_by_role("button", name="Sign out").click()

    teacher = User.objects.get(email=TEACHER)
    teacher.set_password(PASSWORD)  # invitations are tested elsewhere
    teacher.save()
    sign_in(page, live_server, teacher)
    page.goto(f"{live_server.url}/pupils/")
    main = page.locator("main")
    expect(main).to_contain_text("Amara")
    expect(main).to_contain_text("Ben")
    expect(main).not_to_contain_text("Chloe")
    axe_check(page)
