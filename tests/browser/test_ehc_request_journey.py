"""An EHC needs-assessment request, in the browser (issue 12).

Peter's mother, on her phone, asks the council for an EHC needs assessment from the family portal:
her right, in plain English, with no gate. Northshire's LA officer finds it on the LA's list, records
that it was received and then the decision to assess; the deadlines (from clock.py) are on the page.
Peter's mother sees the same dates. Every page is checked with axe (zero violations) and saved as a
screenshot in test-artifacts/.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sensupport.ehc.clock import request_deadlines
from sensupport.plans.tests.conftest import on_support  # noqa: F401  (plan fixtures)

from .conftest import axe_check, screenshot, sign_in, wider_than_screen
from .test_referral_journey import sign_in_family

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page, name: str) -> None:
    screenshot(page, name)
    axe_check(page)


def test_the_parent_asks_for_an_assessment_and_the_officer_decides_to_assess(
    new_page,
    live_server,
    parent,
    la_officer,
    on_support,  # noqa: F811
):
    pupil = on_support

    # ---- Peter's mother, on her phone, from his page in the portal.
    phone = new_page(viewport={"width": 375, "height": 812})
    sign_in_family(phone, live_server, parent)
    phone.goto(f"{live_server.url}/family/children/{pupil.pk}/")
    phone.get_by_role("link", name="Ask for an EHC needs assessment").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Ask for an EHC needs assessment")
    expect(phone.locator("main")).to_contain_text("You have the right to ask for one yourself")
    check(phone, "ehc-request-01-family-form")
    phone.get_by_role("button", name="Send my request to Northshire").click()
    expect(phone.locator(".govuk-error-summary")).to_contain_text("Say why you are asking for an assessment")
    check(phone, "ehc-request-02-family-error")
    phone.get_by_label("Why are you asking for an assessment?").fill(
        "Peter is unhappy every day and has stopped learning, even with the help the school gives."
    )
    phone.get_by_role("button", name="Send my request to Northshire").click()
    expect(phone.locator(".govuk-notification-banner--success")).to_contain_text("sent to Northshire")
    expect(phone.locator("main")).to_contain_text("has not yet said it has received")
    assert wider_than_screen(phone)["wide"] == []
    check(phone, "ehc-request-03-family-sent")

    # ---- Northshire's officer: the LA's list, the request, the steps.
    page = new_page()
    sign_in(page, live_server, la_officer)
    page.get_by_role("link", name="EHC requests").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("EHC needs assessment requests to Northshire")
    check(page, "ehc-request-04-la-list")
    page.get_by_role("link", name=pupil.display_name).click()
    expect(page.locator("#stage")).to_have_text("Sent, not yet received by the local authority")
    check(page, "ehc-request-05-la-request")
    today = timezone.localdate()
    for step in ("Request received", "Decided to carry out an EHC needs assessment"):
        page.get_by_role("link", name="Record a step").click()
        page.get_by_role("radio", name=step).check()
        page.get_by_label("Date of the step").fill(today.isoformat())
        if step == "Request received":
            check(page, "ehc-request-06-la-step")
        page.get_by_role("button", name="Record the step").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(step)
    expect(page.locator("#stage")).to_have_text("Assessing")
    due = request_deadlines(today)
    final = f"{due['final_plan'].day} {due['final_plan']:%B %Y}"
    expect(page.locator("#deadlines")).to_contain_text(final)
    check(page, "ehc-request-07-la-assessing")

    # ---- The family sees the same dates.
    phone.reload()
    expect(phone.locator("main")).to_contain_text("Assessing")
    expect(phone.locator("#deadlines")).to_contain_text(final)
    check(phone, "ehc-request-08-family-assessing")


def test_the_school_sends_a_request_and_the_officer_records_an_exception(
    new_page,
    live_server,
    senco,
    la_officer,
    on_support,  # noqa: F811
):
    pupil = on_support

    # ---- The SENCO, from Peter's page: the checklist with its gaps, then the request.
    page = new_page()
    sign_in(page, live_server, senco)
    page.goto(f"{live_server.url}/pupils/{pupil.pk}/")
    page.get_by_role("link", name="EHC needs assessment requests").click()
    expect(page.locator("#checklist-items")).to_contain_text("No plan has been reviewed yet")
    check(page, "ehc-request-11-school-form")
    page.get_by_label("Why the school asks for an EHC needs assessment").fill(
        "Peter's needs are severe and lasting; SEN Support has not met them."
    )
    page.get_by_role("button", name="Send the request to Northshire").click()
    expect(page.locator("#stage")).to_have_text("Sent, not yet received by the local authority")
    expect(page.get_by_role("link", name="PDF")).to_be_visible()
    check(page, "ehc-request-12-school-sent")

    # ---- The officer records its receipt, then an exception to the time limits.
    officer = new_page()
    sign_in(officer, live_server, la_officer)
    officer.goto(page.url)
    officer.get_by_role("link", name="Record a step").click()
    officer.get_by_role("radio", name="Request received").check()
    officer.get_by_label("Date of the step").fill(timezone.localdate().isoformat())
    officer.get_by_role("button", name="Record the step").click()
    officer.get_by_role("link", name="Record an exception to the time limits").click()
    officer.get_by_role("button", name="Record the exception").click()
    expect(officer.locator(".govuk-error-summary")).to_contain_text("Choose which exception applies")
    check(officer, "ehc-request-13-exception-error")
    officer.get_by_role("radio", name="The school or college was closed for 4 weeks or more").check()
    officer.get_by_label("Why it applies").fill("The school was closed for five weeks after a flood.")
    officer.get_by_role("button", name="Record the exception").click()
    expect(officer.locator("#exception")).to_contain_text("closed for five weeks after a flood")
    check(officer, "ehc-request-14-exception-shown")
