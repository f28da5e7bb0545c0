from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sensupport.pupils import services
from sensupport.pupils.census import RankedNeed


@pytest.mark.django_db
def test_pupil_list_is_scoped_and_filtered(login, senco, teacher, pupil, sibling, other_school_pupil):
    services.parent_conversation_record(
        pupil=pupil,
        actor=senco,
        held_on=timezone.localdate(),
        method="phone",
        purpose="start_support",
        parents_present="Mum",
        summary="ok",
    )
    services.pupil_status_change(
        pupil=pupil, status="K", start_date=timezone.localdate(), actor=senco, needs=[RankedNeed("SLCN", 1)]
    )
    data = login(senco).get(reverse("api:pupil_list")).json()
    assert {row["upn"] for row in data["results"]} == {pupil.upn, sibling.upn}
    data = login(senco).get(reverse("api:pupil_list"), {"status": "K"}).json()
    assert [row["upn"] for row in data["results"]] == [pupil.upn]
    assert data["results"][0]["needs"][0]["need_type"] == "SLCN"
    assert data["results"][0]["needs"][0]["broad_area"] == "Communication and interaction"
    data = login(teacher).get(reverse("api:pupil_list")).json()
    assert [row["upn"] for row in data["results"]] == [pupil.upn]


@pytest.mark.django_db
def test_pupil_detail_has_history_and_census_provision(login, senco, teacher, pupil):
    services.concern_raise(pupil=pupil, actor=teacher, noticed="x")
    data = login(senco).get(reverse("api:pupil_detail", args=[pupil.pk])).json()
    assert data["sen_status"] == "M" and data["census_provision"] == "N"
    assert [h["status"] for h in data["status_history"]] == ["M"]


@pytest.mark.django_db
def test_schema_is_openapi_and_public(client):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/pupils/" in schema["paths"] and "/api/pupils/{id}/" in schema["paths"]


@pytest.mark.django_db
def test_api_refuses_anonymous(client, pupil):
    assert client.get(reverse("api:pupil_list")).status_code == 403
