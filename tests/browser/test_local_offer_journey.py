"""The Local Offer in the browser (issue 13).

A parent, not signed in, on a phone (375 px wide), searches the Local Offer by need and age, opens a
service, and tells the LA about a problem with the page (first with nothing written: the error is
named). The LA's officer reads the feedback on the Local Offer page. Then the editors' pages: the officer
approves a provider's change, the provider's editor proposes one, the SENCO signposts Peter's
support to a service and his mother reads it on her phone. Every public page is checked
with axe (zero violations), for nothing wider than the screen, and saved as a screenshot in
test-artifacts/. No JavaScript is needed: the feedback form sits in a native <details>.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sensupport.local_offer.models import Feedback, Signpost
from sensupport.local_offer.tests.conftest import change, directory, line  # noqa: F401  (the directory's fixtures)
from sensupport.plans.tests.conftest import agreed, assessed, draft, on_support  # noqa: F401  (plan fixtures)

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

    page.goto(f"{live_server.url}/local-offer/?need=Autism&age=8")
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


def test_the_editors_pages_and_a_signposted_plan(
    new_page,
    live_server,
    directory,  # noqa: F811
    change,  # noqa: F811
    line,  # noqa: F811
    la_officer,
    professional,
    senco,
    parent,
    pupil,
):
    # The LA's officer: the queue, a provider, a new service and provider, the change, categories.
    officer = new_page()
    sign_in(officer, live_server, la_officer)
    for path in (
        "/local-offer/manage/",
        f"/local-offer/manage/providers/{directory.group.pk}/",
        "/local-offer/manage/services/new/",
        "/local-offer/manage/providers/new/",
        f"/local-offer/manage/services/{directory.support_group.pk}/",
    ):
        officer.goto(f"{live_server.url}{path}")
        screenshot(officer, "local-offer-editor-" + path.strip("/").replace("/", "-")[:60])
        axe_check(officer)
    officer.goto(f"{live_server.url}/local-offer/manage/providers/new/")
    officer.get_by_role("button", name="Add the provider").click()
    expect(officer.locator(".govuk-error-summary")).to_be_visible()
    axe_check(officer)
    officer.goto(f"{live_server.url}/local-offer/manage/changes/{change.pk}/")
    expect(officer.locator("#differences")).to_contain_text("01632 961111")
    axe_check(officer)
    officer.get_by_role("button", name="Approve and publish").click()
    expect(officer.locator(".govuk-notification-banner--success")).to_contain_text("approved and published")

    # The provider's editor proposes a change.
    provider = new_page(viewport=PHONE)
    sign_in(provider, live_server, professional)
    provider.goto(f"{live_server.url}/local-offer/my-entries/")
    check(provider, "local-offer-provider-entries")
    provider.get_by_role("link", name="propose a change to Teen social club").click()
    provider.get_by_label("Cost").fill("£4 a session")
    check(provider, "local-offer-provider-propose")
    provider.get_by_role("button", name="Send to the local authority").click()
    expect(provider.locator(".govuk-notification-banner--success")).to_contain_text("Change sent")

    # The SENCO signposts Peter's support line; his mother reads the service's details on her phone.
    school = new_page()
    sign_in(school, live_server, senco)
    school.goto(f"{live_server.url}/pupils/{pupil.pk}/support/{line.pk}/local-offer/?q=autism")
    axe_check(school)
    school.get_by_label("Autism family support group (Autism Together)").check()
    school.get_by_role("button", name="Save signpost").click()
    expect(school.locator("#local-offer-signposts")).to_be_visible()
    expect(school.locator("body")).to_contain_text("01632 961111")  # as approved a moment ago
    screenshot(school, "local-offer-plan-signposted")
    axe_check(school)
    assert Signpost.objects.get().service == directory.support_group

    family = new_page(viewport=PHONE)
    sign_in(family, live_server, parent)
    family.goto(f"{live_server.url}/family/children/{pupil.pk}/plans/{line.plan_id}/")
    expect(family.get_by_role("heading", name="Other help in your area")).to_be_visible()
    expect(family.locator("body")).to_contain_text("Autism family support group")
    check(family, "local-offer-family-plan")
