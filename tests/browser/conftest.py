"""Browser tests: one Debian Chromium for the whole session, a fresh context per test.

Never `playwright install`: Playwright drives the system Chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "correct horse battery staple"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """Open a page in a new browser context (own cookies); options go to `browser.new_context`."""
    contexts = []

    def _new_page(**options):
        options.setdefault("viewport", DESKTOP)
        options.setdefault("locale", "en-GB")
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.script_errors = []  # uncaught exceptions and console errors (CSP violations among them)
        page.on("pageerror", lambda error: page.script_errors.append(f"uncaught: {error}"))
        page.on(
            "console",
            lambda message: message.type == "error" and page.script_errors.append(f"console: {message.text}"),
        )
        return page

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


_axe = None


def _run_axe_on_a_loaded_page(page):
    """Run axe once the page has loaded. A click returns before the page it leads to has
    loaded, so axe could start in the document being replaced ("Execution context was
    destroyed", or a null documentElement): wait for the load and run it again, at most twice.
    A test that checks the page a click leads to should first expect something on that page."""
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            return _axe.run(page)
        except PlaywrightError as error:
            navigating = "Execution context was destroyed" in str(error) or "documentElement" in str(error)
            if not navigating or attempt == 2:
                raise


def axe_check(page) -> None:
    """Run axe-core with its default rules (WCAG 2.x A/AA and best practices) and allow nothing."""
    global _axe
    from axe_playwright_python.sync_playwright import Axe

    if _axe is None:
        _axe = Axe()
    results = _run_axe_on_a_loaded_page(page)
    violations = results.response["violations"]
    if violations:
        lines = [f"axe found {len(violations)} kind(s) of violation on {page.url}:"]
        for violation in violations:
            lines.append(f"\n[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
            for node in violation["nodes"][:8]:
                lines.append(f"  at {' '.join(map(str, node['target']))}")
                lines.append(f"     {node['html'][:200]}")
                summary = (node.get("failureSummary") or "").replace("\n", "\n       ")
                lines.append(f"     {summary}")
            if len(violation["nodes"]) > 8:
                lines.append(f"  ... and {len(violation['nodes']) - 8} more")
        pytest.fail("\n".join(lines), pytrace=False)


def screenshot(page, name: str) -> Path:
    """Save a full-page PNG to test-artifacts/ (git-ignored) for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wider_than_screen(page) -> dict:
    """What sticks out past the right edge of the screen (at most 10 elements), outside the
    tables that scroll on purpose (.sen-table-wrap); with the screen and page widths."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const wide = [];
            for (const el of document.body.querySelectorAll('*')) {
                if (el.closest('.sen-table-wrap') && !el.matches('.sen-table-wrap')) continue;
                const box = el.getBoundingClientRect();
                if (box.width && box.right > width + 1) {
                    wide.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(box.right)}`);
                }
            }
            return {width, scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 10)};
        }"""
    )


def sign_in(page, live_server, user) -> None:
    """Through the real sign-in form, as a person would."""
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("Email address").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/accounts/sign-in/" not in page.url, f"sign-in failed for {user.username}"


def add_la_and_school(page) -> None:
    """From the service administrator's "Add a local authority" form: Southwark (210), then Peckham
    Park Primary (URN 100900) by hand, each page checked with axe. Ends on the form for the
    school's first SENCO or head teacher."""
    from playwright.sync_api import expect

    page.get_by_label("Local authority code").fill("210")
    page.get_by_label("Name").fill("Southwark")
    page.get_by_role("button", name="Add local authority").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Local authority Southwark (210) added.")
    axe_check(page)
    page.get_by_role("link", name="Add a school", exact=True).click()
    page.get_by_label("Local authority").select_option(label="Southwark (210)")
    page.get_by_label("School name").fill("Peckham Park Primary")
    page.get_by_label("URN", exact=True).fill("100900")
    page.get_by_label("Establishment number").fill("2100")
    page.get_by_label("Phase").select_option(label="Primary")
    page.get_by_label("Type of establishment (GIAS)").select_option(label="Community school (1)")
    axe_check(page)
    page.get_by_role("button", name="Add school").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a school's SENCO or head teacher")


def choose_password_from_email(page, live_server, email: str, password: str) -> None:
    """Open the set-password link emailed to `email` (the newest invitation in the outbox),
    choose `password` and sign in on the page it leads to. Checks the set-password page with axe
    when JavaScript is on."""
    from django.core import mail

    invitation = next(m for m in reversed(mail.outbox) if m.to == [email])
    path = re.search(r"https?://[^/\s]+(/accounts/set-password/\S+/)", invitation.body).group(1)
    page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Choose your password"
    axe_check(page)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Type the password again").fill(password)
    page.get_by_role("button", name="Set password").click()
    assert "Your password is set" in page.locator("body").inner_text()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/accounts/" not in page.url, f"{email} did not get past sign-in: {page.url}"


def csv_file(*rows: str) -> bytes:
    return ("\r\n".join(rows) + "\r\n").encode()


# What each kind of file is called in the /import/ page's choice of what to import.
IMPORT_CHOICE = {
    "pupils": r"^Pupils \(",
    "staff": r"^Staff",
    "groups": r"^Classes and groups",
    "contacts": r"^Parents and carers",
}


def import_file(page, live_server, what: str, content: bytes) -> None:
    """Import one CSV at /import/ as a SENCO does: choose what, upload, check the preview,
    confirm. Every page on the way is checked with axe."""
    from playwright.sync_api import expect

    page.goto(f"{live_server.url}/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import from a file")
    axe_check(page)
    page.get_by_role("radio", name=re.compile(IMPORT_CHOICE[what])).check()
    page.get_by_label("Choose a file").set_input_files(
        files=[{"name": f"{what}.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check what the import will change")
    axe_check(page)
    page.get_by_role("button", name="Confirm and import").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{what}.csv imported")
    axe_check(page)


# A school with pupils in every status and a spread of needs, so the filters have something to show.
# (forename, surname, class, status, needs ranked 1, 2)
REGISTER = [
    ("Peter", "Rabbit", "4B", "N", ()),
    ("Amara", "Okafor", "4B", "N", ()),
    ("Ben", "Carter", "4B", "N", ()),
    ("Chloe", "Davies", "4B", "N", ()),
    ("Dylan", "Evans", "4B", "N", ()),
    ("Ella", "Fitzgerald", "4B", "N", ()),
    ("Finn", "Gallagher", "4B", "N", ()),
    ("Grace", "Hughes", "4B", "M", ()),
    ("Harry", "Iqbal", "4B", "M", ()),
    ("Isla", "Jones", "4B", "K", ("SLCN",)),
    ("Jack", "Khan", "4B", "K", ("SLCN", "SEMH")),
    ("Keira", "Lewis", "4B", "K", ("SPLD",)),
    ("Leo", "Murphy", "4B", "K", ("SEMH",)),
    ("Maya", "Nowak", "4B", "E", ("ASD", "SLCN")),
    ("Noah", "Owens", "4B", "K", ("MLD",)),
    ("Flopsy", "Rabbit", "3A", "N", ()),
    ("Olivia", "Patel", "3A", "N", ()),
    ("Oscar", "Quinn", "3A", "N", ()),
    ("Poppy", "Roberts", "3A", "N", ()),
    ("Rory", "Singh", "3A", "N", ()),
    ("Sofia", "Taylor", "3A", "N", ()),
    ("Theo", "Usman", "3A", "N", ()),
    ("Una", "Vaughan", "3A", "M", ()),
    ("Victor", "Walsh", "3A", "M", ()),
    ("Willow", "Xu", "3A", "K", ("SLCN",)),
    ("Xander", "Young", "3A", "K", ("SPLD", "SLCN")),
    ("Yasmin", "Zaman", "3A", "K", ("SPLD",)),
    ("Zac", "Abbott", "3A", "E", ("ASD",)),
    ("Ruby", "Bell", "3A", "E", ("SLCN", "HI")),
    ("Sam", "Cole", "3A", "K", ("SEMH", "SPLD")),
]


@pytest.fixture
def register_school(school, class_group, other_class_group):
    """About thirty pupils at Oak Primary in Class 4B and Class 3A. Returns {"Forename Surname": pupil}."""
    from sensupport.core.factories import PupilFactory
    from sensupport.pupils.models import Concern, PupilNeed, SenStatusChange

    since = dt.date.today() - dt.timedelta(days=200)
    groups = {"4B": class_group, "3A": other_class_group}
    pupils = {}
    for n, (forename, surname, klass, status, needs) in enumerate(REGISTER):
        year = "4" if klass == "4B" else "3"
        pupil = PupilFactory(
            school=school,
            forename=forename,
            surname=surname,
            year_group=year,
            sex="F" if n % 2 else "M",
            date_of_birth=dt.date(2016 if year == "4" else 2017, 1 + n % 12, 1 + n % 27),
            sen_status=status,
            sen_status_since=since if status != "N" else None,
        )
        groups[klass].pupils.add(pupil)
        if status != "N":
            SenStatusChange.objects.create(
                pupil=pupil,
                status=status,
                start_date=since,
                reason="Set up for the test",
            )
        for rank, code in enumerate(needs, start=1):
            PupilNeed.objects.create(pupil=pupil, need_type=code, rank=rank, start_date=since)
        if status == "M":
            Concern.objects.create(
                pupil=pupil,
                noticed=f"{forename} finds it hard to follow spoken instructions.",
            )
        pupils[f"{forename} {surname}"] = pupil
    return pupils
