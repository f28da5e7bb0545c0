"""Specialist advice that reaches the plan, in the browser (issue 12).

The SENCO records a review that decides "Seek specialist advice" and is taken to the referral form,
pre-filled from it; with the family's consent the referral goes to Northshire's EP service. The EP
signs in, accepts it, uploads her report and adds a recommendation. The SENCO accepts it into the
next plan version, credited to the report; Peter's mother reads it all, in plain English, on a phone.
Every page is checked with axe (zero violations) and saved as a screenshot in test-artifacts/.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from sensupport.demo.referrals import small_pdf
from sensupport.family import consent as consents
from sensupport.plans.tests.conftest import agreed, assessed, draft, on_support  # noqa: F401  (plan fixtures)
from sensupport.pupils.models import ProfessionalShare

from .conftest import axe_check, screenshot, sign_in, wider_than_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECOMMENDATION = "A five-minute movement break after lunch, every day"


def check(page, name: str) -> None:
    screenshot(page, name)
    axe_check(page)


def banner(page):
    return page.locator(".govuk-notification-banner--success")


@pytest.fixture
def ready(agreed, senco, parent, professional):  # noqa: F811
    """Peter's plan in force, his mother's consent to a referral given, his record shared with the EP."""
    pupil = agreed.pupil
    ask = consents.consent_request(pupil=pupil, actor=senco, kind="referral", purpose="To see the EP")
    consents.consent_give(consent=ask, parent=parent)
    ProfessionalShare.objects.create(professional=professional, pupil=pupil, shared_by=senco, purpose="EP")
    return agreed


def test_review_to_referral_to_report_to_recommendation_in_the_plan(
    new_page, live_server, senco, professional, parent, ready, tmp_path
):
    plan, pupil = ready, ready.pupil

    # ---- The SENCO records the review: seek specialist advice.
    page = new_page()
    sign_in(page, live_server, senco)
    page.goto(f"{live_server.url}/pupils/{pupil.pk}/plans/{plan.pk}/")
    page.get_by_role("link", name="Record the review").click()
    page.get_by_label("Who came?").fill("Mrs Rabbit, Sam Senco")
    page.get_by_role("group", name="Were the parents there?").get_by_label("Yes").check()
    page.get_by_role("group", name=re.compile("Peter arrives calm")).get_by_role("radio", name="Some progress").check()
    for provision in plan.provisions.all():
        support = page.get_by_role("group", name=re.compile(re.escape(provision.description)))
        support.get_by_role("radio", name="Delivered as planned").check()
        support.get_by_role("radio", name="Helped a little").check()
    page.get_by_role("radio", name="Seek specialist advice").check()
    page.get_by_label("What was said and agreed: who does what by when").fill(
        "Afternoons are still hard. SENCO to refer to the educational psychologist."
    )
    page.get_by_role("button", name="Record the review").click()

    # ---- Taken to the referral, pre-filled from the review.
    expect(banner(page)).to_contain_text("You decided to seek specialist advice")
    expect(page.get_by_role("heading", level=1)).to_have_text("Make a referral")
    expect(page.get_by_label("What has been tried, and what did you see? (optional)")).to_contain_text(
        "Afternoons are still hard."
    )
    expect(page.get_by_role("checkbox", name="Anxiety at transitions")).to_be_checked()
    check(page, "referral-01-form")
    page.get_by_label("Which service?").select_option(label="Educational Psychology Service")
    page.get_by_role("radio", name=re.compile("To see the EP")).check()
    page.get_by_label("What do you want the service's help with?").fill("Why does Peter leave class after lunch?")
    page.get_by_role("button", name="Send the referral").click()
    expect(banner(page)).to_contain_text("Referral sent to Educational Psychology Service")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Waiting less than a week so far")
    check(page, "referral-02-sent")
    referral_url = page.url

    # ---- The EP signs in, accepts, uploads her report and adds a recommendation.
    ep = new_page()
    sign_in(ep, live_server, professional)
    ep.get_by_role("link", name="Referrals", exact=True).first.click()
    check(ep, "referral-03-ep-list")
    ep.get_by_role("link", name=pupil.display_name).click()
    ep.get_by_role("radio", name="Yes, accept it").check()
    ep.get_by_role("button", name="Save the decision").click()
    expect(banner(ep)).to_contain_text("Referral accepted.")
    report = tmp_path / "ep-report.pdf"
    report.write_bytes(small_pdf(["Educational psychology report: Peter", RECOMMENDATION]))
    ep.get_by_label("Date of the report").fill(dt.date.today().isoformat())
    ep.get_by_label("The report", exact=True).set_input_files(str(report))
    ep.get_by_role("button", name="Upload the report").click()
    expect(banner(ep)).to_contain_text("Report uploaded.")
    ep.get_by_label("Recommendation").fill(RECOMMENDATION)
    ep.get_by_label("From which report? (optional)").select_option(index=1)
    ep.get_by_role("button", name="Add the recommendation").click()
    expect(banner(ep)).to_contain_text("Recommendation added.")
    check(ep, "referral-04-ep-accepted-report-recommendation")

    # ---- The SENCO accepts it into the next plan version.
    page.goto(referral_url)
    expect(page.get_by_role("link", name=re.compile(r"^Report of "))).to_be_visible()
    page.get_by_role("link", name=re.compile("^Act on it")).click()
    check(page, "referral-05-act-on-recommendation")
    page.get_by_role("radio", name="Adjustment in class").check()
    page.get_by_label("Who will deliver it?").fill("Teaching assistant")
    page.get_by_role("button", name="Accept into the plan").click()
    expect(banner(page)).to_contain_text("Added to version 2 of the plan (a draft)")
    expect(page.locator("main")).to_contain_text(
        f"{RECOMMENDATION} (recommended by Pat Psychologist (Educational psychology service), report of"
    )
    check(page, "referral-06-plan-draft")

    # ---- Peter's mother reads it on her phone.
    phone = new_page(viewport={"width": 375, "height": 812})
    sign_in_family(phone, live_server, parent)
    phone.goto(f"{live_server.url}/family/children/{pupil.pk}/")
    phone.get_by_role("link", name="Help from outside school").click()
    expect(phone.locator("main")).to_contain_text("The school is adding this to Peter's support plan.")
    expect(phone.locator("main")).to_contain_text("The school asked them on")
    assert wider_than_screen(phone)["wide"] == []
    check(phone, "referral-07-family-phone")


def sign_in_family(page, live_server, parent) -> None:
    """Families sign in with an emailed code; the browser test signs in with the session cookie."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(parent, backend="sensupport.accounts.backends.PasswordBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_the_service_administrator_adds_a_service_and_its_professional(
    new_page, live_server, service_admin, la, senco, pupil
):
    page = new_page()
    sign_in(page, live_server, service_admin)
    page.get_by_role("link", name="Outside services").click()
    check(page, "services-01-list")
    page.get_by_role("link", name="Add a service").click()
    page.get_by_role("button", name="Add the service").click()  # nothing filled in: the errors say what
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the service's name")
    check(page, "services-02-errors")
    page.get_by_label("Name of the service").fill("Northshire Speech and Language")
    page.get_by_role("radio", name="Speech and language therapy").check()
    page.get_by_label("Local authority").select_option(label=str(la))
    page.get_by_label("Usual waiting time in weeks (optional)").fill("12")
    page.get_by_role("button", name="Add the service").click()
    expect(banner(page)).to_contain_text("Northshire Speech and Language added.")
    page.get_by_label("Email address").fill("sal@salt.example")
    page.get_by_label("First name").fill("Sal")
    page.get_by_label("Last name").fill("Therapist")
    page.get_by_role("button", name="Add the professional").click()
    expect(banner(page)).to_contain_text("Sal Therapist added to Northshire Speech and Language.")
    check(page, "services-03-service")

    # The school now finds her, with her service, when it asks a family for consent.
    school = new_page()
    sign_in(school, live_server, senco)
    school.goto(f"{live_server.url}/pupils/{pupil.pk}/consents/")
    expect(school.get_by_label("Outside professional")).to_contain_text(
        "Sal Therapist (Northshire Speech and Language)"
    )
    check(school, "services-04-consent-form")
