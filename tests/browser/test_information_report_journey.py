"""The SEN information report in a real browser: the SENCO opens it from the menu, changes an item
in the school's own words and publishes it; a visitor who is not signed in reads it on a 375 px
phone. axe finds nothing on any page, nothing is wider than the phone, no pupil is named."""

from __future__ import annotations

import pytest

from sensupport.information_report.tests.conftest import pupils_with
from sensupport.provision.models import Intervention

from .conftest import axe_check, screenshot, sign_in, wider_than_screen

pytestmark = pytest.mark.browser

OUR_WORDS = "Every teaching assistant has had ELKLAN speech and language training this year."


@pytest.fixture
def figures(school):
    pupils = pupils_with(school, n=8, need="ASD", surname="Zzbrowser")
    pupils += pupils_with(school, n=3, need="SPLD", surname="Zzbrowser")
    Intervention.objects.create(
        school=school, name="Lego therapy", broad_area="Communication and interaction", description="Play in threes."
    )
    return pupils


def test_the_senco_publishes_and_a_visitor_reads_it_on_a_phone(new_page, live_server, senco, school, figures):
    page = new_page()
    sign_in(page, live_server, senco)
    page.get_by_role("link", name="SEN information report").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "SEN information report"
    assert "Not published yet" in page.content()
    axe_check(page)

    page.get_by_role("link", name="Change “Staff expertise and training”").click()
    page.wait_for_load_state()
    axe_check(page)
    page.get_by_label("Your words").fill("")
    page.get_by_role("button", name="Save").click()
    assert "There is a problem" in page.content()  # an empty item is refused, with the message
    axe_check(page)
    page.get_by_label("Your words").fill(OUR_WORDS)
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert OUR_WORDS in page.content()

    page.get_by_role("link", name="Change “The kinds of special educational needs we provide for”").click()
    page.wait_for_load_state()
    assert "Figures shown with this item" in page.content()
    axe_check(page)
    page.get_by_role("link", name="Back to the SEN information report").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Publish the report").click()
    page.wait_for_load_state()
    assert "Version 1 published" in page.content()
    axe_check(page)

    phone = new_page(viewport={"width": 375, "height": 800})
    response = phone.goto(f"{live_server.url}/schools/{school.urn}/sen-information-report/")
    assert response is not None and response.status == 200
    text = phone.content()
    assert OUR_WORDS in text and "Autistic spectrum disorder" in text and "fewer than 5" in text
    assert "Lego therapy" in text
    assert "Zzbrowser" not in text and "Kid0" not in text
    axe_check(phone)
    fit = wider_than_screen(phone)
    assert fit["scrollWidth"] <= fit["width"], fit
    screenshot(phone, "information-report-public-375")
    # A second publication: the visitor sees version 2 and can still read version 1.
    page.get_by_role("button", name="Publish a new version").click()
    page.wait_for_load_state()
    assert "Version 2 published" in page.content()
    phone.reload()
    assert "Earlier versions" in phone.content()
    phone.get_by_role("link", name="Version 1, published").click()
    phone.wait_for_load_state()
    assert "It has been replaced" in phone.content()
    axe_check(phone)
    assert wider_than_screen(phone)["scrollWidth"] <= 375
    pdf = phone.request.get(f"{live_server.url}/schools/{school.urn}/sen-information-report/report.pdf")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
