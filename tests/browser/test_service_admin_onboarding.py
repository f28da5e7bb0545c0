"""The service administrator sets up a local authority and its schools and invites a school's
first SENCO, who chooses a password and signs in. Every page is checked with axe."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from sensupport.accounts.models import Role, User
from sensupport.organisations.models import LocalAuthority, School
from sensupport.organisations.tests.gias_files import SOUTHWARK, csv_bytes

from .conftest import add_la_and_school, axe_check, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_service_admin_adds_an_la_and_schools_and_invites_the_first_senco(new_page, live_server, service_admin):
    page = new_page(viewport={"width": 375, "height": 800})
    sign_in(page, live_server, service_admin)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Hello"))
    axe_check(page)

    # Add a local authority by hand.
    page.get_by_role("link", name="Local authorities and schools").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Local authorities and schools")
    axe_check(page)
    page.get_by_role("link", name="Add a local authority").click()
    page.get_by_role("button", name="Add local authority").click()  # empty: errors first
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the local authority code")
    axe_check(page)
    # Then a school by hand: the form for its SENCO or head opens with the school chosen.
    add_la_and_school(page)
    assert School.objects.get(urn="100900").local_authority.code == "210"

    # Load the LA's other schools from its GIAS file: check, then import.
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Load schools from a GIAS file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Load schools from a GIAS file")
    axe_check(page)
    page.get_by_label("Choose a file").set_input_files(
        files=[{"name": "edubasealldata20250109.csv", "mimeType": "text/csv", "buffer": csv_bytes(SOUTHWARK)}]
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator("main")).to_contain_text("4 new schools")
    expect(page.locator("main")).to_contain_text("Saint Joseph’s Catholic Primary School")
    expect(page.locator("main")).to_contain_text("2 closed establishments")
    screenshot(page, "service-admin-gias-preview")
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "the preview scrolls sideways at 375 px"
    assert School.objects.count() == 1
    page.get_by_role("button", name="Import").click()
    expect(page.locator("main")).to_contain_text("edubasealldata20250109.csv imported")
    axe_check(page)
    assert School.objects.count() == 5 and LocalAuthority.objects.count() == 1

    # The imported school's first SENCO.
    page.goto(f"{live_server.url}/service/?q=Joseph")
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "the list scrolls sideways at 375 px"
    page.get_by_role("link", name=re.compile("Add a SENCO or head teacher for Saint Joseph")).click()
    page.get_by_label("SENCO").check()
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Okoye")
    page.get_by_label("Email address").fill("g.okoye@stjosephs.example.org")
    axe_check(page)
    page.get_by_role("button", name="Add and send invitation").click()
    expect(page.locator("body")).to_contain_text(
        "We have emailed g.okoye@stjosephs.example.org a link to choose a password."
    )
    senco = User.objects.get(email="g.okoye@stjosephs.example.org")
    assert (senco.role, senco.school.urn) == (Role.SENCO, "100800")

    # The SENCO opens the emailed link, chooses a password and signs in.
    link = re.search(r"http\S+/accounts/set-password/\S+/", mail.outbox[-1].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    senco_page = new_page(viewport={"width": 375, "height": 800})
    senco_page.goto(f"{live_server.url}{path}")
    expect(senco_page.get_by_role("heading", level=1)).to_have_text("Choose your password")
    axe_check(senco_page)
    senco_page.get_by_label("Password", exact=True).fill("a long new passphrase 42")
    senco_page.get_by_label("Type the password again").fill("a long new passphrase 42")
    senco_page.get_by_role("button", name="Set password").click()
    expect(senco_page.locator("body")).to_contain_text("Your password is set.")
    senco_page.get_by_label("Email address").fill("g.okoye@stjosephs.example.org")
    senco_page.get_by_label("Password").fill("a long new passphrase 42")
    senco_page.get_by_role("button", name="Sign in").click()
    expect(senco_page.get_by_role("heading", level=1)).to_have_text("Hello, Grace")
