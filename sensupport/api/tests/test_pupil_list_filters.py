"""Odd filter values on /api/pupils/ are a 400 naming the parameter and what it may be, never a
500 (PostgreSQL refuses a NUL character in a query, so it must not reach the database)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.audit.models import AuditEvent

ODD_VALUES = ["\x00", "4\x00", "abc", "-1", "99999999999999999999", "K" * 5000, "Ｋ", "' OR 1=1 --"]


@pytest.mark.django_db
def test_nul_year_group_is_a_clear_400(login, senco, pupil):
    response = login(senco).get(reverse("api:pupil_list"), {"year_group": "\x00"})
    assert response.status_code == 400
    assert response.json() == {"year_group": ["Year group must be one of N1, N2, R, 1 to 14 or X"]}
    assert not AuditEvent.objects.filter(pupil=pupil).exists()  # nothing was shown


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("param", "value"),
    [
        (param, value)
        for param in ("status", "need", "area", "year_group", "group")
        for value in ODD_VALUES
        # A whole number is a well-formed group id: see test_a_group_that_is_not_yours_finds_nobody.
        if not (param == "group" and value.lstrip("-").isdigit())
    ],
)
def test_every_filter_refuses_odd_values_with_a_400(login, senco, pupil, param, value):
    client = login(senco)
    client.raise_request_exception = False
    response = client.get(reverse("api:pupil_list"), {param: value})
    assert response.status_code == 400
    messages = response.json()[param]
    assert messages and all("must" in message for message in messages)


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["another school's", "made up"])
def test_a_group_that_is_not_yours_finds_nobody(login, senco, pupil, other_school, other_school_pupil, which):
    """As the schema says: pupils in that group whom you may see, which is none; whether the
    group exists is not told."""
    from sensupport.core.factories import TeachingGroupFactory

    theirs = TeachingGroupFactory(school=other_school, name="Class 9Z")
    theirs.pupils.add(other_school_pupil)
    group = theirs.pk if which == "another school's" else 99999999999999999999
    response = login(senco).get(reverse("api:pupil_list"), {"group": group})
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.django_db
def test_valid_filters_still_filter(login, senco, pupil, sibling, class_group):
    client = login(senco)
    assert [r["id"] for r in client.get(reverse("api:pupil_list"), {"year_group": "4"}).json()["results"]] == [pupil.pk]
    assert [r["id"] for r in client.get(reverse("api:pupil_list"), {"group": class_group.pk}).json()["results"]] == [
        pupil.pk
    ]
    for params in ({"status": "register"}, {"need": "SLCN"}, {"area": "semh"}, {"status": ""}):
        assert client.get(reverse("api:pupil_list"), params).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["\x00", "0", "abc", "99"])
def test_a_page_that_does_not_exist_says_what_to_send(login, senco, pupil, value):
    response = login(senco).get(reverse("api:pupil_list"), {"page": value})
    assert response.status_code == 404
    assert response.json() == {"detail": "Page must be a whole number from 1 to the last page (see count and next)"}


@pytest.mark.django_db
def test_schema_documents_the_400(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    assert "400" in schema["paths"]["/api/pupils/"]["get"]["responses"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/pupils/-5/", "/api/pupils/-5/plans/", "/api/no-such-thing/"])
def test_an_unknown_api_address_answers_in_json(login, senco, path):
    response = login(senco).get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "Not found" in response.json()["detail"]


@pytest.mark.django_db
def test_an_empty_page_is_refused_like_any_other_page_that_is_not_a_number(login, senco, pupil):
    client = login(senco)
    assert client.get(reverse("api:pupil_list"), {"page": ""}).status_code == 404
    assert client.get(reverse("api:pupil_list"), {"page": "1"}).status_code == 200
    assert client.get(reverse("api:pupil_list"), {"need": ""}).status_code == 200  # an empty filter is "any"
