"""Issue 8's first "Done means", from the point the school exists: its SENCO imports pupils,
staff, groups and contacts from CSV at /import/ and signs out; a teacher signs in and the register
shows exactly the pupils of their group. Every import page is checked with axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sensupport.accounts.models import User
from sensupport.core.factories import make_upn
from sensupport.pupils.models import ParentLink, Pupil, TeachingGroup

from .conftest import PASSWORD, axe_check, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
UPNS = [make_upn("201", "2001", "19", n) for n in (1, 2, 3)]
TEACHER = "nia.newton@oak.example.org"


def csv(*rows: str) -> bytes:
    return ("\r\n".join(rows) + "\r\n").encode()


FILES = {
    "pupils": csv(
        "UPN,Surname,Forename,DOB,Sex,YearGroup,SENProvision,PrimaryNeed",
        f"{UPNS[0]},Okafor,Amara,2016-05-04,F,5,K,SLCN",
        f"{UPNS[1]},Carter,Ben,2016-01-10,M,5,N,",
        f"{UPNS[2]},Davies,Chloe,2015-11-30,F,6,K,SPLD",
    ),
    "staff": csv(
        "Email,Forename,Surname,Role", f"{TEACHER},Nia,Newton,Class teacher", "tay.assist@oak.example.org,Tay,Assist,TA"
    ),
    "groups": csv(
        "Group,YearGroup,StaffEmail,UPN",
        f"Class 5W,5,{TEACHER},",
        "Class 5W,5,tay.assist@oak.example.org,",
        f"Class 5W,5,,{UPNS[0]}",
        f"Class 5W,5,,{UPNS[1]}",
        f"Class 6E,6,,{UPNS[2]}",
    ),
    "contacts": csv(
        "UPN,Email,Forename,Surname,Relationship,ParentalResponsibility",
        f"{UPNS[0]},mum.okafor@home.example,Ngozi,Okafor,mother,yes",
        f"{UPNS[2]},gran.davies@home.example,Gwen,Davies,grandmother,no",
    ),
}
CHOICE = {
    "pupils": r"^Pupils",
    "staff": r"^Staff",
    "groups": r"^Classes and groups",
    "contacts": r"^Parents and carers",
}


def import_file(page, live_server, what: str) -> None:
    page.goto(f"{live_server.url}/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import from a file")
    axe_check(page)
    page.get_by_role("radio", name=re.compile(CHOICE[what])).check()
    page.get_by_label("Choose a file").set_input_files(
        files=[{"name": f"{what}.csv", "mimeType": "text/csv", "buffer": FILES[what]}]
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check what the import will change")
    axe_check(page)
    page.get_by_role("button", name="Confirm and import").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{what}.csv imported")
    axe_check(page)


def test_senco_imports_the_school_and_a_teacher_sees_exactly_their_groups_pupils(new_page, live_server, school, senco):
    page = new_page()
    sign_in(page, live_server, senco)
    for what in ("pupils", "staff", "groups", "contacts"):
        import_file(page, live_server, what)
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
