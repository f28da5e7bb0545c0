"""The Open Referral UK (v3) API at /local-offer/api/, checked against the published schemas
(oruk_schema/, vendored from OpenReferralUK/uk-profile: see its SOURCE.md)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker

from sensupport.local_offer.models import Service

SCHEMAS = Path(__file__).parent / "oruk_schema"
PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text())
    return Draft202012Validator(schema, format_checker=FormatChecker())


SERVICE = _validator("compiled_service.json")
SERVICE_LIST = _validator("compiled_service_list.json")
TAXONOMY = _validator("taxonomy.json")
TAXONOMY_TERM = _validator("taxonomy_term.json")
PAGE = Draft202012Validator(json.loads((SCHEMAS / "openapi.json").read_text())["components"]["schemas"]["Page"])


def _valid(validator: Draft202012Validator, document) -> None:
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def _get(client, name, *args, **params):
    response = client.get(reverse(f"local_offer:{name}", args=args), params)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == "application/json"
    return response


def _page(client, name, item_validator, **params) -> dict:
    response = _get(client, name, **params)
    assert response.status_code == 200
    body = response.json()
    _valid(PAGE, body)
    assert set(body) == PAGE_KEYS
    for item in body["contents"]:
        _valid(item_validator, item)
    return body


def test_the_root_names_the_version_and_profile(client, db):
    body = _get(client, "api_root").json()
    assert body["version"] == "3.0"
    assert body["profile"].startswith("https://") and body["openapi_url"].endswith("openapi.json")


def test_services_are_a_valid_oruk_page_of_open_services_only(client, directory):
    body = _page(client, "api_services", SERVICE_LIST)
    names = {s["name"] for s in body["contents"]}
    assert "Closed scheme" not in names
    assert body["total_items"] == Service.objects.published().count() == 5
    assert body["size"] == 5 and body["first_page"] and body["last_page"] and not body["empty"]
    group = next(s for s in body["contents"] if s["name"] == "Autism family support group")
    assert group["organization"]["name"] == "Autism Together"
    assert group["minimum_age"] == 0 and group["maximum_age"] == 25
    assert group["assured_date"] == directory.support_group.last_checked_on.isoformat()


def test_pages_of_services(client, directory):
    first = _page(client, "api_services", SERVICE_LIST, per_page=4)
    assert (first["total_pages"], first["page_number"], first["size"]) == (2, 1, 4)
    assert first["first_page"] and not first["last_page"]
    second = _page(client, "api_services", SERVICE_LIST, per_page=4, page=2)
    assert (second["size"], second["first_page"], second["last_page"]) == (1, False, True)
    assert not {s["id"] for s in first["contents"]} & {s["id"] for s in second["contents"]}
    beyond = _page(client, "api_services", SERVICE_LIST, per_page=4, page=9)
    assert beyond["contents"] == [] and beyond["size"] == 0 and beyond["total_items"] == 5


def test_no_services_is_an_empty_page(client, db):
    body = _page(client, "api_services", SERVICE_LIST)
    assert body["empty"] and body["total_items"] == 0 and body["total_pages"] == 1


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"search": "hearing"}, {"Audiology"}),  # a category's name
        ({"search": "teen club"}, {"Teen social club"}),  # every word
        ({"search": "Autism Together"}, {"Autism family support group", "Teen social club"}),  # the provider
        ({"minimum_age": 19}, {"Autism family support group", "Southshire short breaks"}),
        ({"maximum_age": 3}, {"Autism family support group", "Audiology", "Toy library", "Southshire short breaks"}),
        (
            {"minimum_age": 13, "maximum_age": 14},
            {"Autism family support group", "Teen social club", "Audiology", "Southshire short breaks"},
        ),
    ],
)
def test_filters(client, directory, params, expected):
    body = _page(client, "api_services", SERVICE_LIST, **params)
    assert {s["name"] for s in body["contents"]} == expected


def test_filter_by_taxonomy_term(client, directory):
    body = _page(client, "api_services", SERVICE_LIST, taxonomy_term_id=str(directory.autism.pk))
    assert {s["name"] for s in body["contents"]} == {"Autism family support group", "Teen social club"}


@pytest.mark.parametrize(
    "params, word",
    [
        ({"per_page": "ten"}, "per_page"),
        ({"per_page": 5000}, "per_page"),
        ({"page": 0}, "page"),
        ({"minimum_age": "-1"}, "minimum_age"),
        ({"taxonomy_term_id": "autism"}, "taxonomy_term_id"),
    ],
)
def test_bad_parameters_are_named(client, directory, params, word):
    response = _get(client, "api_services", **params)
    assert response.status_code == 400
    assert word in response.json()["detail"]


def test_the_full_service_validates_and_nests_its_details(client, directory):
    response = _get(client, "api_service", directory.support_group.pk)
    assert response.status_code == 200
    body = response.json()
    _valid(SERVICE, body)
    assert body["schedules"] == [
        {
            "id": str(directory.support_group.opening_times.get().pk),
            "service_id": str(directory.support_group.pk),
            "freq": "WEEKLY",
            "byday": "SA",
            "opens_at": "10:00",
            "closes_at": "12:00",
            "description": "Saturdays 10:00 to 12:00",
        }
    ]
    location = body["service_at_locations"][0]["location"]
    assert location["addresses"][0]["postal_code"] == "NT1 1AA" and location["location_type"] == "physical"
    terms = {a["taxonomy_term"]["name"]: a["taxonomy_term"]["taxonomy"] for a in body["attributes"]}
    assert terms == {"Autism": "Needs", "Leisure": "Kinds"}
    assert body["contacts"][0]["name"] == "Sam" and body["phones"][0]["number"] == "01632 960000"
    assert body["cost_options"][0]["option"] == "Free"
    # Derived ids are stable from one call to the next.
    assert _get(client, "api_service", directory.support_group.pk).json() == body


def test_every_open_service_validates_in_full(client, directory):
    for service in Service.objects.published():
        _valid(SERVICE, _get(client, "api_service", service.pk).json())


def test_an_unknown_or_closed_service_is_404_json(client, directory):
    for service_id in (uuid.uuid4(), directory.closed.pk):
        response = _get(client, "api_service", service_id)
        assert response.status_code == 404 and "detail" in response.json()


def test_taxonomies_and_terms_validate(client, directory):
    taxonomies = _page(client, "api_taxonomies", TAXONOMY)
    assert {t["name"] for t in taxonomies["contents"]} == {"Kinds", "Needs"}
    terms = _page(client, "api_taxonomy_terms", TAXONOMY_TERM)
    assert {t["name"] for t in terms["contents"]} == {"Health", "Leisure", "Autism", "Hearing impairment"}
    assert {t["taxonomy_id"] for t in terms["contents"]} == {str(directory.categories.pk), str(directory.needs.pk)}


def test_a_page_of_services_costs_the_same_queries_however_many_it_holds(client, directory):
    def queries(**params) -> int:
        with CaptureQueriesContext(connection) as ctx:
            _page(client, "api_services", SERVICE_LIST, **params)
        return len(ctx.captured_queries)

    assert queries(per_page=1) == queries(per_page=5)


def test_the_api_is_read_only(client, directory):
    response = client.post(reverse("local_offer:api_services"))
    assert response.status_code == 405
