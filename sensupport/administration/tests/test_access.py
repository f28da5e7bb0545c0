"""Every service administration page is the service administrator's alone: 403 for every other
signed-in role, a sign-in redirect for anonymous visitors."""

from __future__ import annotations

import pytest
from django.urls import reverse

URLS = ["home", "la_create", "school_create", "schools_import", "schools_import_preview", "leader_create", "health"]
POST_URLS = ["schools_import_confirm", "schools_import_cancel"]
OTHER_ROLES = ["senco", "head", "school_admin", "teacher", "ta", "parent", "la_officer", "professional"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", URLS)
def test_the_service_administrator_opens_it(client, service_admin, name):
    client.force_login(service_admin)
    response = client.get(reverse(f"administration:{name}"))
    # The preview with nothing uploaded sends the administrator back to the upload page.
    assert response.status_code == (302 if name == "schools_import_preview" else 200)


@pytest.mark.django_db
@pytest.mark.parametrize("name", URLS + POST_URLS)
@pytest.mark.parametrize("role", OTHER_ROLES)
def test_every_other_role_is_refused(client, request, role, name):
    client.force_login(request.getfixturevalue(role))
    url = reverse(f"administration:{name}")
    assert (client.post(url) if name in POST_URLS else client.get(url)).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("name", URLS + POST_URLS)
def test_anonymous_is_sent_to_sign_in(client, name):
    url = reverse(f"administration:{name}")
    response = client.post(url) if name in POST_URLS else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_the_service_administrators_home_links_to_the_pages(client, service_admin):
    client.force_login(service_admin)
    page = client.get(reverse("core:home")).content.decode()
    for name in ("home", "schools_import", "leader_create", "health"):
        assert f'href="{reverse(f"administration:{name}")}"' in page
