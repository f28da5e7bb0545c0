"""A school sets itself up in the browser, without JavaScript: the SENCO adds a teacher (who
chooses a password from the emailed link), creates a class with that teacher and two pupils,
and adds a parent with parental responsibility; the teacher then sees exactly those pupils.
The journey runs with JavaScript off (axe needs it on): the second test checks every set-up page
with axe and that it fits a 375 px phone screen."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from .conftest import axe_check, screenshot, sign_in, wider_than_screen

pytestmark = pytest.mark.browser

NEW_PASSWORD = "plum orchard kettle rain"
PHONE = {"width": 375, "height": 812}


def _fits_the_screen(page) -> None:
    overflow = wider_than_screen(page)["wide"]
    assert overflow == [], f"{page.url} is wider than the screen: {overflow}"


def test_senco_sets_up_a_class_and_the_teacher_sees_exactly_its_pupils(
    new_page, live_server, senco, school, transactional_db
):
    from sensupport.core.factories import PupilFactory

    amara = PupilFactory(school=school, forename="Amara", surname="Okafor", year_group="5", sen_status="K")
    ben = PupilFactory(school=school, forename="Ben", surname="Carter", year_group="5", sen_status="N")
    PupilFactory(school=school, forename="Chloe", surname="Davies", year_group="5", sen_status="K")  # not in the class
    PupilFactory(school=school, forename="Dylan", surname="Evans", year_group="3", sen_status="K")

    page = new_page(java_script_enabled=False, viewport=PHONE)
    sign_in(page, live_server, senco)
    page.get_by_role("link", name="School set-up", exact=True).click()
    page.get_by_role("link", name="Staff and their roles").click()

    # Add the teacher.
    page.get_by_role("link", name="Add a member of staff").click()
    page.get_by_role("button", name="Add and send the invitation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter their email address")
    page.get_by_label("Email address").fill("wes.teacher@oak.example")
    page.get_by_label("First name").fill("Wes")
    page.get_by_label("Last name").fill("Walker")
    page.get_by_label("Class teacher").check()
    page.get_by_role("button", name="Add and send the invitation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Wes Walker added")
    expect(page.locator("main")).to_contain_text("wes.teacher@oak.example")

    # A class with that teacher and two pupils, pupils filtered to Year 5.
    page.get_by_role("link", name="School set-up", exact=True).click()
    page.get_by_role("link", name="Classes, sets and intervention groups").click()
    page.get_by_role("link", name="Add a class or group").click()
    page.get_by_label("Name", exact=True).fill("Class 5W")
    page.get_by_label("Class", exact=True).check()
    page.get_by_label("Year group").select_option(label="Year 5")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff and pupils of Class 5W")
    expect(page.locator("main")).not_to_contain_text("Evans")  # Year 3: filtered out
    page.get_by_label("Wes Walker (class teacher)").check()
    page.get_by_label(re.compile("^Okafor, Amara")).check()
    page.get_by_label(re.compile("^Carter, Ben")).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Class 5W saved: 2 pupils added")
    expect(page.locator("main table")).to_contain_text("Wes Walker")

    # A parent with parental responsibility, from Amara's page.
    page.goto(f"{live_server.url}/pupils/{amara.pk}/")
    page.get_by_role("link", name="Parents and carers: add, change or invite").click()
    page.get_by_role("link", name="Add a parent or carer").click()
    page.get_by_label("Email address").fill("ngozi.okafor@example.com")
    page.get_by_label("First name").fill("Ngozi")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("Who are they to the pupil?").fill("mother")
    page.locator("#id_has_parental_responsibility_0").check()
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Ngozi Okafor added as Amara Okafor's mother"
    )
    expect(page.locator("main table")).to_contain_text("Yes")
    screenshot(page, "school-setup-contacts")

    # The teacher chooses a password from the emailed link and sees exactly the class.
    invitation = next(m for m in mail.outbox if m.to == ["wes.teacher@oak.example"])
    link = re.search(r"https?://\S+(/accounts/set-password/\S+/)", invitation.body).group(1)
    teacher_page = new_page(java_script_enabled=False, viewport=PHONE)
    teacher_page.goto(f"{live_server.url}{link}")
    expect(teacher_page.get_by_role("heading", level=1)).to_have_text("Choose your password")
    teacher_page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    teacher_page.get_by_label("Type the password again").fill(NEW_PASSWORD)
    teacher_page.get_by_role("button", name="Set password").click()
    expect(teacher_page.locator(".govuk-notification-banner--success")).to_contain_text("Your password is set")
    teacher_page.get_by_label("Email address").fill("wes.teacher@oak.example")
    teacher_page.get_by_label("Password").fill(NEW_PASSWORD)
    teacher_page.get_by_role("button", name="Sign in").click()
    teacher_page.goto(f"{live_server.url}/pupils/")
    names = teacher_page.locator("#register-table tbody tr td:first-child a").all_inner_texts()
    assert sorted(names) == sorted([amara.display_name, ben.display_name])
    expect(teacher_page.get_by_role("link", name="School set-up", exact=True)).to_have_count(0)


def test_school_setup_pages_pass_axe_and_fit_a_phone(new_page, live_server, senco, teacher, parent, pupil, class_group):
    from sensupport.pupils.models import ParentLink

    link = ParentLink.objects.get(parent=parent, pupil=pupil)
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(page, live_server, senco)
    failures = {}
    for path in [
        "/school/",
        "/school/staff/",
        "/school/staff/add/",
        f"/school/staff/{teacher.pk}/",
        "/school/groups/",
        "/school/groups/add/",
        f"/school/groups/{class_group.pk}/",
        f"/school/groups/{class_group.pk}/members/",
        f"/school/pupils/{pupil.pk}/contacts/",
        f"/school/pupils/{pupil.pk}/contacts/add/",
        f"/school/pupils/{pupil.pk}/contacts/{link.pk}/",
        f"/school/pupils/{pupil.pk}/contacts/{link.pk}/end/",
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        try:
            axe_check(page)
            _fits_the_screen(page)
        except AssertionError as error:
            failures[path] = str(error)[:1500]
    # A form with its errors shown.
    page.goto(f"{live_server.url}/school/staff/add/")
    page.get_by_role("button", name="Add and send the invitation").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe_check(page)
    assert not failures, "\n\n".join(f"{path}:\n{text}" for path, text in failures.items())
