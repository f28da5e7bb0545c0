"""A parent's journey on a phone: sign in with a code from an email, find their child, read the
plan in plain language and a meeting summary, then give and withdraw consent for sharing with an
educational psychologist.

Every page is 375 px wide (a small phone), checked with axe (zero violations), checked for
sideways scrolling, and saved as a screenshot in test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from sensupport.plans.tests.conftest import agreed, assessed, draft, on_support  # noqa: F401

from .conftest import axe_check, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def family_setup(parent, pupil, agreed, senco, professional):  # noqa: F811
    from sensupport.family.consent import consent_request
    from sensupport.family.models import MeetingSummary

    MeetingSummary.objects.create(
        pupil=pupil,
        held_on=timezone.localdate() - dt.timedelta(days=3),
        title="Meeting to agree the support plan",
        what_was_said="We talked about mornings and the afternoon tiredness.",
        agreed="A rest break after lunch.",
        actions="The class teacher warns Peter of changes. Mum tells the school about bad nights.",
    )
    consent_request(
        pupil=pupil,
        actor=senco,
        kind="sharing",
        professional=professional,
        purpose="So the educational psychologist can read Peter's plan before she meets him",
    )
    return pupil


def check(page, name: str) -> None:
    screenshot(page, f"parent-{name}")
    axe_check(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name}: the page scrolls sideways ({width} px wide)"


def success_banner(page):
    return page.locator(".govuk-notification-banner--success")


def test_parent_signs_in_with_a_code_reads_the_plan_and_gives_then_withdraws_consent(
    new_page, live_server, parent, family_setup, professional
):
    pupil = family_setup
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)

    # Staff sign-in page, then the family route.
    page.goto(f"{live_server.url}/accounts/sign-in/")
    check(page, "01-staff-sign-in")
    page.get_by_role("link", name="Parents, carers and young people: sign in with a code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in with a code")
    check(page, "02-code-request")

    mail.outbox.clear()
    page.get_by_label("Email address").fill(parent.email)
    page.get_by_role("button", name="Send me a code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.locator("main")).to_contain_text("If that address is registered, we have sent a code to it.")
    check(page, "03-code-enter")

    assert len(mail.outbox) == 1 and mail.outbox[0].to == [parent.email]
    code = re.search(r"\b(\d{6})\b", mail.outbox[0].body).group(1)

    # A wrong code first: the error is explained and linked.
    page.get_by_label("Sign-in code").fill("12345")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the code as 6 numbers")
    check(page, "04-code-error")

    page.get_by_label("Sign-in code").fill(code)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/family/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My children")
    check(page, "05-my-children")

    # The child, and the plan in plain language.
    page.get_by_role("link", name=pupil.display_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(pupil.display_name)
    main = page.locator("main")
    expect(main.get_by_role("heading", name="What makes school hard for Peter")).to_be_visible()
    expect(main.get_by_role("heading", name="What you can do at home")).to_be_visible()
    expect(main).to_contain_text("Rest break after lunch")
    expect(main).to_contain_text("Anxiety at transitions")
    expect(main).to_contain_text("The school has asked for your consent.")
    check(page, "06-child")

    page.get_by_role("link", name="Open the plan on its own page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Peter’s support plan: version 1")
    expect(page.locator("main")).to_contain_text("This is the plan in use now.")
    check(page, "07-plan")

    page.get_by_role("link", name="Back to Peter").click()
    page.get_by_role("link", name="Meeting to agree the support plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meeting to agree the support plan")
    expect(page.locator("main")).to_contain_text("Mum tells the school about bad nights.")
    check(page, "08-summary")

    # Consent: give, then withdraw.
    page.get_by_role("link", name="Back to Peter").click()
    page.get_by_role("link", name="Consent: sharing and referrals").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consent: sharing and referrals")
    expect(page.locator("main")).to_contain_text("Waiting for your answer")
    check(page, "09-consents-asked")

    page.get_by_role("button", name=re.compile(r"^Give consent")).click()
    expect(success_banner(page)).to_contain_text("You have given consent. Pat Psychologist can now see Peter’s record.")
    expect(page.locator("main")).to_contain_text("Given on")
    check(page, "10-consent-given")

    from sensupport.pupils.models import Pupil

    assert Pupil.objects.visible_to(professional).filter(pk=pupil.pk).exists()

    page.get_by_role("button", name=re.compile(r"^Withdraw consent")).click()
    expect(success_banner(page)).to_contain_text(
        "You have withdrawn consent. Pat Psychologist cannot see Peter’s record."
    )
    expect(page.locator("main")).to_contain_text("Withdrawn on")
    check(page, "11-consent-withdrawn")

    assert not Pupil.objects.visible_to(professional).filter(pk=pupil.pk).exists()
    assert page.script_errors == []
