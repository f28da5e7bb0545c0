"""Issue 14's "Done means": a 5,000-pupil CSV uploaded on the web shows its progress and completes.

The SENCO uploads the file and confirms it; the import goes to the task queue (held here, so that
the page can be seen mid-way), the page shows a progress bar that the SENCO checks again with a
link (no JavaScript, no timed refresh); the queued task runs, the page then says "Imported" and the
SENCO is emailed. Every page is checked with axe."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from sensupport.core.factories import make_upn
from sensupport.interop import tasks
from sensupport.interop.models import ImportBatch
from sensupport.interop.tasks import apply_import_batch
from sensupport.pupils.models import Pupil

from .conftest import axe_check, csv_file, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PUPILS = 5000


def big_csv() -> bytes:
    statuses = [("N", ""), ("K", "SLCN"), ("K", "SPLD"), ("E", "ASD")]
    rows = [
        f"{make_upn('201', '2001', str(10 + n // 1000), n % 1000)},Pupil{n},Big,2015-09-0{1 + n % 9},"
        f"{'FM'[n % 2]},{1 + n % 6},{statuses[n % 4][0]},{statuses[n % 4][1]}"
        for n in range(PUPILS)
    ]
    return csv_file("UPN,Surname,Forename,DOB,Sex,YearGroup,SENProvision,PrimaryNeed", *rows)


def test_a_5000_pupil_csv_is_imported_in_the_background_with_its_progress_shown(
    new_page, live_server, school, senco, monkeypatch
):
    queued = []
    monkeypatch.setattr(tasks, "apply_import_batch", type("Held", (), {"enqueue": lambda *args: queued.append(args)}))
    page = new_page()
    sign_in(page, live_server, senco)
    page.goto(f"{live_server.url}/import/")
    page.get_by_role("radio", name=re.compile(r"^Pupils \(")).check()
    page.get_by_label("Choose a file").set_input_files(
        files=[{"name": "everyone.csv", "mimeType": "text/csv", "buffer": big_csv()}]
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check what the import will change", timeout=60_000)
    expect(page.locator("main")).to_contain_text(f"New pupils ({PUPILS})")
    page.get_by_role("button", name="Confirm and import").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Importing", timeout=60_000)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("being imported in the background")
    expect(page.locator("progress#import-progress")).to_have_attribute("max", str(PUPILS))
    expect(page.locator("main")).to_contain_text(f"0 of {PUPILS} pupils imported")
    assert page.locator('meta[http-equiv="refresh"]').count() == 0  # no timed refresh (WCAG 2.2.1)
    axe_check(page)
    page.get_by_role("link", name="Check how far it has got").click()
    expect(page.locator("main")).to_contain_text(f"0 of {PUPILS} pupils imported")

    batch = ImportBatch.objects.get()
    assert queued == [(batch.pk, senco.pk, "import")] and batch.status == ImportBatch.Status.RUNNING
    assert apply_import_batch.call(*queued[0]) == PUPILS // 1000 - 1  # the last chunk finishes it

    page.get_by_role("link", name="Check how far it has got").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Imported", timeout=15_000)
    expect(page.locator("main")).to_contain_text(f"{PUPILS} of {PUPILS} pupils imported: {PUPILS} new, 0 changed")
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    axe_check(page)
    assert Pupil.objects.filter(school=school).count() == PUPILS
    assert Pupil.objects.filter(school=school, sen_status="E").count() == PUPILS // 4
    [email] = mail.outbox
    assert email.to == [senco.email] and f"{PUPILS:,} new pupils" in email.body
