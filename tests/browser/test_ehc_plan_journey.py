"""Willow Bank, the demo's special school, in the browser (issue 12): the SENCO's home page counts
the school's EHC plans and their annual reviews (one overdue, three due soon), the school-wide page
lists them with the phase transfers, and the SENCO arranges the overdue review, records the meeting
and sends the school's report with the family's and the pupil's views. axe checks every page, the
report's errors too."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import PASSWORD, axe_check, sign_in, wider_than_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_willow_banks_senco_follows_the_annual_reviews(new_page, live_server, settings, tmp_path):
    from sensupport.accounts.models import User
    from sensupport.demo import builder
    from sensupport.ehc.models import AnnualReview

    settings.MEDIA_ROOT = tmp_path
    builder.demo_load()
    senco = User.objects.get(username="senco@willow.demo.sensupport.test")
    senco.set_password(PASSWORD)
    senco.save()
    today = timezone.localdate()

    page = new_page()
    sign_in(page, live_server, senco)
    panel = page.locator("#ehc-plans-panel")
    expect(panel).to_contain_text(
        "55 pupils with an EHC plan recorded here: 1 annual review overdue, 3 due in the next"
    )
    axe_check(page)

    panel.get_by_role("link", name="All EHC plans and annual reviews").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("EHC plans and annual reviews")
    expect(page.locator("#ehc-plan-counts")).to_contain_text("1 annual review overdue, 3 due in the next eight weeks")
    expect(page.locator("#phase-transfers")).to_be_visible()
    first = page.locator("#ehc-plans-table tbody tr").first
    expect(first).to_contain_text("Overdue")
    name = first.locator("a").first.inner_text()
    axe_check(page)

    first.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{name}'s EHC plan")
    expect(page.locator("#ehc-next-review")).to_contain_text("Overdue")
    expect(page.locator("#ehc-plan-sections")).to_contain_text("Community special school")
    axe_check(page)

    page.get_by_role("link", name="Arrange the annual review").click()
    page.get_by_label("Date of the review meeting").fill(today.isoformat())
    axe_check(page)
    page.get_by_role("button", name="Arrange the review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Annual review meeting arranged")
    axe_check(page)

    page.get_by_role("link", name="Record the meeting").click()
    page.get_by_label("Who came?").fill("Mum, class teacher, SENCO, speech and language therapist")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The review meeting recorded.")

    page.get_by_role("link", name="Write and send the report").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the report")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose what the meeting recommends")
    axe_check(page)
    page.get_by_label("The family's views, in their words").fill("We would like more time in the sensory room.")
    page.get_by_label("The pupil's views, in their words").fill("I like swimming best.")
    page.get_by_label("The report: progress towards each outcome, and what the meeting agreed").fill(
        "Good progress in communication; travel training to start next term."
    )
    page.get_by_label("Amend the plan").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The school's report recorded.")
    main = page.locator("main")
    expect(main).to_contain_text("I like swimming best.")
    expect(main).to_contain_text("We would like more time in the sensory room.")
    axe_check(page)

    review = AnnualReview.objects.get(plan__pupil__school=senco.school, meeting_on=today)
    assert (review.held_on, review.report_sent_on, review.recommendation) == (today, today, "amend")

    page.goto(f"{live_server.url}/ehc/plans/")
    expect(page.locator("#ehc-plan-counts")).to_contain_text("0 annual reviews overdue, 3 due in the next eight weeks")
    axe_check(page)
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    overflow = wider_than_screen(page)
    assert not overflow["wide"], overflow  # the tables scroll inside their own frames
    axe_check(page)
    assert not page.script_errors, page.script_errors


def test_a_parent_reads_the_ehc_plan_and_review_dates_on_a_phone(
    new_page, live_server, parent, pupil, la_officer, senco
):
    import datetime as dt

    from sensupport.ehc import plan_services
    from sensupport.ehc.tests.plans.conftest import SECTIONS
    from sensupport.pupils.models import PupilNeed

    today = timezone.localdate()
    pupil.sen_status, pupil.sen_status_since = "K", today - dt.timedelta(days=400)
    pupil.save()
    PupilNeed.objects.create(pupil=pupil, need_type="SLCN", rank=1, start_date=pupil.sen_status_since)
    draft = plan_services.ehc_plan_start(actor=la_officer, pupil=pupil, sections=SECTIONS)
    plan = plan_services.ehc_plan_issue(actor=la_officer, version=draft, issued_on=today - dt.timedelta(days=340)).plan
    meeting = today + dt.timedelta(days=18)
    plan_services.annual_review_schedule(actor=senco, plan=plan, meeting_on=meeting)

    page = new_page(viewport={"width": 375, "height": 812})
    sign_in(page, live_server, parent)
    page.goto(f"{live_server.url}/family/children/{pupil.pk}/")
    page.get_by_role("link", name="Peter's EHC plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Peter's EHC plan")
    dates = page.locator("#family-ehc-dates")
    expect(dates).to_contain_text(f"The review meeting is on {meeting:%A %-d %B %Y}")
    expect(dates).to_contain_text("You will be invited at least two weeks before.")
    expect(page.locator("main")).to_contain_text(SECTIONS["outcomes"])
    axe_check(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways ({width} px wide)"
    assert not page.script_errors, page.script_errors
