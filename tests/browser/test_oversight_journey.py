"""Oversight in a real browser (issue 13): the LA officer opens the LA dashboard, filters the school
comparison, drills down to a school and reads its figures; the head prepares the Ofsted case
sample. Axe finds nothing on any page, at desktop width and on a 375 px phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sensupport.oversight.summaries import summaries_refresh
from sensupport.oversight.tests.conftest import sen_pupils
from sensupport.plans.tests.conftest import agreed, assessed, draft, on_support  # noqa: F401

from .conftest import axe_check, screenshot, sign_in, wider_than_screen

pytestmark = pytest.mark.browser


@pytest.fixture
def world(agreed, school, la):  # noqa: F811
    from sensupport.core.factories import SchoolFactory

    sen_pupils(school, 7, others=60)
    sen_pupils(school, 2, status="E", need="ASD")
    hill = SchoolFactory(
        local_authority=la,
        name="Hill Secondary",
        phase="secondary",
        establishment_type=34,
        urn="100951",
        establishment_number="4951",
    )
    sen_pupils(hill, 12, need="SPLD", others=120)
    summaries_refresh()
    return {"school": school, "hill": hill}


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 375, "height": 800}], ids=["desktop", "phone"]
)
def test_officer_goes_from_the_la_dashboard_to_a_schools_figures(new_page, live_server, la_officer, world, viewport):
    page = new_page(viewport=viewport)
    sign_in(page, live_server, la_officer)
    if viewport["width"] > 640:  # on a phone the menu is folded away: the officer follows the address
        page.get_by_role("link", name="SEN Support oversight").first.click()
        page.wait_for_load_state()
    else:
        page.goto(f"{live_server.url}/oversight/")
    expect(page.get_by_role("heading", name="SEN Support oversight")).to_be_visible()
    axe_check(page)
    assert not wider_than_screen(page)["wide"]
    page.get_by_label("Phase").select_option("secondary")
    page.get_by_role("button", name="Show schools").click()
    page.wait_for_load_state()
    comparison = page.locator("table#schools")
    expect(comparison.get_by_text("Hill Secondary")).to_be_visible()
    expect(comparison.get_by_text("Oak Primary")).to_have_count(0)
    page.get_by_label("Phase").select_option("")
    page.get_by_role("button", name="Show schools").click()
    page.wait_for_load_state()
    page.locator("table#schools").get_by_role("link", name="Oak Primary").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Oak Primary", level=1)).to_be_visible()
    needs = page.locator("table#needs")
    assert needs.get_by_role("row", name="Autistic spectrum disorder").get_by_text("fewer than 5").count() >= 1
    assert page.locator("#no-plan").get_by_role("link").count() >= 1  # pupils on SEN Support without a plan
    axe_check(page)
    assert not wider_than_screen(page)["wide"]
    if viewport["width"] == 1280:
        screenshot(page, "oversight-school")


def test_head_prepares_an_ofsted_case_sample(new_page, live_server, head, world):
    page = new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server, head)
    page.get_by_role("link", name="SEN Support oversight").first.click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Oak Primary", level=1)).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Prepare an Ofsted case sample").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Propose a spread").click()
    page.wait_for_load_state()
    expect(page.locator("input[name=pupils]:checked")).to_have_count(6)
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the PDF").click()
    assert download.value.suggested_filename.startswith("case-sample-")
