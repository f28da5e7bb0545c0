"""Our rows as Open Referral UK v3 (HSDS 3.0, UK profile) objects. Pure mapping: rows in (with
their related rows already fetched: selectors.with_full_details), dicts out. ADR 0019 lists the
mapping; tests/oruk_schema holds the published schemas the tests validate against."""

from __future__ import annotations

import math
import uuid

from .models import OpeningTime, Provider, Service, Taxonomy, TaxonomyTerm
from .rules import ORUK_DAYS, WEEKDAYS

VERSION = "3.0"
PROFILE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/"
OPENAPI = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"

# Rows we do not keep as rows of their own (a service's one contact, its cost, its address, the link
# to its location) get ids derived from the service's, so they stay the same from call to call.
_NS = uuid.UUID("5b7f1d1e-6a4e-4d1a-9a43-1c2b7f0e4a13")


def _derived(kind: str, owner) -> str:
    return str(uuid.uuid5(_NS, f"{kind}:{owner}"))


def _blank_none(value):
    return value if value not in ("", None) else None


def root() -> dict:
    return {"version": VERSION, "profile": PROFILE, "openapi_url": OPENAPI}


def organization(provider: Provider) -> dict:
    return {
        "id": str(provider.id),
        "name": provider.name,
        "description": provider.description,
        **({"email": provider.email} if provider.email else {}),
        **({"website": provider.website} if provider.website else {}),
    }


def taxonomy(row: Taxonomy) -> dict:
    return {"id": str(row.id), "name": row.name, "description": row.description, "version": row.version}


def taxonomy_term(term: TaxonomyTerm) -> dict:
    out = {
        "id": str(term.id),
        "name": term.name,
        "description": term.description,
        "taxonomy": term.taxonomy.name,
        "taxonomy_id": str(term.taxonomy_id),
    }
    if term.code:
        out["code"] = term.code
    if term.parent_id:
        out["parent_id"] = str(term.parent_id)
    return out


def _attribute(service: Service, term: TaxonomyTerm) -> dict:
    return {
        "id": _derived(f"attribute:{term.id}", service.id),
        "link_id": str(service.id),
        "link_type": "service",
        "taxonomy_term_id": str(term.id),
        "taxonomy_term": taxonomy_term(term),
    }


def _schedule(service: Service, row: OpeningTime) -> dict:
    return {
        "id": str(row.id),
        "service_id": str(service.id),
        "freq": "WEEKLY",
        "byday": ORUK_DAYS[row.weekday],
        "opens_at": row.opens_at.strftime("%H:%M"),
        "closes_at": row.closes_at.strftime("%H:%M"),
        "description": f"{WEEKDAYS[row.weekday]}s {row.opens_at:%H:%M} to {row.closes_at:%H:%M}",
    }


def _location(service: Service) -> list[dict]:
    place = service.location
    if place is None:
        return []
    location = {
        "id": str(place.id),
        "location_type": "physical" if place.is_physical else "virtual",
        "name": place.name,
    }
    if place.latitude is not None and place.longitude is not None:
        location["latitude"] = float(place.latitude)
        location["longitude"] = float(place.longitude)
    if place.is_physical:
        location["addresses"] = [
            {
                "id": _derived("address", place.id),
                "location_id": str(place.id),
                "address_1": place.address_1,
                "city": place.city,
                "region": place.area,
                "state_province": place.area,
                "postal_code": place.postcode,
                "country": "GB",
                "address_type": "physical",
            }
        ]
    return [
        {
            "id": _derived("service_at_location", service.id),
            "service_id": str(service.id),
            "location_id": str(place.id),
            "location": location,
        }
    ]


def _one_to_one(service: Service) -> dict:
    """The fields of ORUK's service_list: the service's own, and its organization."""
    out = {
        "id": str(service.id),
        "organization_id": str(service.provider_id),
        "name": service.name,
        "description": service.description,
        "status": service.status,
        "fees": service.fees or "Free",
        "assured_date": service.last_checked_on.isoformat(),
        "last_modified": service.updated_at.isoformat(),
        "application_process": service.how_to_access,
        "organization": organization(service.provider),
    }
    for key in ("url", "email"):
        if value := _blank_none(getattr(service, key)):
            out[key] = value
    for key in ("minimum_age", "maximum_age"):
        if getattr(service, key) is not None:
            out[key] = getattr(service, key)
    return out


def service_list_item(service: Service) -> dict:
    return _one_to_one(service)


def service(row: Service) -> dict:
    """The fully nested service (ORUK /services/{id})."""
    out = _one_to_one(row)
    out["schedules"] = [_schedule(row, o) for o in row.opening_times.all()]
    out["service_at_locations"] = _location(row)
    out["service_areas"] = (
        [{"id": _derived("area", row.location_id), "service_id": str(row.id), "name": row.location.area}]
        if row.location is not None and row.location.area
        else []
    )
    out["contacts"] = (
        [{"id": _derived("contact", row.id), "service_id": str(row.id), "name": row.contact_name}]
        if row.contact_name
        else []
    )
    out["phones"] = (
        [{"id": _derived("phone", row.id), "service_id": str(row.id), "number": row.phone}] if row.phone else []
    )
    out["cost_options"] = [
        {
            "id": _derived("cost", row.id),
            "service_id": str(row.id),
            **({"amount_description": row.fees} if row.fees else {"option": "Free", "amount": 0}),
        }
    ]
    out["attributes"] = [_attribute(row, term) for term in row.terms.all()]
    out["languages"] = []
    out["funding"] = []
    return out


def page(items: list[dict], *, total: int, page_number: int, per_page: int) -> dict:
    """ORUK's Page: total_items, total_pages, page_number, size, first_page, last_page, empty, contents."""
    total_pages = max(1, math.ceil(total / per_page)) if per_page else 1
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(items),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": total == 0,
        "contents": items,
    }
