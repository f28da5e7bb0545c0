"""A SENCO brings in attendance, finds Peter among the pupils to look at, reads his progress page
(charts beside their tables, at 375 px too) and raises a concern filled with the evidence; his
mother sees his own scores in plain words. Every page checked with axe."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from sensupport.progress.tests.conftest import classmates, slipping_now  # noqa: F401  (Peter slipping)

from .conftest import axe_check, csv_file, sign_in, wider_than_screen

pytestmark = pytest.mark.browser


def test_senco_finds_peter_to_look_at_and_raises_a_concern(new_page, live_server, senco, pupil, slipping_now):  # noqa: F811
    from playwright.sync_api import expect

    page = new_page()
    sign_in(page, live_server, senco)
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=120), today - dt.timedelta(days=10)
    page.goto(f"{live_server.url}/import/")
    page.get_by_role("radio", name=re.compile(r"^Attendance")).check()
    page.get_by_label("Choose a file").set_input_files(
        files=[
            {
                "name": "attendance.csv",
                "mimeType": "text/csv",
                "buffer": csv_file(
                    "UPN,From,To,PossibleSessions,AttendedSessions", f"{pupil.upn},{start},{end},150,120"
                ),
            }
        ]
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check what the import will change")
    axe_check(page)
    page.get_by_role("button", name="Confirm and import").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("attendance.csv imported")

    page.goto(f"{live_server.url}/progress/to-look-at/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pupils to look at")
    expect(page.get_by_text("Persistent absence")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Peter Rabbit", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Progress: Peter Rabbit")
    expect(page.locator("svg").first).to_be_visible()
    axe_check(page)
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    overflow = wider_than_screen(page)
    assert not overflow["wide"] or overflow["scrollWidth"] <= overflow["width"] + 1, overflow
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Raise a concern with this evidence").click()
    expect(page.get_by_label("What have you noticed?")).to_contain_text("classmates who started where Peter did")
    axe_check(page)
    page.get_by_role("button", name="Record the concern").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Concern recorded")


def test_his_mother_sees_his_own_scores_only(new_page, live_server, parent, pupil, slipping_now):  # noqa: F811
    from playwright.sync_api import expect

    page = new_page()
    sign_in(page, live_server, parent)
    page.goto(f"{live_server.url}/family/children/{pupil.pk}/")
    page.get_by_role("link", name=re.compile("test scores and attendance")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How Peter is getting on")
    expect(page.get_by_text("classmates")).to_have_count(0)
    axe_check(page)
