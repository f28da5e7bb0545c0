"""Who can reach the family portal, and what each family sees. Scope is Pupil.objects.visible_to:
a parent sees their own children while they hold parental responsibility; a young person their
own record; anything else answers 404. School staff and other roles get 403 on family pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.core.testing.access import check_access, expect
from sensupport.family.models import MeetingSummary
from sensupport.plans import services as plan_services

pytestmark = pytest.mark.django_db


def _summary(pupil, title="Review of the support plan (version 1)"):
    return MeetingSummary.objects.create(
        pupil=pupil,
        held_on=timezone.localdate(),
        title=title,
        what_was_said="We talked about mornings.",
        agreed="A rest break after lunch.",
        actions="Mum will tell the teacher about bad nights.",
    )


def _family_urls(pupil, plan=None, summary=None):
    urls = [reverse("portal:child", args=[pupil.pk]), reverse("portal:consents", args=[pupil.pk])]
    if plan is not None:
        urls.append(reverse("portal:plan", args=[pupil.pk, plan.pk]))
    if summary is not None:
        urls.append(reverse("portal:summary", args=[pupil.pk, summary.pk]))
    return urls


# ---- Who may open the portal at all


# Every identity (core/testing/access.py). Non-family roles are refused the portal (403) before
# scope is asked; a family member reaches only their own children (404 for another's).
PORTAL_HOME = expect(allowed={"parent", "other_parent", "young_person"})
PETERS_PAGE = expect(allowed={"parent", "young_person"}, other_parent=404)


def test_only_families_open_the_portal(client, request, pupil):
    check_access(client, request, reverse("portal:home"), PORTAL_HOME)


def test_only_peters_family_opens_his_page(client, request, pupil):
    check_access(client, request, reverse("portal:child", args=[pupil.pk]), PETERS_PAGE)


# ---- Own children only


def test_parent_sees_own_children_only(login, parent, pupil, sibling, other_parent):
    page = login(parent).get(reverse("portal:home")).content.decode()
    assert pupil.display_name in page
    assert sibling.display_name not in page


def test_parent_with_children_at_two_schools_sees_both(login, parent, pupil, other_school_child):
    page = login(parent).get(reverse("portal:home")).content.decode()
    assert pupil.display_name in page and pupil.school.name in page
    assert other_school_child.display_name in page and other_school_child.school.name in page
    client = login(parent)
    assert client.get(reverse("portal:child", args=[other_school_child.pk])).status_code == 200


def test_young_person_sees_own_record(login, young_person, pupil, sibling):
    client = login(young_person)
    page = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:child", args=[pupil.pk]) in page
    assert "My record" in page
    assert client.get(reverse("portal:child", args=[pupil.pk])).status_code == 200
    assert client.get(reverse("portal:child", args=[sibling.pk])).status_code == 404


def test_parent_cannot_reach_another_familys_child_by_any_url(login, parent, other_parent, sibling, senco):
    plan = plan_services.plan_create_draft(pupil=sibling, actor=senco)
    plan_services.plan_update_draft(
        plan=plan,
        actor=senco,
        expected_edit_version=plan.edit_version,
        review_date=timezone.localdate() + dt.timedelta(weeks=8),
    )
    plan.refresh_from_db()
    summary = _summary(sibling)
    client = login(parent)
    for url in _family_urls(sibling, plan, summary):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("portal:child", args=[999999])).status_code == 404


def test_plan_or_summary_of_another_child_under_own_childs_id_is_404(login, parent, pupil, agreed, sibling, senco):

    other_plan = plan_services.plan_create_draft(pupil=sibling, actor=senco)
    other_summary = _summary(sibling)
    client = login(parent)
    assert client.get(reverse("portal:plan", args=[pupil.pk, agreed.pk])).status_code == 200
    assert client.get(reverse("portal:plan", args=[pupil.pk, other_plan.pk])).status_code == 404
    assert client.get(reverse("portal:summary", args=[pupil.pk, other_summary.pk])).status_code == 404


@pytest.mark.parametrize("change", [{"has_parental_responsibility": False}, {"ended_at": "now"}])
def test_losing_parental_responsibility_or_an_ended_link_closes_access_at_once(login, parent, pupil, agreed, change):
    summary = _summary(pupil)
    client = login(parent)
    urls = _family_urls(pupil, agreed, summary)
    for url in urls:
        assert client.get(url).status_code == 200, url
    parent.child_links.update(**{k: (timezone.now() if v == "now" else v) for k, v in change.items()})
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert pupil.display_name not in client.get(reverse("portal:home")).content.decode()


# ---- Drafts are never shown to families


def test_drafts_are_never_shown(login, parent, pupil, draft):
    client = login(parent)
    assert client.get(reverse("portal:plan", args=[pupil.pk, draft.pk])).status_code == 404
    page = client.get(reverse("portal:child", args=[pupil.pk])).content.decode()
    assert "does not have a written support plan yet" in page
    assert reverse("portal:plan", args=[pupil.pk, draft.pk]) not in page
    assert "Warning of changes to the day" not in page  # the draft's support


def test_next_version_draft_stays_hidden_while_the_agreed_plan_shows(login, parent, pupil, agreed, senco):
    new = plan_services.plan_new_version(plan=agreed, actor=senco)
    client = login(parent)
    page = client.get(reverse("portal:child", args=[pupil.pk])).content.decode()
    assert f"version {agreed.version}" in page
    assert reverse("portal:plan", args=[pupil.pk, new.pk]) not in page
    assert client.get(reverse("portal:plan", args=[pupil.pk, new.pk])).status_code == 404


# ---- Audit


def test_every_read_is_audited(login, parent, pupil, agreed):
    summary = _summary(pupil)
    client = login(parent)
    client.get(reverse("portal:home"))
    assert AuditEvent.objects.filter(actor=parent, action="list", target="family portal: children").exists()
    for url, target in [
        (reverse("portal:child", args=[pupil.pk]), "family portal: child page"),
        (reverse("portal:plan", args=[pupil.pk, agreed.pk]), "plan"),
        (reverse("portal:summary", args=[pupil.pk, summary.pk]), "meeting summary"),
        (reverse("portal:consents", args=[pupil.pk]), "consents"),
    ]:
        before = AuditEvent.objects.filter(actor=parent, action="view", pupil=pupil, target=target).count()
        assert client.get(url).status_code == 200
        assert (
            AuditEvent.objects.filter(actor=parent, action="view", pupil=pupil, target=target).count() == before + 1
        ), url


def test_navigation_for_families_points_to_the_portal(login, parent, young_person):
    page = login(parent).get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("portal:home")}"' in page and "My children" in page
    assert reverse("pupils:register") not in page
