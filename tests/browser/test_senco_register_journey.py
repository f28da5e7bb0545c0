"""The SENCO's journey through the register: find pupils, raise a concern, triage it, decide.

Every page visited is checked with axe (zero violations) and saved as a screenshot in
test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from .conftest import axe_check, screenshot, sign_in, wider_than_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLCN = "Speech, language and communication needs (SLCN)"


def register_names(page) -> list[str]:
    return page.locator("#register-table tbody tr td:first-child a").all_inner_texts()


def test_senco_finds_a_pupil_raises_a_concern_and_places_them_on_sen_support(page, live_server, senco, register_school):
    # Sign in through the real form.
    page.goto(f"{live_server.url}/accounts/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to sensupport")
    screenshot(page, "01-sign-in")
    axe_check(page)
    sign_in(page, live_server, senco)

    # The header: brand, who is signed in, sign out, and the service navigation.
    header = page.locator("header.govuk-template__header")
    expect(header.get_by_role("link", name="sensupport", exact=True)).to_be_visible()
    expect(header).to_contain_text("Sam Senco")
    expect(header.get_by_role("button", name="Sign out")).to_be_visible()
    navigation = header.get_by_role("navigation", name="Menu")
    for label in ("Home", "SEN register", "Account"):
        expect(navigation.get_by_role("link", name=label, exact=True)).to_be_visible()
    expect(navigation.get_by_role("link", name="Home")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Sam")
    screenshot(page, "01b-home")
    axe_check(page)

    # The home page leads with plan coverage: nobody on SEN Support here has a plan yet, and the
    # figure opens the register at exactly those pupils.
    expect(page.get_by_role("heading", level=2).first).to_have_text("A plan for every pupil with SEN")
    no_plan = page.locator("#coverage-no-plan")
    figure = int(no_plan.inner_text().split()[0])
    assert figure > 0
    no_plan.click()
    expect(page.locator("#result-count")).to_have_text(f"{figure} pupils.")
    expect(page.get_by_label("Plan coverage")).to_have_value("no_plan")
    screenshot(page, "01c-register-no-plan")
    axe_check(page)
    page.goto(f"{live_server.url}/")

    # The register, unfiltered.
    navigation.get_by_role("link", name="SEN register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("SEN register: Oak Primary")
    expect(navigation.get_by_role("link", name="SEN register")).to_have_attribute("aria-current", "page")
    expect(page.locator("#result-count")).to_have_text("30 pupils.")
    screenshot(page, "02-register")
    axe_check(page)

    # Filter: SEN Support with speech, language and communication needs (primary or secondary).
    page.get_by_label("SEN status").select_option(label="SEN Support")
    page.get_by_label("Need", exact=True).select_option(label=SLCN)
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#result-count")).to_have_text("4 pupils.")
    assert register_names(page) == [
        "Isla Jones",
        "Jack Khan",
        "Willow Xu",
        "Xander Young",
    ]
    expect(page.get_by_label("SEN status")).to_have_value("K")
    screenshot(page, "03-register-sen-support-slcn")
    axe_check(page)

    # Filter: no SEN in Class 4B, then open Peter.
    page.get_by_role("link", name="Clear filters").click()
    page.get_by_label("SEN status").select_option(label="No SEN")
    page.get_by_label("Class or group").select_option(label="Class 4B")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#result-count")).to_have_text("7 pupils.")
    assert "Flopsy Rabbit" not in register_names(page)
    page.get_by_role("link", name="Peter Rabbit").click()

    # The pupil page.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Peter Rabbit")
    expect(page.locator("h1 .govuk-tag")).to_have_text("No SEN")
    screenshot(page, "04-pupil-no-sen")
    axe_check(page)

    # Raise a concern: first with nothing filled in, to see the error summary.
    page.get_by_role("link", name="Raise a concern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Raise a concern about Peter Rabbit")
    screenshot(page, "05-concern-form")
    axe_check(page)
    page.get_by_role("button", name="Record the concern").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
    expect(page).to_have_title(re.compile(r"\(error\)"))
    screenshot(page, "06-concern-form-errors")
    axe_check(page)
    page.locator(".govuk-error-summary a").first.click()
    expect(page.get_by_label("What have you noticed?")).to_be_focused()

    page.get_by_label("What have you noticed?").fill(
        "Peter loses track of spoken instructions with more than two steps and copies his neighbour."
    )
    page.get_by_label("Where and when does it show?").fill("Maths and PE, mostly after lunch.")
    page.get_by_label("Which broad area of need might it relate to? (optional)").select_option(
        label="Communication and interaction"
    )
    page.get_by_role("button", name="Record the concern").click()

    # The concern page.
    expect(page.get_by_role("heading", level=1)).to_have_text("Concern about Peter Rabbit")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Concern recorded")
    expect(page.locator("#concern-status")).to_have_text("Open")
    screenshot(page, "07-concern")
    axe_check(page)

    # Add evidence.
    expect(page.get_by_role("radio", name="Evidence")).to_be_checked()
    page.get_by_label("Note or evidence").fill(
        "Speech and language screener (WellComm): below age-related expectations for understanding."
    )
    page.get_by_role("button", name="Add evidence or note").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Added to the concern")
    expect(page.locator("main")).to_contain_text("WellComm")
    expect(page.locator("#concern-status")).to_have_text("Gathering evidence")

    # Record the conversation with the parents.
    page.get_by_role("link", name="Record a conversation with the parents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a conversation with Peter Rabbit's parents")
    expect(page.get_by_label("Date of the conversation")).to_have_value(dt.date.today().isoformat())
    expect(page.get_by_role("radio", name="Proposing SEN Support")).to_be_checked()
    screenshot(page, "08-parent-conversation-form")
    axe_check(page)
    page.get_by_role("button", name="Save the record").click()  # nothing filled in yet
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Choose how the conversation happened",
            "Enter who took part for the family",
            "Enter what was discussed and agreed",
        ]
    )
    screenshot(page, "08b-parent-conversation-form-errors")
    axe_check(page)
    summary.get_by_role("link").first.click()
    expect(page.get_by_role("radio", name="Meeting in person")).to_be_focused()
    page.get_by_role("radio", name="Meeting in person").check()
    page.get_by_role("radio", name="Proposing SEN Support").check()
    page.get_by_label("Who took part for the family").fill("Mrs Rabbit (mother)")
    page.get_by_label("What was discussed and agreed").fill(
        "Explained the screener results; agreed to start SEN Support with a speech and language group."
    )
    page.get_by_label("The parents' views, in their words").fill(
        "He says the teacher talks too fast. We want him to have help."
    )
    page.get_by_role("button", name="Save the record").click()

    # Back on the concern page: decide.
    expect(page.get_by_role("heading", level=1)).to_have_text("Concern about Peter Rabbit")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Conversation with the parents recorded"
    )
    expect(page.locator("main")).to_contain_text("Proposing SEN Support: Explained the screener results")
    screenshot(page, "09-concern-ready-to-decide")
    axe_check(page)
    page.get_by_role("radio", name="Place on SEN Support").check()
    page.get_by_label("Reasons for the decision").fill(
        "Screener and class observations show needs beyond good teaching; parents agree."
    )
    page.get_by_label("Primary need (rank 1)").select_option(label=SLCN)
    page.get_by_role("button", name="Record the decision").click()

    # The pupil page now shows SEN Support and the history.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Peter Rabbit")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Decision recorded")
    expect(page.locator("h1 .govuk-tag")).to_have_text("SEN Support")
    history = page.get_by_role("table", name="SEN status history, oldest first")
    rows = history.locator("tbody tr")
    expect(rows).to_have_count(2)  # Monitoring (concern raised), then SEN Support
    expect(rows.nth(0)).to_contain_text("Monitoring")
    expect(rows.nth(0)).to_contain_text("Concern raised")
    expect(rows.nth(1)).to_contain_text("SEN Support")
    expect(rows.nth(1)).to_contain_text("Sam Senco")
    expect(rows.nth(1)).to_contain_text("Concern decided: Screener and class observations")
    expect(rows.nth(1).locator("td").first).to_have_text(dt.date.today().strftime("%-d %b %Y"))
    needs = page.get_by_role("table", name="Current needs")
    expect(needs.locator("tbody tr")).to_have_count(1)
    expect(needs).to_contain_text("Primary")
    expect(needs).to_contain_text("Speech, language and communication needs (SLCN)")
    expect(page.locator("main")).to_contain_text("No open concerns.")
    screenshot(page, "10-pupil-sen-support")
    axe_check(page)

    # And the register agrees.
    page.get_by_role("link", name="Back to the register").click()
    page.get_by_label("Name or UPN").fill("Peter")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#register-table tbody tr")).to_have_count(1)
    expect(page.locator("#register-table tbody tr td:nth-child(3) .govuk-tag")).to_have_text("SEN Support")
    assert [e for e in page.script_errors if e.startswith("uncaught")] == []


def test_a_teacher_raises_a_concern_without_javascript(new_page, live_server, teacher, register_school):
    page = new_page(java_script_enabled=False)
    sign_in(page, live_server, teacher)
    assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")
    page.goto(f"{live_server.url}/pupils/")
    expect(page.locator("#result-count")).to_have_text("15 pupils.")  # Class 4B only
    page.get_by_label("SEN status").select_option(label="No SEN")
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("link", name="Peter Rabbit").click()
    page.get_by_role("link", name="Raise a concern").click()

    page.get_by_role("button", name="Record the concern").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
    page.get_by_label("What have you noticed?").fill("Puts his head down when asked to write more than a sentence.")
    page.get_by_role("button", name="Record the concern").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Concern about Peter Rabbit")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Concern recorded")
    page.get_by_label("Note or evidence").fill("Writing sample from Tuesday: three words in twenty minutes.")
    page.get_by_role("button", name="Add evidence or note").click()
    expect(page.locator("main")).to_contain_text("three words in twenty minutes")
    screenshot(page, "11-no-js-concern")
    page.get_by_role("link", name="Back to Peter Rabbit").click()
    expect(page.locator("h1 .govuk-tag")).to_have_text("Monitoring")


def test_register_fits_a_phone_screen(new_page, live_server, senco, register_school):
    page = new_page(
        viewport={"width": 375, "height": 812},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    sign_in(page, live_server, senco)
    page.goto(f"{live_server.url}/pupils/")
    expect(page.locator("#result-count")).to_have_text("30 pupils.")
    overflow = wider_than_screen(page)
    assert overflow["wide"] == [], f"wider than the {overflow['width']}px screen: {overflow['wide']}"
    assert overflow["scrollWidth"] <= overflow["width"], overflow
    wrapper = page.locator(".sen-table-wrap")
    assert wrapper.evaluate("el => getComputedStyle(el).overflowX") == "auto"
    screenshot(page, "12-register-phone")
    axe_check(page)

    # The header still shows who is signed in; the service navigation folds behind "Menu".
    header = page.locator("header.govuk-template__header")
    expect(header.get_by_role("link", name="sensupport", exact=True)).to_be_visible()
    expect(header).to_contain_text("Sam Senco")
    expect(header.get_by_role("button", name="Sign out")).to_be_visible()
    menu = header.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(header.get_by_role("link", name="SEN register")).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(header.get_by_role("link", name="SEN register")).to_be_visible()
    screenshot(page, "12b-register-phone-menu-open")
    axe_check(page)


def test_pages_run_their_scripts_within_the_content_security_policy(new_page, live_server, senco, register_school):
    page = new_page()
    sign_in(page, live_server, senco)
    page.goto(f"{live_server.url}/pupils/{register_school['Isla Jones'].pk}/")
    csp = page.request.get(page.url).headers.get("content-security-policy", "")
    assert "'nonce-" in csp, csp
    assert page.script_errors == []


def test_a_teacher_cannot_open_a_pupil_in_another_class(new_page, live_server, teacher, register_school):
    page = new_page()
    sign_in(page, live_server, teacher)
    flopsy = register_school["Flopsy Rabbit"]  # Class 3A; the teacher teaches Class 4B
    response = page.goto(f"{live_server.url}/pupils/{flopsy.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("main")).not_to_contain_text("Flopsy")
    screenshot(page, "13-teacher-other-class-404")
    axe_check(page)
    response = page.goto(f"{live_server.url}/pupils/{flopsy.pk}/concerns/new/")
    assert response.status == 404
    # Their own class's pupil opens.
    response = page.goto(f"{live_server.url}/pupils/{register_school['Peter Rabbit'].pk}/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_contain_text("Peter Rabbit")
