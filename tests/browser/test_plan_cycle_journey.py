"""The graduated approach in the browser: assess, plan, agree, read, review, next version.

The SENCO assesses a pupil on SEN Support (a barrier from the strategy bank, a typed one, two
contributors who disagree, a settled judgement), writes the plan (a suggested strategy, typed
support, an outcome, views and a review date), records the parents' agreement; the class teacher
reads the one-page profile and confirms; the SENCO records the review, which starts version 2.
The plan PDF is downloaded and its first page rendered to PNG.

Every page visited is checked with axe (zero violations) and saved as a screenshot in
test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, axe_check, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BANK_BARRIER = "Anxiety at transitions and changes"  # strategy bank key: anxiety-transitions
TYPED_BARRIER = "Remembering what was just said"
SUGGESTED = "Warn of changes in advance"  # the bank's first strategy for anxiety-transitions


@pytest.fixture
def on_support(pupil, senco):
    """Peter Rabbit (Class 4B) on SEN Support after a recorded conversation with his mother."""
    from sensupport.pupils import services as register
    from sensupport.pupils.census import RankedNeed

    today = dt.date.today()
    register.parent_conversation_record(
        pupil=pupil,
        actor=senco,
        held_on=today - dt.timedelta(days=20),
        method="meeting",
        purpose="start_support",
        parents_present="Mrs Rabbit (mother)",
        summary="Agreed to start SEN Support and to plan it together.",
    )
    register.pupil_status_change(
        pupil=pupil,
        status="K",
        start_date=today - dt.timedelta(days=19),
        actor=senco,
        needs=[RankedNeed("SEMH", 1)],
    )
    pupil.refresh_from_db()
    return pupil


def check(page, name: str) -> None:
    screenshot(page, name)
    axe_check(page)


def success_banner(page):
    return page.locator(".govuk-notification-banner--success")


def test_senco_assesses_plans_agrees_and_reviews_and_the_teacher_reads_the_plan(
    new_page, live_server, senco, teacher, on_support
):
    pupil = on_support
    name = pupil.display_name
    page = new_page()
    sign_in(page, live_server, senco)

    # The pupil page, then the plans page.
    page.goto(f"{live_server.url}/pupils/{pupil.pk}/")
    expect(page.locator("h1 .govuk-tag")).to_have_text("SEN Support")
    page.get_by_role("link", name=re.compile(r"^Assess, plan and review")).click()
    expect(page).to_have_url(f"{live_server.url}/pupils/{pupil.pk}/plans/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Support plan")
    expect(page.locator("main")).to_contain_text(f"{name} has no agreed plan yet.")
    check(page, "plan-01-overview-empty")

    # ---- Assess.
    page.get_by_role("button", name="Start an assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Barriers to learning")
    expect(page.locator("#views-grid")).to_contain_text("No barriers recorded yet.")
    check(page, "plan-02-assessment-empty")

    # A barrier from the strategy bank pre-fills the form.
    page.get_by_text("Choose from the strategy bank").click()
    page.get_by_role("link", name=BANK_BARRIER, exact=True).click()
    expect(page).to_have_url(re.compile(r"\?bank=anxiety-transitions#add-barrier$"))
    expect(page.get_by_label("What gets in the way?")).to_have_value(BANK_BARRIER)
    expect(page.get_by_label("Broad area of need")).to_have_value("Social, emotional and mental health")
    expect(page.get_by_label("Describe it in plain words")).not_to_be_empty()
    expect(page.locator('input[name="barrier-bank_key"]')).to_have_value("anxiety-transitions")
    page.get_by_role("button", name="Add barrier").click()
    expect(success_banner(page)).to_contain_text("Barrier added.")

    # A barrier typed in.
    page.get_by_label("What gets in the way?").fill(TYPED_BARRIER)
    page.get_by_label("Broad area of need").select_option("Cognition and learning")
    page.get_by_label("Describe it in plain words").fill(
        "Loses the thread of spoken instructions after the first step."
    )
    page.get_by_role("radio", name="Marked effect").check()
    page.get_by_role("button", name="Add barrier").click()
    expect(success_banner(page)).to_contain_text("Barrier added.")
    grid = page.locator("#views-grid")
    expect(grid.locator("tbody tr")).to_have_count(2)

    # Two views that disagree about the typed barrier.
    def record_view(contributor, who, hard, sees_typed, sees_bank):
        page.get_by_role("radio", name=contributor, exact=True).check()
        page.get_by_label("Their name").fill(who)
        page.get_by_label("What do they say is hard, and why?").fill(hard)
        page.get_by_role("group", name=f"Do they see “{TYPED_BARRIER}”?").get_by_label(sees_typed).check()
        page.get_by_role("group", name=f"Do they see “{BANK_BARRIER}”?").get_by_label(sees_bank).check()
        page.get_by_role("button", name="Record this view").click()
        expect(success_banner(page)).to_contain_text("View recorded.")

    record_view("Teaching assistant", "Tom Assistant", "He loses the thread of instructions.", "Sees this", "Sees this")
    expect(page.get_by_label(f"If so, how much does “{TYPED_BARRIER}” affect the pupil?")).to_have_value("")
    record_view("Class teacher", "Tia Teacher", "His attention drifts after lunch.", "Does not see this", "Sees this")
    expect(page.locator(".govuk-warning-text")).to_contain_text(f"Views differ on 1 barrier: {TYPED_BARRIER}.")
    disputed = grid.locator("tbody tr", has_text=TYPED_BARRIER)
    expect(disputed).to_contain_text("Views differ")
    expect(disputed).to_contain_text("1 see this barrier, 1 do not")
    check(page, "plan-03-assessment-views-differ")

    # Settle the disputed barrier, saying how.
    settle = page.locator("form", has=page.get_by_role("heading", name=TYPED_BARRIER, level=3))
    settle.get_by_label("Yes").check()
    settle.get_by_label("How much does it affect the pupil now?").select_option(label="Marked effect")
    settle.get_by_label("Views differ: how was it resolved?").fill("EP advice: working memory, not attention.")
    settle.get_by_role("button", name=f"Save judgement on {TYPED_BARRIER}").click()
    expect(success_banner(page)).to_contain_text(f"Judgement on “{TYPED_BARRIER}” recorded.")
    expect(disputed).to_contain_text("Resolved: EP advice: working memory, not attention.")
    expect(disputed).to_contain_text("Views differ: settled")
    expect(page.locator(".govuk-warning-text")).to_contain_text(f"{TYPED_BARRIER} (settled).")

    page.get_by_label("Strengths", exact=True).fill("Kind to younger children; loves building models.")
    page.get_by_label("Interests", exact=True).fill("Lego and dinosaurs.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(success_banner(page)).to_contain_text("Saved.")
    check(page, "plan-04-assessment-settled")
    page.get_by_role("button", name="Complete the assessment").click()

    # ---- Plan.
    expect(page).to_have_url(re.compile(rf"/pupils/{pupil.pk}/plans/(#.*)?$"))
    expect(success_banner(page)).to_contain_text("Assessment complete. Now plan the support.")
    page.get_by_role("button", name="Start a plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Support plan, version 1")
    expect(page.locator("h1 .govuk-tag")).to_have_text("Draft")
    plan_url = page.url
    plan_id = int(re.search(r"/plans/(\d+)/$", plan_url).group(1))
    check(page, "plan-05-draft-empty")

    # A suggested strategy for the bank barrier fills in the form.
    page.get_by_role("link", name="Add support (with suggestions for each barrier)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add support")
    check(page, "plan-06-provision-form")
    page.get_by_role("link", name=f"{SUGGESTED} for {BANK_BARRIER}").click()
    expect(page).to_have_url(re.compile(r"strategy=anxiety-transitions:"))
    expect(page.get_by_role("checkbox", name=BANK_BARRIER)).to_be_checked()
    expect(page.get_by_role("checkbox", name=TYPED_BARRIER)).not_to_be_checked()
    expect(page.get_by_label("What exactly happens?")).to_have_value(re.compile(rf"^{SUGGESTED}: "))
    expect(page.get_by_label("Who delivers it?")).not_to_be_empty()
    page.get_by_role("button", name="Add support").click()
    expect(success_banner(page)).to_contain_text("Support added.")

    # Support for the typed barrier, written out.
    page.get_by_role("link", name="Add support (with suggestions for each barrier)").click()
    page.get_by_role("checkbox", name=TYPED_BARRIER).check()
    page.get_by_role("radio", name="Intervention").check()
    page.get_by_label("What exactly happens?").fill("Memory games group")
    page.get_by_label("Who delivers it?").fill("TA")
    page.get_by_label("Sessions a week").fill("2")
    page.get_by_label("Minutes a session").fill("20")
    page.get_by_label("Group size (1 for one-to-one)").fill("4")
    page.get_by_role("radio", name="Withdrawn from class").check()
    page.get_by_label("If away from class: which lessons does it replace?").fill("Guided reading")
    page.get_by_role("button", name="Add support").click()
    expect(success_banner(page)).to_contain_text("Support added.")
    provision_rows = page.locator("#provision-table tbody tr")
    expect(provision_rows).to_have_count(2)
    expect(provision_rows.filter(has_text="Memory games group")).to_contain_text(TYPED_BARRIER)
    expect(provision_rows.filter(has_text=SUGGESTED)).to_contain_text(BANK_BARRIER)

    # An outcome.
    page.get_by_role("link", name="Add an outcome").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an outcome")
    check(page, "plan-07-outcome-form")
    page.get_by_label("Outcome: what do the pupil and family want to be different?").fill(
        "I feel calm when the day changes"
    )
    page.get_by_label("How will we know? (against the pupil's own starting point)").fill("Fewer meltdowns at lunchtime")
    page.get_by_role("button", name="Add outcome").click()
    expect(success_banner(page)).to_contain_text("Outcome added.")

    # Views and the review date.
    review_date = dt.date.today() + dt.timedelta(weeks=8)
    page.get_by_role("link", name="Edit views, responsibilities and review date").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit the draft")
    check(page, "plan-08-edit-draft")
    page.get_by_label("The pupil's views, in their words").fill("I like a warning before things change.")
    page.get_by_label("The parents' views, in their words").fill("He worries at night about the next day.")
    page.get_by_label("Review date").fill(review_date.isoformat())
    page.get_by_role("button", name="Save draft").click()
    expect(success_banner(page)).to_contain_text("Draft saved.")

    # The quality checks.
    checks = page.locator("#quality-checks li")
    expect(checks.filter(has_text="Every barrier has support")).to_contain_text("Done")
    expect(checks.filter(has_text="Every piece of support addresses a barrier")).to_contain_text("Done")
    expect(checks.filter(has_text="The pupil's views are recorded")).to_contain_text("Done")
    expect(checks.filter(has_text="The parents' views are recorded")).to_contain_text("Done")
    expect(checks.filter(has_text="A review date is set")).to_contain_text("Done")
    expect(checks.filter(has_text="Met parents three times")).to_contain_text("To do")
    check(page, "plan-09-draft-complete")

    # The parents' agreement.
    page.get_by_role("link", name="Record the parents' agreement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the parents' agreement")
    expect(page.get_by_label("Date the parents agreed")).to_have_value(dt.date.today().isoformat())
    expect(page.get_by_role("checkbox", name="The plan starts now")).to_be_checked()
    check(page, "plan-10-agree")
    page.get_by_role("radio", name="At a meeting").check()
    page.get_by_label("Who agreed it for the family?").fill("Mrs Rabbit (mother)")
    page.get_by_role("button", name="Agree the plan").click()
    expect(success_banner(page)).to_contain_text("Version 1 is agreed.")
    expect(page.locator("h1 .govuk-tag")).to_have_text("Active")
    expect(page.locator("#read-receipts")).to_have_text("Nobody yet.")
    expect(page.locator("main")).to_contain_text("Not yet confirmed: Tia Teacher.")
    check(page, "plan-11-agreed")

    # ---- The class teacher reads it (own context, own cookies).
    tpage = new_page()
    sign_in(tpage, live_server, teacher)
    tpage.goto(f"{live_server.url}/my-pupils/")
    expect(tpage.get_by_role("heading", level=1)).to_have_text("My pupils")
    row = tpage.get_by_role("row", name=re.compile(name))
    expect(row).to_contain_text("Plan version 1")
    expect(row).to_contain_text("Memory games group")
    check(tpage, "plan-12-my-pupils")
    row.get_by_role("link", name=f"One-page profile for {name}").click()
    expect(tpage.get_by_role("heading", level=1)).to_have_text(name)
    profile = tpage.locator("main")
    expect(profile).to_contain_text("One-page profile, from plan version 1")
    expect(profile).to_contain_text("I like a warning before things change.")
    expect(profile.get_by_role("heading", name="What is hard for me")).to_be_visible()
    expect(profile).to_contain_text(TYPED_BARRIER)
    expect(profile.get_by_role("heading", name="What helps me")).to_be_visible()
    expect(profile).to_contain_text("Memory games group")
    expect(profile).to_contain_text("Lego and dinosaurs.")
    check(tpage, "plan-13-profile")
    tpage.go_back()
    expect(tpage.get_by_role("heading", level=1)).to_have_text("My pupils")
    tpage.get_by_role("button", name=f"I have read it ({name})").click()
    expect(success_banner(tpage)).to_contain_text(f"you have confirmed you have read version 1 of {name}'s plan")
    expect(tpage.get_by_role("row", name=re.compile(name)).locator(".govuk-tag")).to_have_text("Read")
    check(tpage, "plan-14-my-pupils-read")

    # ---- The SENCO sees the receipt and records the review.
    page.reload()
    expect(page.locator("#read-receipts")).to_contain_text("Tia Teacher")
    page.get_by_role("link", name="Record the review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the review")
    expect(page.get_by_label("The pupil's views, in their words")).to_have_value(
        "I like a warning before things change."
    )
    check(page, "plan-15-review-form")
    page.get_by_label("Who came?").fill("Mrs Rabbit, Tia Teacher, Sam Senco")
    page.get_by_role("group", name="Were the parents there?").get_by_label("Yes").check()
    outcome = page.get_by_role("group", name="Outcome 1: I feel calm when the day changes")
    outcome.get_by_role("radio", name="Good progress").check()
    outcome.get_by_label("Evidence of progress").fill("Two calm lunchtimes in three")
    for support in (SUGGESTED, "Memory games group"):
        group = page.get_by_role("group", name=re.compile(re.escape(support)))
        group.get_by_role("radio", name="Delivered as planned").check()
        group.get_by_role("radio", name="Helped", exact=True).check()
    page.get_by_role("radio", name="Change the plan").check()
    page.get_by_label("What was said and agreed: who does what by when").fill(
        "Add a lunchtime club; SENCO to arrange by Friday."
    )
    unanswered = page.evaluate(
        """() => [...new Set([...document.querySelectorAll('main input[type=radio]')].map(r => r.name))]
                 .filter(n => !document.querySelector(`main input[name="${n}"]:checked`))"""
    )
    assert unanswered == [], f"radio questions left unanswered: {unanswered}"
    page.get_by_role("button", name="Record the review").click()

    # ---- Version 2, a draft started from version 1.
    expect(success_banner(page)).to_contain_text(
        "Review recorded. Version 2 of the plan has been started from this one"
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Support plan, version 2")
    expect(page.locator("h1 .govuk-tag")).to_have_text("Draft")
    assert not page.url.endswith(f"/plans/{plan_id}/")
    expect(page.locator("#provision-table tbody tr")).to_have_count(2)
    check(page, "plan-16-version-2-draft")

    page.get_by_role("link", name=f"Back to {name}'s plans").click()
    page.get_by_role("link", name="Compare two versions side by side").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare version 1 and version 2")
    compare = page.locator("#compare-table")
    expect(compare.locator("thead")).to_contain_text("Version 1")
    expect(compare.locator("thead")).to_contain_text("Version 2")
    expect(compare.get_by_role("row", name=re.compile(r"^Status"))).to_contain_text("Draft")
    check(page, "plan-17-compare")

    page.get_by_role("link", name=f"Back to {name}'s plans").click()
    page.get_by_role("link", name="Timeline of everything").click()
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Plan version 1 agreed")
    expect(timeline).to_contain_text("Plan version 1 reviewed")
    text = timeline.inner_text()
    assert text.index("Plan version 1 agreed") < text.index("Plan version 1 reviewed")
    check(page, "plan-18-timeline")

    # ---- The plan as a PDF, first page as a picture.
    response = page.request.get(f"{live_server.url}/pupils/{pupil.pk}/documents/plans/{plan_id}/plan.pdf")
    assert response.ok, response.status
    assert response.headers["content-type"] == "application/pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "plan-19-plan-v1.pdf"
    pdf.write_bytes(response.body())
    png_root = ARTIFACTS / "plan-19-plan-v1-page"
    for old in ARTIFACTS.glob("plan-19-plan-v1-page*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(png_root)], check=True, timeout=30
    )
    pngs = list(ARTIFACTS.glob("plan-19-plan-v1-page*.png"))
    assert len(pngs) == 1 and pngs[0].stat().st_size > 1000, pngs
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=30).stdout
    assert name in text
    assert BANK_BARRIER in " ".join(text.split())

    for p in (page, tpage):
        assert [e for e in p.script_errors if e.startswith("uncaught")] == [], p.script_errors
