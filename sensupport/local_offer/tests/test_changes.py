"""Providers propose; the LA's officers approve or reject and choose the categories."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.local_offer import services
from sensupport.local_offer.models import Service, ServiceChange


def test_an_approved_change_is_published_and_marks_the_entry_checked(directory, change, la_officer):
    Service.objects.filter(pk=directory.support_group.pk).update(last_checked_on=dt.date(2020, 1, 1))
    service = services.service_change_approve(actor=la_officer, change=change)
    service.refresh_from_db()
    assert service.phone == "01632 961111"
    assert service.last_checked_on == timezone.localdate()
    change.refresh_from_db()
    assert change.state == ServiceChange.State.APPROVED and change.decided_by == la_officer
    event = AuditEvent.objects.get(target=AuditEvent.Target.LOCAL_OFFER_SERVICE, action=AuditEvent.Action.UPDATE)
    assert event.changes == {"Phone": ["01632 960000", "01632 961111"]} and event.via == AuditEvent.Via.WEB


def test_nothing_is_published_before_approval(client, directory, change):
    body = client.get(reverse("local_offer:service", args=[directory.support_group.pk])).content.decode()
    assert "01632 960000" in body and "01632 961111" not in body


def test_opening_times_change_on_approval(directory, professional, la_officer):
    proposal = services.current_values(directory.support_group)
    assert proposal["opening_times"] == "Saturday 10:00-12:00"
    proposal["opening_times"] = "Sat 10.00 to 12.00\nWednesday 16:00-18:00"
    change = services.service_change_propose(actor=professional, service=directory.support_group, proposed=proposal)
    services.service_change_approve(actor=la_officer, change=change)
    assert [(o.weekday, o.opens_at.hour) for o in directory.support_group.opening_times.all()] == [(2, 16), (5, 10)]


def test_one_change_waits_at_a_time(directory, change, professional):
    proposal = services.current_values(directory.support_group)
    proposal["fees"] = "£1"
    with pytest.raises(services.LocalOfferError, match="already waiting"):
        services.service_change_propose(actor=professional, service=directory.support_group, proposed=proposal)


def test_a_provider_cannot_choose_categories(directory, professional):
    proposal = {**services.current_values(directory.support_group), "terms": [str(directory.health.pk)]}
    with pytest.raises(services.LocalOfferError, match="cannot change terms"):
        services.service_change_propose(actor=professional, service=directory.support_group, proposed=proposal)


def test_a_provider_cannot_change_another_providers_entry(directory, professional):
    proposal = {**services.current_values(directory.audiology), "fees": "£5"}
    with pytest.raises(services.LocalOfferError, match="Only the provider"):
        services.service_change_propose(actor=professional, service=directory.audiology, proposed=proposal)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("opening_times", "Mondays all day", "line 1"),
        ("opening_times", "Funday 09:00-10:00", "not a day"),
        ("opening_times", "Monday 17:00-09:00", "closes before it opens"),
        ("maximum_age", -1, None),
    ],
)
def test_bad_proposals_are_named(directory, professional, field, value, message):
    proposal = {**services.current_values(directory.support_group), field: value}
    if field == "maximum_age":
        proposal["minimum_age"] = 5
        message = "youngest age"
    with pytest.raises(services.LocalOfferError, match=message) as caught:
        services.service_change_propose(actor=professional, service=directory.support_group, proposed=proposal)
    assert caught.value.field in (field, "maximum_age")


def test_nothing_changed_needs_a_note(directory, professional):
    proposal = services.current_values(directory.support_group)
    with pytest.raises(services.LocalOfferError, match="Nothing has changed"):
        services.service_change_propose(actor=professional, service=directory.support_group, proposed=proposal)
    change = services.service_change_propose(
        actor=professional, service=directory.support_group, proposed=proposal, note="Still correct"
    )
    assert change.state == ServiceChange.State.PENDING


def test_a_rejection_needs_a_reason_the_provider_reads(client, directory, change, la_officer, professional):
    with pytest.raises(services.LocalOfferError, match="Say why"):
        services.service_change_reject(actor=la_officer, change=change, reason=" ")
    services.service_change_reject(actor=la_officer, change=change, reason="Please give a local number")
    change.refresh_from_db()
    assert change.state == ServiceChange.State.REJECTED and change.decision_note == "Please give a local number"
    with pytest.raises(services.LocalOfferError, match="already been decided"):
        services.service_change_approve(actor=la_officer, change=change)


def test_another_las_officer_cannot_decide(directory, change, other_la_officer):
    with pytest.raises(services.LocalOfferError):
        services.service_change_approve(actor=other_la_officer, change=change)


def test_the_la_chooses_categories_from_its_own_lists(directory, la_officer, other_la_officer):
    services.service_categorise(
        actor=la_officer, service=directory.teen_club, term_ids=[directory.autism.pk, directory.health.pk]
    )
    assert set(directory.teen_club.terms.values_list("name", flat=True)) == {"Autism", "Health"}
    with pytest.raises(services.LocalOfferError):
        services.service_categorise(actor=other_la_officer, service=directory.teen_club, term_ids=[])


def test_the_approval_pages(client, directory, change, la_officer):
    client.force_login(la_officer)
    queue = client.get(reverse("local_offer:manage")).content.decode()
    assert reverse("local_offer:change", args=[change.pk]) in queue and "Toy library" in queue  # stale entry
    page = client.get(reverse("local_offer:change", args=[change.pk])).content.decode()
    assert "01632 960000" in page and "01632 961111" in page
    response = client.post(reverse("local_offer:change_reject", args=[change.pk]), {"reason": ""})
    assert "Say why the change is not approved" in response.content.decode()
    response = client.post(reverse("local_offer:change_approve", args=[change.pk]))
    assert response.status_code == 302
    directory.support_group.refresh_from_db()
    assert directory.support_group.phone == "01632 961111"


def test_the_providers_pages(client, directory, professional):
    client.force_login(professional)
    page = client.get(reverse("local_offer:my_services")).content.decode()
    assert "Autism family support group" in page and "Audiology" not in page
    data = {**services.current_values(directory.teen_club), "fees": "£4 a session", "note": ""}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    response = client.post(reverse("local_offer:propose", args=[directory.teen_club.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ServiceChange.objects.get(service=directory.teen_club).proposed["fees"] == "£4 a session"
    assert "Change waiting for approval" in client.get(reverse("local_offer:my_services")).content.decode()


def test_an_officer_adds_a_provider_a_service_and_an_editor(
    client, directory, la_officer, school, other_school, django_capture_on_commit_callbacks
):
    from django.core import mail

    from sensupport.accounts.models import User

    provider = services.provider_create(
        actor=la_officer, name="Oak Primary", kind="school", description="Our SEN offer", school=school
    )
    assert provider.local_authority == la_officer.local_authority
    with pytest.raises(services.LocalOfferError, match="already has a provider"):
        services.provider_create(actor=la_officer, name="oak primary", kind="school", description="Again")
    with pytest.raises(services.LocalOfferError, match="your local authority's schools"):
        services.provider_create(actor=la_officer, name="Elm", kind="school", description="x", school=other_school)
    client.force_login(la_officer)
    response = client.post(
        reverse("local_offer:service_new"),
        {
            "provider": str(provider.pk),
            "name": "Oak nurture group",
            "description": "A calm start to the day",
            "how_to_access": "Ask the SENCO",
            "opening_times": "Monday 08:30-09:00",
            "city": "Northtown",
            "area": "Riverside",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    service = Service.objects.get(name="Oak nurture group")
    assert service.last_checked_on == timezone.localdate() and service.location.area == "Riverside"
    assert service.opening_times.get().opens_at == dt.time(8, 30)
    # An editor with no account yet: invited as an outside professional.
    with pytest.raises(services.LocalOfferError, match="first and last name"):
        services.provider_editor_add(actor=la_officer, provider=provider, email="new.person@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.provider_editor_add(
            actor=la_officer, provider=provider, email="new.person@example.org", first_name="Nia", last_name="New"
        )
    editor = User.objects.get(email="new.person@example.org")
    assert editor.has_perm("local_offer.propose_change", service) and any(
        "new.person@example.org" in m.to for m in mail.outbox
    )
    with pytest.raises(services.LocalOfferError, match="already edits"):
        services.provider_editor_add(actor=la_officer, provider=provider, email="NEW.person@example.org")


def test_the_proposer_hears_the_decision_and_reads_the_reason(
    client, directory, change, la_officer, professional, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        services.service_change_reject(actor=la_officer, change=change, reason="Please give a local number")
    assert [m.to for m in mail.outbox] == [[professional.email]]
    assert "not approved" in mail.outbox[0].subject and "Please give a local number" in mail.outbox[0].body
    client.force_login(professional)
    page = client.get(reverse("local_offer:my_services")).content.decode()
    assert "Please give a local number" in page


def test_an_officers_own_change_is_published_at_once(directory, la_officer):
    proposal = {**services.current_values(directory.audiology), "fees": "Free for under 5s"}
    change = services.service_change_propose(actor=la_officer, service=directory.audiology, proposed=proposal)
    assert change.state == ServiceChange.State.APPROVED
    directory.audiology.refresh_from_db()
    assert directory.audiology.fees == "Free for under 5s"


def test_an_officer_closes_a_service_and_it_leaves_the_public_pages(client, directory, la_officer):
    services.service_status_set(actor=la_officer, service=directory.audiology, status=Service.Status.INACTIVE)
    assert client.get(reverse("local_offer:service", args=[directory.audiology.pk])).status_code == 404
    assert "Audiology" not in client.get(reverse("local_offer:search")).content.decode()
    with pytest.raises(services.LocalOfferError, match="Choose whether"):
        services.service_status_set(actor=la_officer, service=directory.audiology, status="gone")
