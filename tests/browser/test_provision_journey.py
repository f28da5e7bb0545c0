"""The provision map in the browser: the SENCO builds a group from the catalogue and gives Peter a
place, the teaching assistant logs a session on a 375 px phone, and the map and Peter's cost show
it. Every page is checked with axe."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from sensupport.plans.tests.conftest import agreed, assessed, draft, on_support  # noqa: F401  (plan fixtures)

from .conftest import axe_check, screenshot, sign_in, wider_than_screen

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def catalogue(senco):
    from sensupport.provision import services

    role = services.pay_role_add(
        actor=senco, name="Teaching assistant", hourly_cost=Decimal("18.00"), valid_from=dt.date(2020, 4, 1)
    )
    return services.intervention_save(
        actor=senco,
        name="Precision teaching",
        broad_area="Cognition and learning",
        barrier_keys=[],
        sessions_per_week=Decimal("1"),
        minutes_per_session=30,
        group_size=1,
        pay_role=role,
        resources_cost=Decimal("0"),
        measure_name="Words read correctly in a minute",
    )


def test_senco_builds_a_group_the_ta_logs_a_session_and_the_cost_shows(
    new_page,
    live_server,
    senco,
    ta,
    agreed,  # noqa: F811  (plans' fixture)
    catalogue,
    transactional_db,
):
    pupil = agreed.pupil
    today = dt.date.today()
    weekday = today.weekday() if today.weekday() < 5 else 0

    page = new_page()
    sign_in(page, live_server, senco)
    page.get_by_role("link", name="Provision map").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Provision map")
    axe_check(page)
    page.get_by_role("link", name="Interventions and support").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Interventions and support")
    axe_check(page)
    page.get_by_role("link", name=re.compile("Start a group")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a group")
    axe_check(page)
    page.get_by_label("Group name").fill("Precision teaching Y4")
    page.get_by_role("checkbox", name=ta.display_name).check()
    page.locator("#id_slot_1_day").select_option(str(weekday))
    page.locator("#id_slot_1_time").fill("09:15")
    page.get_by_role("button", name="Start the group").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Precision teaching Y4 set up")
    axe_check(page)
    page.get_by_role("link", name="Give a pupil a place").click()
    page.get_by_label("Pupil").select_option(label=f"{pupil.display_name} (Year {pupil.year_group})")
    page.get_by_label("Which lessons does it replace?").fill("Assembly")
    axe_check(page)
    page.get_by_role("button", name="Give a place").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has a place")
    expect(page.locator("main table")).to_contain_text(pupil.display_name)

    # The teaching assistant, on a phone.
    phone = new_page(viewport=PHONE)
    sign_in(phone, live_server, ta)
    expect(phone.locator("#my-sessions-heading")).to_have_text("My sessions this week")
    axe_check(phone)
    phone.get_by_role("link", name="Precision teaching Y4").first.click()
    phone.get_by_role("link", name="Log a session").click()
    expect(phone.get_by_role("radio", name="Held")).to_be_checked()
    expect(phone.get_by_role("checkbox", name=pupil.display_name)).to_be_checked()
    assert wider_than_screen(phone)["wide"] == [], wider_than_screen(phone)
    axe_check(phone)
    screenshot(phone, "provision-session-log-375")
    phone.get_by_role("button", name="Save").click()
    expect(phone.locator(".govuk-notification-banner--success")).to_contain_text("Session logged")
    expect(phone.locator("main")).to_contain_text("1 session held")
    axe_check(phone)

    # The map and Peter's cost.
    page.goto(f"{live_server.url}/provision-map/")
    expect(page.locator("main")).to_contain_text("Precision teaching")
    row = page.locator("tr", has_text=pupil.display_name)
    expect(row).not_to_contain_text("No cost")
    axe_check(page)
    row.get_by_role("link", name=pupil.display_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Support and its cost")
    # One held 30-minute session at £18 an hour, one-to-one.
    expect(page.locator("main")).to_contain_text("£9.00")
    axe_check(page)
