"""The Local Offer in the browser (issue 13).

A parent, not signed in, on a phone (375 px wide), searches the Local Offer by need and age, opens a
service, and tells the LA about a problem with the page (first with nothing written: the error is
named). The LA's officer reads the feedback on the Local Offer page. Every public page is checked
with axe (zero violations), for nothing wider than the screen, and saved as a screenshot in
test-artifacts/. No JavaScript is needed: the feedback form sits in a native <details>.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sensupport.local_offer.models import Feedback
from sensupport.local_offer.tests.conftest import directory  # noqa: F401  (the directory's fixture)

from .conftest import axe_check, screenshot, sign_in, wider_than_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


def check(page, name: str) -> None:
    screenshot(page, name)
    axe_check(page)
    sizes = wider_than_screen(page)
    assert sizes["scrollWidth"] <= sizes["width"], sizes
    assert not page.script_errors, page.script_errors


def test_a_parent_searches_on_a_phone_opens_a_service_and_leaves_feedback(
    new_page,
    live_server,
    directory,  # noqa: F811  (the fixture imported above)
    la_officer,
):
    page = new_page(viewport=PHONE)
    page.goto(f"{live_server.url}/local-offer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find support for children and young people with SEND")
    check(page, "local-offer-1-search")

    page.get_by_label("Need").select_option(label="Autism")
    page.get_by_label("Age of the child or young person").fill("8")
    page.get_by_role("button", name="Search").click()
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Autism family support group")).to_be_visible()
    expect(results.get_by_role("link", name="Teen social club")).to_have_count(0)  # 12 to 18
    expect(page.locator("#results-heading")).to_have_text("1 service found")
    check(page, "local-offer-2-results")

    # A bad age is named, and the list still shows.
    page.get_by_label("Age of the child or young person").fill("eight")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the age as a number of years")
    check(page, "local-offer-3-bad-age")

    page.goto(f"{live_server.url}/local-offer/?need={directory.autism.pk}&age=8")
    page.locator("#results").get_by_role("link", name="Autism family support group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Autism family support group")
    details = page.locator("#service-details")
    for text in ("Ages 0 to 25", "Drop in", "Free", "01632 960000", "Riverside Hub", "Saturday, 10:00 to 12:00"):
        expect(details).to_contain_text(text)
    check(page, "local-offer-4-service")

    # Feedback: nothing written first, then a message.
    page.get_by_text("Tell us about a problem with this page").click()
    check(page, "local-offer-5-feedback-open")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your feedback")
    check(page, "local-offer-6-feedback-error")
    page.get_by_label("Tell us what is wrong with this page").fill("The Saturday group now starts at 10:30.")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Thank you for your feedback")
    expect(page.get_by_role("heading", level=1)).to_have_text("Autism family support group")
    check(page, "local-offer-7-thanks")
    assert Feedback.objects.get().service == directory.support_group

    # A stale entry warns the visitor.
    page.goto(f"{live_server.url}/local-offer/services/{directory.old_entry.pk}/")
    expect(page.locator(".govuk-warning-text")).to_contain_text("last checked more than a year ago")
    check(page, "local-offer-8-stale")

    # The LA's officer reads it.
    officer = new_page()
    sign_in(officer, live_server, la_officer)
    officer.goto(f"{live_server.url}/local-offer/manage/")
    expect(officer.locator("body")).to_contain_text("The Saturday group now starts at 10:30.")
    expect(officer.locator("#stale + ul")).to_contain_text("Toy library")
    screenshot(officer, "local-offer-9-officer")
    axe_check(officer)
