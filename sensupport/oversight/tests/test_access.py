"""Who may open the oversight pages: LA officers their own LA's schools, a head their own school."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.core.testing.access import check_access, expect


@pytest.mark.django_db
def test_who_may_open_the_la_dashboard(client, request, school):
    check_access(
        client,
        request,
        reverse("oversight:dashboard"),
        expect(allowed={"la_officer", "other_la_officer", "head"}),
    )


@pytest.mark.django_db
def test_who_may_open_a_schools_figures(client, request, school):
    check_access(
        client,
        request,
        reverse("oversight:school", args=[school.pk]),
        expect(allowed={"la_officer", "head"}, hidden={"other_la_officer"}),
    )


@pytest.mark.django_db
def test_who_may_prepare_a_case_sample(client, request, school):
    check_access(client, request, reverse("oversight:case_sample"), expect(allowed={"head"}))


@pytest.mark.django_db
def test_the_menu_links_oversight_exactly_for_who_may_open_it(client, head, la_officer, senco):
    for user, shown in ((la_officer, True), (head, True), (senco, False)):
        client.force_login(user)
        page = client.get(reverse("core:home")).content.decode()
        assert (reverse("oversight:dashboard") in page) is shown, user.role
