"""A pupil with an EHC plan in the browser (issue 8): the SENCO records the plan's outcomes,
provision and last annual review with the plan attached; the pupil page, the register and the
teacher's My pupils show them. axe checks every page, the form with its errors too."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import axe_check, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_senco_records_an_ehc_plan_and_the_teacher_sees_it(new_page, live_server, settings, tmp_path, senco, teacher):
    from sensupport.core.factories import PupilFactory
    from sensupport.pupils.models import EhcPlanSummary

    settings.MEDIA_ROOT = tmp_path
    maya = PupilFactory(
        school=senco.school, forename="Maya", surname="Nowak", year_group="4", sen_status="E", home_local_authority=None
    )
    teacher.teaching_groups.first().pupils.add(maya)

    page = new_page()
    sign_in(page, live_server, senco)
    page.goto(f"{live_server.url}/pupils/{maya.pk}/")
    axe_check(page)
    page.get_by_role("link", name="Record the EHC plan's outcomes, provision and review date").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maya Nowak's EHC plan")
    axe_check(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the local authority that issued the plan")
    axe_check(page)
    page.get_by_label("Local authority that issued the plan").select_option(label="Northshire (201)")
    page.get_by_label("Date the plan was issued").fill("2024-03-14")
    page.get_by_label("Date of the last annual review").fill("2025-03-20")
    page.get_by_label("Outcomes in the plan (section E)").fill("Maya will join in group work for 15 minutes.")
    page.get_by_label("Summary of the special educational provision (section F)").fill(
        "Speech and language therapy 3 x 20 minutes a week."
    )
    page.get_by_label("The EHC plan itself (optional)").set_input_files(
        files=[{"name": "Maya EHCP.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Maya Nowak's EHC plan summary saved.")
    main = page.locator("main")
    expect(main).to_contain_text("Speech and language therapy 3 x 20 minutes a week.")
    expect(main).to_contain_text("Annual review 20 Mar 2026")
    expect(main).to_contain_text("Annual review overdue")
    axe_check(page)
    assert EhcPlanSummary.objects.get(pupil=maya).document_name == "Maya EHCP.pdf"

    page.goto(f"{live_server.url}/pupils/?status=E")
    expect(page.locator("#register-table")).to_contain_text("Annual review 20 Mar 2026")
    axe_check(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, teacher)
    page.goto(f"{live_server.url}/my-pupils/")
    expect(page.locator("main")).to_contain_text("Maya will join in group work for 15 minutes.")
    expect(page.locator("main")).to_contain_text("Speech and language therapy 3 x 20 minutes a week.")
    axe_check(page)
    assert not page.script_errors, page.script_errors
