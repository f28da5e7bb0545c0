"""Every service administration page is the service administrator's alone: 403 for every other
signed-in role, a sign-in redirect for anonymous visitors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.core.testing.access import check_access, expect

URLS = ["home", "la_create", "school_create", "schools_import", "schools_import_preview", "leader_create", "health"]
POST_URLS = ["schools_import_confirm", "schools_import_cancel"]
# The preview and the confirmation with nothing uploaded send the administrator back to the upload page.
ADMIN_ANSWER = {"schools_import_preview": 302, "schools_import_confirm": 302, "schools_import_cancel": 302}


@pytest.mark.django_db
@pytest.mark.parametrize("name", URLS + POST_URLS)
def test_the_service_administrator_alone_opens_it(client, request, name):
    """Every identity (core/testing/access.py): 403 for every signed-in role but the service
    administrator's, a sign-in redirect for anonymous visitors."""
    check_access(
        client,
        request,
        reverse(f"administration:{name}"),
        expect(allowed={"service_admin"}, ok=ADMIN_ANSWER.get(name, 200)),
        method="POST" if name in POST_URLS else "GET",
    )


@pytest.mark.django_db
def test_the_service_administrators_home_links_to_the_pages(client, service_admin):
    client.force_login(service_admin)
    page = client.get(reverse("core:home")).content.decode()
    for name in ("home", "schools_import", "leader_create", "health"):
        assert f'href="{reverse(f"administration:{name}")}"' in page
