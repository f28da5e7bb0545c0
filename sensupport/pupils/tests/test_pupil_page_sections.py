"""Each role gets the parts of a pupil's record its work needs (pupils/sections.py), and no page
links to a page its viewer cannot open.

Peter is on SEN Support for SLCN in Class 4B at Oak Primary, with an agreed plan, an open concern
raised by his SENCO and a recorded conversation with his mother. The EP has him shared.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from sensupport.accounts.models import Role
from sensupport.plans.models import Plan
from sensupport.pupils.models import Concern, ParentConversation, ProfessionalShare, PupilNeed
from sensupport.pupils.sections import (
    LA_OFFICER,
    NOTHING,
    PROFESSIONAL,
    SCHOOL_STAFF,
    pupil_page_sections,
    uses_family_portal,
)

CONCERN_TEXT = "Stops writing after two lines and puts her head down"
CONVERSATION_TEXT = "Mum says mornings at home are very hard"


@pytest.fixture
def young_person(pupil):
    from sensupport.core.factories import UserFactory

    return UserFactory(role="young_person", own_pupil_record=pupil, first_name="Peter", last_name="Rabbit")


@pytest.fixture
def peter(pupil, senco, professional, parent):
    today = timezone.localdate()
    pupil.sen_status = "K"
    pupil.save()
    PupilNeed.objects.create(pupil=pupil, need_type="SLCN", rank=1, start_date=today)
    Concern.objects.create(pupil=pupil, raised_by=senco, noticed=CONCERN_TEXT)
    ParentConversation.objects.create(
        pupil=pupil,
        held_on=today,
        method="phone",
        purpose="concern",
        parents_present="Mum",
        summary=CONVERSATION_TEXT,
        recorded_by=senco,
    )
    Plan.objects.create(
        pupil=pupil,
        version=1,
        status=Plan.Status.AGREED,
        agreed_on=today - dt.timedelta(days=90),
        review_date=today - dt.timedelta(days=1),
    )
    ProfessionalShare.objects.create(professional=professional, pupil=pupil, shared_by=senco, purpose="EP assessment")
    return pupil


# --- the policy itself --------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.SENCO, Role.HEAD, Role.SCHOOL_ADMIN, Role.TEACHER, Role.TEACHING_ASSISTANT])
def test_school_staff_see_the_whole_record(role):
    assert pupil_page_sections(role) == SCHOOL_STAFF
    assert not uses_family_portal(role)


@pytest.mark.parametrize("role", [Role.LA_OFFICER, Role.PROFESSIONAL])
def test_la_officer_and_professional_see_status_needs_and_plan_not_the_schools_notes(role):
    show = pupil_page_sections(role)
    assert show.identity and show.sen_status and show.needs and show.plan
    assert not show.concerns and not show.parent_conversations and not show.with_the_family and not show.who_can_see


def test_only_the_professional_sees_classes_and_parents_names():
    assert PROFESSIONAL.classes and PROFESSIONAL.parents
    assert not LA_OFFICER.classes and not LA_OFFICER.parents


@pytest.mark.parametrize("role", [Role.PARENT, Role.YOUNG_PERSON])
def test_families_are_served_by_the_family_portal(role):
    assert uses_family_portal(role)
    assert pupil_page_sections(role) == NOTHING


def test_service_administrator_sees_nothing():
    assert pupil_page_sections(Role.SERVICE_ADMIN) == NOTHING


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["senco", "head", "school_admin", "teacher", "ta", "la_officer", "professional"])
def test_concerns_section_agrees_with_the_concern_page_permission(request, peter, role):
    """Shown on the pupil page exactly when the concern page itself would open."""
    user = request.getfixturevalue(role)
    assert pupil_page_sections(user.role).concerns == user.has_perm("pupils.view_concern", peter)


# --- the page -----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["la_officer", "professional"])
def test_officer_and_professional_page_shows_no_concern_or_conversation_notes(request, login, peter, senco, role):
    page = login(request.getfixturevalue(role)).get(reverse("pupils:pupil", args=[peter.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "SEN Support" in html and "SLCN" in html  # status and needs: their work
    assert CONCERN_TEXT[:20] not in html and CONVERSATION_TEXT not in html
    assert "Open concerns" not in html and "Conversations with parents" not in html
    assert senco.display_name not in html  # who raised the concern, who recorded the conversation
    for hidden in ("open_concerns", "closed_concerns", "conversations", "who_can_see"):
        assert hidden not in page.context  # not even read


@pytest.mark.django_db
def test_school_staff_page_shows_concerns_and_conversations(login, peter, teacher):
    html = login(teacher).get(reverse("pupils:pupil", args=[peter.pk])).content.decode()
    assert "Stops writing after two lines" in html and CONVERSATION_TEXT in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["parent", "young_person"])
def test_family_is_sent_from_the_staff_page_to_their_portal_page(request, login, peter, role):
    client = login(request.getfixturevalue(role))
    response = client.get(reverse("pupils:pupil", args=[peter.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("portal:child", args=[peter.pk])
    html = client.get(response["Location"]).content.decode()
    assert CONCERN_TEXT[:20] not in html and CONVERSATION_TEXT not in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["la_officer", "professional"])
def test_register_columns_follow_the_pupil_page_parts(request, login, peter, class_group, role):
    user = request.getfixturevalue(role)
    html = login(user).get(reverse("pupils:register")).content.decode()
    assert peter.display_name in html
    assert "Open concerns" not in html
    assert (class_group.name in html) == pupil_page_sections(user.role).classes


# --- links --------------------------------------------------------------------------------------

LINK = re.compile(r'href="([^"#]*)"')


def _internal_links(url: str, html: str) -> set[str]:
    links = set()
    for href in LINK.findall(html):
        target = urljoin(url, href.replace("&amp;", "&"))
        parts = urlsplit(target)
        if parts.netloc or not parts.path.startswith("/") or parts.path.startswith("/static/"):
            continue
        links.add(target)
    return links


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", ["senco", "head", "school_admin", "teacher", "ta", "la_officer", "professional", "parent", "young_person"]
)
def test_no_pupil_register_or_home_page_links_to_a_page_its_viewer_cannot_open(request, login, peter, role):
    client = login(request.getfixturevalue(role))
    start_pages = [reverse("core:home"), reverse("pupils:register"), reverse("pupils:pupil", args=[peter.pk])]
    broken = []
    visited = set()
    for start in start_pages:
        response = client.get(start, follow=True)
        assert response.status_code == 200, start
        landed = response.request["PATH_INFO"]
        for link in _internal_links(landed, response.content.decode()):
            status = client.get(link, follow=True).status_code
            visited.add(link)
            if status in (403, 404, 405) or status >= 500:
                broken.append((start, link, status))
    assert reverse("pupils:pupil", args=[peter.pk]) in visited or uses_family_portal(
        role
    )  # the crawl did reach pupil pages
    assert broken == []
