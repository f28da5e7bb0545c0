"""Pupil voice in the browser, on a phone (375 px wide): a parent fills in 'About me' with Peter and
goes through his school day part by part (one page a part, no JavaScript needed), sees the day
map and its suggestions; then the SENCO reads it and accepts a suggestion into the assessment.

Every page is checked with axe (zero violations) and saved as a screenshot in test-artifacts/.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from .conftest import axe_check, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


def signed_in_page(new_page, live_server, user, **options):
    """Sign in with the test client and hand its session cookie to the browser."""
    client = Client()
    client.force_login(user, backend="sensupport.accounts.backends.PasswordBackend")
    page = new_page(**options)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])
    return page


def check(page, name: str) -> None:
    screenshot(page, name)
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"], (
        f"{name}: scrolls sideways"
    )
    assert page.script_errors == []


DAY = {
    # label: (face, what makes it hard, what makes it easier)
    "Arriving at school": ("Good", "", ""),
    "Maths": ("OK", "", ""),
    "Morning break": ("Great", "", "Playing football"),
    "English": ("Hard", "Too much writing", "Telling the teacher my ideas"),
    "Lunch": ("Very hard", "It is too noisy in the hall", "Eating somewhere quiet"),
    "PE": ("OK", "", ""),
    "Moving between rooms": ("Good", "", ""),
    "Home time": ("Great", "", ""),
}


def test_parent_walks_through_the_day_on_a_phone_and_the_senco_accepts_a_suggestion(
    new_page, live_server, parent, senco, pupil
):
    base = live_server.url
    page = signed_in_page(new_page, live_server, parent, viewport=PHONE)

    # ---- About me, with picture prompts for a Year 4 pupil.
    page.goto(f"{base}/family/children/{pupil.pk}/about-me/")
    expect(page.get_by_role("heading", level=1)).to_have_text("About me")
    check(page, "voice-01-about-me")
    page.get_by_label("What are you good at?").fill("Lego and drawing dragons")
    page.get_by_label("What do you like doing at school?").fill("Art and playing football")
    page.get_by_label("What is hard at school?").fill("Lunch. It's so loud.")
    page.get_by_label("What helps you?").fill("Ear defenders and a quiet corner")
    page.get_by_label("Who helped Peter with this?").fill("Mum")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Saved")
    expect(page.locator("#about-me-latest")).to_contain_text("Lego and drawing dragons")
    check(page, "voice-02-about-me-saved")

    # ---- My day: the adult puts in the lessons.
    page.get_by_role("link", name="Go through Peter’s school day").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My school day")
    check(page, "voice-03-my-day-start")
    page.get_by_label("Lessons before morning break").fill("Maths")
    page.get_by_label("Lessons after morning break, before lunch").fill("English")
    page.get_by_label("Lessons after lunch").fill("PE")
    page.get_by_role("button", name="Start").click()

    # ---- One part a page.
    for n, (label, (face, hard, easier)) in enumerate(DAY.items(), start=1):
        expect(page.get_by_role("heading", level=1)).to_have_text(label)
        expect(page.locator(".govuk-caption-l")).to_contain_text(f"Part {n} of {len(DAY)}")
        if n == 1:
            # Saving without a face shows the error summary.
            page.get_by_role("button", name="Save and go on").click()
            expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a face")
            check(page, "voice-04-part-error")
        page.get_by_role("radio", name=face, exact=True).check()
        if hard:
            page.get_by_label("What makes it hard?").fill(hard)
        if easier:
            page.get_by_label("What makes it better?").fill(easier)
        if label in ("Arriving at school", "Lunch"):
            check(page, f"voice-05-part-{n}-{label}")
        page.get_by_role("button", name=re.compile(r"^Save and (go on|see the day map)$")).click()
        if n == 2:
            # Back goes to the part before, with its answer kept.
            page.get_by_role("link", name="Back").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("Maths")
            expect(page.get_by_role("radio", name="OK", exact=True)).to_be_checked()
            page.get_by_role("button", name="Save and go on").click()

    # ---- The day map.
    expect(page).to_have_url(re.compile(r"/my-day/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Peter’s day map")
    day = page.get_by_role("list", name="The day, part by part")
    expect(day.get_by_role("listitem")).to_have_count(len(DAY))
    expect(day.get_by_role("listitem").filter(has_text="Lunch")).to_contain_text("Very hard")
    expect(page.locator("main")).to_contain_text("Noise in the dining room")
    expect(page.locator("main")).to_contain_text("Recording work that shows what they know")
    check(page, "voice-06-day-map")

    # ---- The SENCO reads it and accepts a suggestion.
    senco_page = signed_in_page(new_page, live_server, senco, viewport=PHONE)
    senco_page.goto(f"{base}/pupils/{pupil.pk}/voice/")
    expect(senco_page.get_by_role("heading", level=1)).to_have_text("Pupil voice")
    expect(senco_page.locator("main")).to_contain_text("Lego and drawing dragons")
    check(senco_page, "voice-07-staff-voice")
    senco_page.get_by_role(
        "button", name=re.compile(r"^Accept into assessment\s*: Noise in the dining room \(Lunch\)$")
    ).click()
    expect(senco_page.locator(".govuk-notification-banner--success")).to_contain_text(
        "“Noise in the dining room” added to the barriers"
    )
    suggestion = senco_page.locator(".voice-suggestion", has_text="Noise in the dining room")
    expect(suggestion).to_contain_text("Accepted")
    expect(suggestion.get_by_role("button")).to_have_count(0)
    check(senco_page, "voice-08-accepted")

    from sensupport.plans.models import Barrier

    barrier = Barrier.objects.get(pupil=pupil, bank_key="dining-room-noise")
    assert barrier.where_when == "Lunch: It is too noisy in the hall"

    # The barrier is in the assessment the SENCO works in.
    assessment = barrier.statuses.get().assessment
    senco_page.goto(f"{base}/pupils/{pupil.pk}/assessments/{assessment.pk}/")
    expect(senco_page.locator("#views-grid")).to_contain_text("Noise in the dining room")
