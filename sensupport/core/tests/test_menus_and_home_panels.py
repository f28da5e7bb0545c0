"""The menu and the home page are what the apps declare (core.registry): each role's menu is the
one core hard-coded before (labels, addresses and order captured from it), every entry opens for
the viewer, and the home page's panels come in the order they always did."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from sensupport.core import registry
from sensupport.core.context_processors import navigation_items
from sensupport.core.factories import UserFactory

HOME = ("Home", "/")
ACCOUNT = ("Account", "/accounts/account/")
REGISTER = ("SEN register", "/pupils/")
MY_PUPILS = ("My pupils", "/my-pupils/")
BANK = ("Strategy bank", "/strategy-bank/")
INBOX = ("Inbox", "/inbox/")
IMPORT = ("Import", "/import/")
SCHOOL = ("School set-up", "/school/")
MAP = ("Provision map", "/provision-map/")  # issue 10: the provision app's entries
GROUPS = ("Groups and sessions", "/provision/groups/")
FUNDING = ("SEN funding", "/funding/element-2/")  # and the funding app's
# Added since by the referrals app (issue 12): services for those who manage them, a professional's referrals.
SERVICES = ("Outside services", "/outside-services/")
REFERRALS = ("Referrals", "/my-referrals/")
# Added by the SEN information report (issue 13): for those who edit it.
INFO_REPORT = ("SEN information report", "/sen-information-report/")
OVERSIGHT = ("SEN Support oversight", "/oversight/")  # issue 13: the oversight app (an officer's LA, a head's school)
# And by the ehc app's plans part (issue 12): the school-wide page of EHC plans and annual reviews.
EHC = ("EHC plans", "/ehc/plans/")

# Captured from core's hard-coded context processor before the apps declared their entries (and
# the provision app's two since).
MENUS = {
    "senco": [HOME, REGISTER, MY_PUPILS, BANK, MAP, EHC, GROUPS, FUNDING, INFO_REPORT, INBOX, IMPORT, SCHOOL, ACCOUNT],
    "head": [
        HOME,
        REGISTER,
        MY_PUPILS,
        BANK,
        MAP,
        EHC,
        GROUPS,
        FUNDING,
        INFO_REPORT,
        INBOX,
        SCHOOL,
        OVERSIGHT,
        ACCOUNT,
    ],
    "school_admin": [HOME, REGISTER, MY_PUPILS, BANK, MAP, GROUPS, IMPORT, SCHOOL, ACCOUNT],
    "teacher": [HOME, REGISTER, MY_PUPILS, BANK, GROUPS, ACCOUNT],
    "ta": [HOME, REGISTER, MY_PUPILS, BANK, GROUPS, ACCOUNT],
    "la_officer": [
        HOME,
        ("Pupils", "/pupils/"),
        BANK,
        ("Top-up requests", "/funding/top-up-requests/"),
        ("EHC requests", "/ehc-requests/"),  # EHC needs-assessment requests to the LA (ehc)
        ("Local Offer", "/local-offer/manage/"),  # issue 13: the LA's changes, stale entries, feedback
        SERVICES,
        OVERSIGHT,
        ACCOUNT,
    ],
    "professional": [HOME, ("Pupils", "/pupils/"), REFERRALS, ACCOUNT],
    "service_admin": [HOME, ("Schools", "/service/"), SERVICES, ("Service health", "/service/health/"), ACCOUNT],
    "parent": [("My children", "/family/"), ACCOUNT],
    "young_person": [("My record", "/family/"), ACCOUNT],
}


@pytest.fixture
def viewer(request, senco, head, school_admin, teacher, ta, la_officer, professional, service_admin, parent, pupil):
    role = request.param
    if role == "young_person":
        return UserFactory(role="young_person", own_pupil_record=pupil)
    return locals()[role]


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", list(MENUS), indirect=True)
def test_each_roles_menu_is_the_one_core_used_to_hard_code(viewer):
    assert [(item["label"], item["url"]) for item in navigation_items(viewer)] == MENUS[viewer.role]


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", list(MENUS), indirect=True)
def test_every_menu_entry_opens_for_the_viewer(viewer, login):
    client = login(viewer)
    for label, url in MENUS[viewer.role]:
        assert client.get(url).status_code == 200, (viewer.role, label)
    page = client.get(MENUS[viewer.role][0][1]).content.decode()
    nav = re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', page, re.S).group(0)
    assert re.findall(r'href="([^"]+)"', nav) == [url for _, url in MENUS[viewer.role]]
    assert nav.count('aria-current="page"') == 1


@pytest.mark.django_db
def test_registering_an_app_again_adds_nothing(senco):
    before = navigation_items(senco)
    panels = registry.panels_for(senco)
    registry.register_app(apps.get_app_config("plans"))
    registry.register_app(apps.get_app_config("pupils"))
    assert navigation_items(senco) == before
    assert registry.panels_for(senco) == panels
    assert len({panel.template for panel in panels}) == len(panels)


@pytest.mark.django_db
def test_the_sencos_home_leads_with_plan_coverage_then_reviews_requests_and_concerns(login, senco):
    html = login(senco).get("/").content.decode()
    headings = re.findall(r'<h2 class="govuk-heading-m"[^>]*>([^<]+)</h2>', html)
    assert headings == [
        "A plan for every pupil with SEN",
        "Reviews",
        "Element 2 threshold",
        "Open concerns",
        "Progress",
    ]
    assert html.index("on the SEN register") < html.index('id="coverage"')


@pytest.mark.django_db
def test_families_are_sent_to_the_portal_and_others_get_their_own_panels(login, parent, la_officer, service_admin):
    assert login(parent).get("/").url == "/family/"
    officer = login(la_officer).get("/").content.decode()
    assert "See the pupils you work with" in officer and "Open concerns" not in officer
    admin = login(service_admin).get("/").content.decode()
    assert "You run the service" in admin and "See the pupils you work with" not in admin


@pytest.mark.django_db
def test_two_panels_that_use_the_same_name_are_refused_not_overwritten(login, senco, monkeypatch):
    def count(request):
        return {"register_size": 1}

    clashing = registry.Panel("pupils/home/register_size.html", count, "pupils.view_register", order=11)
    monkeypatch.setattr(registry, "_panels", [*registry._panels, clashing])
    with pytest.raises(ImproperlyConfigured, match="register_size"):
        login(senco).get("/")
