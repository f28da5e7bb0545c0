"""Who may open each Local Offer page (core.testing.access): every identity gets an explicit answer.

The directory, the feedback form and the Open Referral UK API are public: everyone, signed in or
not, gets them. Pages about one LA's rows are its officers' (another LA's officer is told the row
does not exist); a provider's editor (the professional, in this world) proposes changes to the
provider's entries; signposting a plan's support line is for the pupil's plan editors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.core.testing.access import LEADS, OUT_OF_SCOPE_NAMES, check_access, expect, identities
from sensupport.local_offer.models import ServiceChange, Signpost

EVERYONE = frozenset(identities()) - {"anonymous"}
PUBLIC = expect(allowed=EVERYONE, anonymous=200)
LA_ONLY = expect(allowed={"la_officer", "other_la_officer"})  # each LA's own queue
NORTHSHIRE_ROW = expect(allowed={"la_officer"}, hidden={"other_la_officer"})


@pytest.mark.parametrize(
    "name, args",
    [
        ("local_offer:search", []),
        ("local_offer:api_root", []),
        ("local_offer:api_services", []),
        ("local_offer:api_taxonomies", []),
        ("local_offer:api_taxonomy_terms", []),
    ],
)
def test_public_pages_open_to_everyone_signed_in_or_not(client, request, directory, name, args):
    check_access(client, request, reverse(name, args=args), PUBLIC)


def test_a_service_page_and_its_api_entry_are_public(client, request, directory):
    for name in ("local_offer:service", "local_offer:api_service"):
        check_access(client, request, reverse(name, args=[directory.support_group.pk]), PUBLIC)


def test_a_service_that_is_not_running_is_not_published(client, request, directory):
    for name in ("local_offer:service", "local_offer:api_service"):
        check_access(
            client, request, reverse(name, args=[directory.closed.pk]), expect(allowed=(), refused=404, anonymous=404)
        )


def test_anyone_may_leave_feedback(client, request, directory):
    check_access(
        client,
        request,
        reverse("local_offer:feedback"),
        expect(allowed=EVERYONE, ok=302, anonymous=302),
        method="POST",
        data={"page": "/local-offer/", "message": "The search is great"},
        isolate=True,
    )


def test_the_la_queue_is_for_la_officers(client, request, directory):
    check_access(client, request, reverse("local_offer:manage"), LA_ONLY)


def test_a_providers_entries_page_is_for_its_editors(client, request, directory):
    check_access(client, request, reverse("local_offer:my_services"), expect(allowed={"professional"}))


def test_a_proposed_change_is_for_officers_of_its_la(client, request, change):
    check_access(client, request, reverse("local_offer:change", args=[change.pk]), NORTHSHIRE_ROW)


@pytest.mark.parametrize(
    "name, data", [("local_offer:change_approve", {}), ("local_offer:change_reject", {"reason": "No"})]
)
def test_only_officers_of_its_la_decide_a_change(client, request, change, name, data):
    check_access(
        client,
        request,
        reverse(name, args=[change.pk]),
        expect(allowed={"la_officer"}, ok=302, hidden={"other_la_officer"}),
        method="POST",
        data=data,
        isolate=True,
        unchanged=lambda: ServiceChange.objects.get(pk=change.pk).state,
    )


def test_categories_and_checks_are_for_officers_of_the_services_la(client, request, directory):
    service = directory.support_group
    # The provider's editor may propose but not categorise: not told the LA's page exists.
    manage = expect(allowed={"la_officer"}, hidden={"other_la_officer", "professional"})
    check_access(client, request, reverse("local_offer:service_manage", args=[service.pk]), manage)
    check_access(
        client,
        request,
        reverse("local_offer:service_checked", args=[service.pk]),
        expect(allowed={"la_officer"}, ok=302, hidden={"other_la_officer", "professional"}),
        method="POST",
        isolate=True,
        unchanged=lambda: type(service).objects.get(pk=service.pk).last_checked_on,
    )
    check_access(
        client,
        request,
        reverse("local_offer:service_status", args=[service.pk]),
        expect(allowed={"la_officer"}, ok=302, hidden={"other_la_officer", "professional"}),
        method="POST",
        data={"status": "inactive"},
        isolate=True,
        unchanged=lambda: type(service).objects.get(pk=service.pk).status,
    )


def test_changes_are_proposed_by_the_providers_editors_and_the_las_officers(client, request, directory):
    check_access(
        client,
        request,
        reverse("local_offer:propose", args=[directory.support_group.pk]),
        expect(allowed={"la_officer", "professional"}, hidden={"other_la_officer"}),
    )
    # The council's own entry: not the group's editor's.
    check_access(
        client,
        request,
        reverse("local_offer:propose", args=[directory.audiology.pk]),
        expect(allowed={"la_officer"}, hidden={"other_la_officer", "professional"}),
    )


def test_a_plans_editors_signpost_its_support(client, request, directory, pupil, line):
    check_access(
        client,
        request,
        reverse("local_offer:signpost", args=[pupil.pk, line.pk]),
        expect(allowed=LEADS | {"teacher"}, hidden=OUT_OF_SCOPE_NAMES | {"professional", "service_admin"}),
    )
    check_access(
        client,
        request,
        reverse("local_offer:signpost", args=[pupil.pk, line.pk]),
        expect(allowed=LEADS | {"teacher"}, ok=302, hidden=OUT_OF_SCOPE_NAMES | {"professional", "service_admin"}),
        method="POST",
        data={"service": str(directory.support_group.pk)},
        isolate=True,
        unchanged=lambda: Signpost.objects.count(),
    )


def test_officers_add_providers_and_services_to_their_own_las_offer(client, request, directory):
    for name in ("local_offer:provider_new", "local_offer:service_new"):
        check_access(client, request, reverse(name), LA_ONLY)


def test_a_providers_page_is_for_officers_of_its_la(client, request, directory):
    group = directory.group
    check_access(client, request, reverse("local_offer:provider", args=[group.pk]), NORTHSHIRE_ROW)
    membership = group.editor_memberships.get()
    check_access(
        client,
        request,
        reverse("local_offer:provider_editor_remove", args=[group.pk, membership.pk]),
        expect(allowed={"la_officer"}, ok=302, hidden={"other_la_officer"}),
        method="POST",
        isolate=True,
        unchanged=lambda: group.editor_memberships.count(),
    )
