"""The timetable and SEN funding pages in a real browser, at desktop width and on a 375 px phone:
axe finds nothing, and nothing is wider than the screen."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from sensupport.funding import services as funding
from sensupport.funding.tests.conftest import cost_support
from sensupport.plans.tests.conftest import assessed, draft, on_support  # noqa: F401
from sensupport.provision.rules import financial_year_start
from sensupport.timetable.tests.conftest import lesson

from .conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def world(draft, senco, head, school):  # noqa: F811
    import datetime as dt

    from sensupport.funding.models import Element2Threshold

    # A live-server test flushes the database after each test, data migrations' rows with it.
    Element2Threshold.objects.get_or_create(effective_from=dt.date(2013, 4, 1), defaults={"amount": Decimal("6000")})
    pupil = draft.pupil
    for day in range(5):
        lesson(pupil, day, "09:00", "10:00", "Mathematics", "4M1")
        lesson(pupil, day, "10:15", "11:15", "English", "4E")
    cost_support(draft, senco, hourly="40.00")
    fy = financial_year_start(timezone.localdate())
    funding.budget_set(
        actor=senco,
        school=school,
        financial_year_start=fy,
        notional_sen_budget=Decimal("50000"),
        imf_allocation=Decimal("8000"),
    )
    request = funding.topup_create(actor=senco, pupil=pupil, amount_requested=Decimal("1600"), case="Needs 1:1")
    strategy = funding.strategy_draft(actor=senco, school=school, financial_year_start=fy)
    funding.strategy_publish(actor=head, strategy=strategy)
    return {"pupil": pupil, "request": request, "school": school}


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 375, "height": 800}], ids=["desktop", "phone"]
)
def test_the_pages_pass_axe_and_fit_the_screen(new_page, live_server, senco, world, viewport):
    p, r = world["pupil"].pk, world["request"].pk
    page = new_page(viewport=viewport)
    sign_in(page, live_server, senco)
    failures = {}
    for path in [
        f"/pupils/{p}/timetable/",
        "/funding/element-2/",
        "/funding/budget/",
        f"/pupils/{p}/top-up/new/",
        f"/pupils/{p}/top-up/{r}/",
        "/funding/inclusion-strategy/",
        "/funding/inclusion-strategy/edit/",
        f"/inclusion-strategy/?school={world['school'].urn}",
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        try:
            axe_check(page)
        except AssertionError as error:
            failures[path] = str(error)[:2000]
        if viewport["width"] == 375:
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                failures[path] = f"{overflow}px wider than the screen"
    assert not failures, "\n\n".join(f"{path}:\n{text}" for path, text in failures.items())
