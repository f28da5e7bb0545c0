"""A family and the school in the browser: the parent prepares for a meeting, disagrees with part of
the plan and is shown the routes open to them, asks for an early review and writes to the school
(on a phone, 375 px wide); the SENCO opens the inbox, answers the early review request and resolves
the disagreement; the parent reads the answer.

Every family page is checked with axe (zero violations) and saved as a screenshot in
test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import axe_check, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def peters_plan(pupil, senco):
    """Peter Rabbit on SEN Support with an agreed plan: two barriers, an outcome, two pieces of support."""
    import datetime as dt

    from django.utils import timezone

    from sensupport.plans import services
    from sensupport.plans.models import Plan, Provision
    from sensupport.pupils import services as register
    from sensupport.pupils.census import RankedNeed

    today = timezone.localdate()
    register.parent_conversation_record(
        pupil=pupil,
        actor=senco,
        held_on=today - dt.timedelta(days=20),
        method="meeting",
        purpose="start_support",
        parents_present="Mrs Rabbit (mother)",
        summary="Agreed to start SEN Support.",
    )
    register.pupil_status_change(
        pupil=pupil, status="K", start_date=today - dt.timedelta(days=19), actor=senco, needs=[RankedNeed("SEMH", 1)]
    )
    pupil.refresh_from_db()
    assessment = services.assessment_start(pupil=pupil, actor=senco)
    anxiety = services.barrier_add(
        assessment=assessment,
        actor=senco,
        title="Anxiety at transitions",
        broad_area="Social, emotional and mental health",
    )
    fatigue = services.barrier_add(
        assessment=assessment, actor=senco, title="Fatigue in the afternoon", broad_area="Sensory and/or physical"
    )
    plan = services.plan_create_draft(pupil=pupil, actor=senco, assessment=assessment)
    services.plan_update_draft(
        plan=plan,
        actor=senco,
        expected_edit_version=plan.edit_version,
        review_date=today + dt.timedelta(weeks=10),
        pupil_views="I like knowing what is next",
        parent_views="Mornings are hard",
    )
    services.outcome_save(
        plan=plan,
        actor=senco,
        expected_edit_version=plan.edit_version,
        description="Peter arrives calm and stays in class",
    )
    services.provision_save(
        plan=plan,
        actor=senco,
        expected_edit_version=plan.edit_version,
        barrier_ids=[anxiety.pk],
        kind=Provision.Kind.ADJUSTMENT,
        description="Warning of changes to the day",
        delivered_by="Class teacher",
    )
    services.provision_save(
        plan=plan,
        actor=senco,
        expected_edit_version=plan.edit_version,
        barrier_ids=[fatigue.pk],
        kind=Provision.Kind.ADJUSTMENT,
        description="Rest break after lunch",
        delivered_by="TA",
    )
    plan.refresh_from_db()
    return services.plan_agree(
        plan=plan, actor=senco, agreed_on=today, how=Plan.AgreedHow.MEETING, agreed_with="Mrs Rabbit"
    )


def signed_in_page(new_page, live_server, user, **options):
    """A browser context carrying a session for the user (the code sign-in is tested elsewhere)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user, backend="sensupport.accounts.backends.PasswordBackend")
    page = new_page(**options)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def check(page, name: str) -> None:
    screenshot(page, name)
    axe_check(page)
    assert not page.script_errors, page.script_errors
    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"], (
        f"{name} scrolls sideways"
    )


def success_banner(page):
    return page.locator(".govuk-notification-banner--success")


def test_a_parent_prepares_disagrees_and_asks_for_an_early_review_and_the_senco_answers(
    new_page, live_server, peters_plan, parent, senco
):
    plan = peters_plan
    pupil = plan.pupil
    base = live_server.url
    page = signed_in_page(new_page, live_server, parent, viewport=PHONE)

    # ---- Prepare for the meeting.
    page.goto(f"{base}/family/children/{pupil.pk}/prepare/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Get ready for a meeting")
    expect(page.get_by_label("Date of the meeting (if you know it)")).to_have_value(plan.review_date.isoformat())
    check(page, "family-01-prepare")
    page.get_by_role("button", name="Save my preparation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Write something about your child")
    check(page, "family-02-prepare-error")
    page.get_by_label("What gets in the way for your child?").fill(
        "He is exhausted by Thursday and worries about the dinner hall."
    )
    page.get_by_label("What helps your child at home?").fill("A snack and ten quiet minutes before homework.")
    page.get_by_label("How will you measure my child's progress?").check()
    page.get_by_label("What can I do at home to help?").check()
    page.get_by_label("Your own questions").fill("Can he eat lunch somewhere quieter?")
    page.get_by_role("button", name="Save my preparation").click()
    expect(success_banner(page)).to_contain_text("Your preparation is saved")
    expect(page.locator("#prep-status")).to_contain_text("The school has not read it yet.")
    check(page, "family-03-prepare-saved")

    # ---- Disagree with part of the plan.
    page.goto(f"{base}/family/children/{pupil.pk}/plans/{plan.pk}/respond/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Do you agree with the plan?")
    check(page, "family-04-respond")
    page.get_by_label("I disagree with part of the plan").check()
    page.get_by_role("button", name="Send to the school").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose which parts of the plan you disagree with.")
    check(page, "family-05-respond-error")
    page.get_by_label("Support 2: Rest break after lunch").check()
    page.get_by_label(re.compile(r"^The date of the next review")).check()
    page.get_by_label("Why do you disagree?").fill(
        "One break is not enough, and ten weeks is too long to wait to look again."
    )
    page.get_by_role("button", name="Send to the school").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You disagree with part of the plan")
    expect(page.locator("#response-status")).to_contain_text("Waiting for an answer")
    routes = page.locator("#routes-list")
    expect(routes).to_contain_text("Talk to the SENCO or the head teacher")
    expect(routes).to_contain_text("SENDIASS")
    expect(routes).to_contain_text("Disagreement resolution or mediation")
    expect(routes).to_contain_text("must tell you within 6 weeks")
    check(page, "family-06-disagreement-and-routes")

    # ---- Ask for an early review.
    page.goto(f"{base}/pupils/{pupil.pk}/early-review/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for an early review")
    check(page, "family-07-early-review")
    page.get_by_label("Why is an early review needed?").fill(
        "He has stopped eating lunch since the new dinner hall rules."
    )
    page.get_by_role("button", name="Send the request").click()
    expect(success_banner(page)).to_contain_text("Your request has been sent to the SENCO")

    # ---- Write to the school.
    page.goto(f"{base}/family/children/{pupil.pk}/messages/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Messages with the school")
    check(page, "family-08-messages")
    page.get_by_label("Subject").fill("Lunchtimes")
    page.get_by_label("Your message").fill("Who can he talk to at lunchtime if he is upset?")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lunchtimes")
    expect(page.locator("#thread-messages")).to_contain_text("Who can he talk to at lunchtime")
    check(page, "family-09-thread")

    # ---- The SENCO's inbox.
    staff = new_page()
    sign_in(staff, live_server, senco)
    staff.goto(f"{base}/inbox/")
    expect(staff.get_by_role("heading", level=1)).to_have_text("Inbox")
    items = staff.locator("#inbox-items")
    expect(items.locator("[data-kind=prep]")).to_contain_text("Pam Parent (mother) has prepared")
    expect(items.locator("[data-kind=disagreement]")).to_contain_text("Answer due by")
    expect(items.locator("[data-kind=early_review]")).to_contain_text("asks for an early review")
    expect(items.locator("[data-kind=message]")).to_contain_text(
        "1 unread message from Pam Parent (mother): Lunchtimes"
    )
    screenshot(staff, "family-10-inbox")
    axe_check(staff)

    # The inbox works on a phone too; the SENCO answers the message there.
    phone = signed_in_page(new_page, live_server, senco, viewport=PHONE)
    phone.goto(f"{base}/inbox/")
    check(phone, "family-10b-inbox-phone")
    phone.locator("#inbox-items [data-kind=message] a").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Lunchtimes")
    phone.get_by_label("Your reply").fill("Mrs Hedgehog, the lunchtime supervisor: she knows him well.")
    phone.get_by_role("button", name="Send reply").click()
    expect(success_banner(phone)).to_contain_text("Reply sent.")
    check(phone, "family-10c-staff-thread-phone")

    # Answer the early review request.
    items.locator("[data-kind=early_review] a").click()
    staff.get_by_label("Your answer to the family").fill("Yes: let us meet next week to look at lunchtimes.")
    staff.get_by_role("button", name=re.compile("answer", re.IGNORECASE)).click()
    expect(success_banner(staff)).to_contain_text("Answer recorded.")

    # Resolve the disagreement.
    staff.goto(f"{base}/inbox/")
    expect(staff.locator("#inbox-items [data-kind=early_review]")).to_have_count(0)
    staff.locator("#inbox-items [data-kind=disagreement] a").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Pam Parent (mother) disagrees with part of the plan")
    expect(staff.locator("main")).to_contain_text("Support 2: Rest break after lunch")
    screenshot(staff, "family-11-resolve")
    axe_check(staff)
    staff.get_by_label("What was agreed or decided").fill(
        "We agreed a second rest break after morning play, and to review in four weeks."
    )
    staff.get_by_role("button", name="Record the resolution").click()
    expect(success_banner(staff)).to_contain_text("Resolution recorded.")
    expect(staff.locator("#inbox-items [data-kind=disagreement]")).to_have_count(0)

    # ---- The parent reads the answers.
    page.goto(f"{base}/family/children/{pupil.pk}/messages/")
    expect(page.locator("#threads")).to_contain_text("1 new")
    page.get_by_role("link", name="Lunchtimes").click()
    expect(page.locator("#thread-messages")).to_contain_text("Mrs Hedgehog")
    page.goto(f"{base}/family/children/{pupil.pk}/plans/{plan.pk}/respond/")
    page.get_by_role("link", name=re.compile("I disagree with part of the plan")).click()
    expect(page.locator("#response-status")).to_contain_text("Answered")
    expect(page.locator("#resolution")).to_contain_text("a second rest break after morning play")
    check(page, "family-12-resolved")
