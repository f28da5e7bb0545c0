"""The Local Offer's world: Northshire's directory (core/testing/people.py's LA) with its two
taxonomies, the council and a voluntary group (the outside professional edits the group's entries),
five services across needs, ages and areas, one of them not checked for two years; Southshire's one
service; and Peter's agreed plan (plans' fixtures) for signposting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sensupport.local_offer import services
from sensupport.local_offer.models import (
    Location,
    OpeningTime,
    Provider,
    ProviderEditor,
    Service,
    Taxonomy,
    TaxonomyTerm,
)
from sensupport.plans.tests.conftest import agreed, assessed, draft, on_support  # noqa: F401  (shared plan fixtures)


class Directory:
    """Rows by name, for the tests to read."""

    def __init__(self, **rows):
        self.__dict__.update(rows)


def _service(provider, name, *, terms=(), location=None, checked=None, **fields) -> Service:
    service = Service.objects.create(
        provider=provider,
        name=name,
        description=fields.pop("description", f"About {name}"),
        how_to_access=fields.pop("how_to_access", "Drop in"),
        location=location,
        last_checked_on=checked or timezone.localdate(),
        **fields,
    )
    service.terms.set(terms)
    return service


@pytest.fixture
def directory(la, other_la, professional):
    categories = Taxonomy.objects.create(local_authority=la, name="Kinds", description="Kinds", purpose="category")
    needs = Taxonomy.objects.create(local_authority=la, name="Needs", description="Needs", purpose="need")
    health = TaxonomyTerm.objects.create(taxonomy=categories, name="Health", description="NHS")
    leisure = TaxonomyTerm.objects.create(taxonomy=categories, name="Leisure", description="Clubs")
    autism = TaxonomyTerm.objects.create(taxonomy=needs, code="ASD", name="Autism", description="ASD")
    hearing = TaxonomyTerm.objects.create(taxonomy=needs, code="HI", name="Hearing impairment", description="HI")
    council = Provider.objects.create(local_authority=la, name="Northshire Council", kind="la", description="LA")
    group = Provider.objects.create(
        local_authority=la, name="Autism Together", kind="voluntary", description="A charity", email="hi@example.org"
    )
    ProviderEditor.objects.create(provider=group, user=professional)
    riverside = Location.objects.create(
        name="Riverside Hub", address_1="1 River Road", city="Northtown", area="Riverside", postcode="NT1 1AA"
    )
    hilltop = Location.objects.create(name="Hilltop Centre", address_1="2 Hill Road", city="Northtown", area="Hilltop")
    support_group = _service(
        group,
        "Autism family support group",
        terms=[autism, leisure],
        location=riverside,
        minimum_age=0,
        maximum_age=25,
        phone="01632 960000",
        contact_name="Sam",
        email="group@example.org",
        url="https://example.org/group",
    )
    OpeningTime.objects.create(service=support_group, weekday=5, opens_at=dt.time(10), closes_at=dt.time(12))
    teen_club = _service(
        group,
        "Teen social club",
        terms=[autism, leisure],
        location=hilltop,
        minimum_age=12,
        maximum_age=18,
        fees="£3 a session",
    )
    audiology = _service(council, "Audiology", terms=[health, hearing], location=hilltop, minimum_age=0, maximum_age=18)
    old_entry = _service(
        council,
        "Toy library",
        terms=[leisure],
        location=riverside,
        minimum_age=0,
        maximum_age=5,
        checked=timezone.localdate() - dt.timedelta(days=800),
    )
    closed = _service(council, "Closed scheme", terms=[leisure], status=Service.Status.INACTIVE)
    south_council = Provider.objects.create(
        local_authority=other_la, name="Southshire Council", kind="la", description="LA"
    )
    south_service = _service(south_council, "Southshire short breaks")
    return Directory(
        categories=categories,
        needs=needs,
        health=health,
        leisure=leisure,
        autism=autism,
        hearing=hearing,
        council=council,
        group=group,
        riverside=riverside,
        hilltop=hilltop,
        support_group=support_group,
        teen_club=teen_club,
        audiology=audiology,
        old_entry=old_entry,
        closed=closed,
        south_service=south_service,
    )


@pytest.fixture
def change(directory, professional):
    """The group's editor proposes a new phone number for the support group."""
    proposal = services.current_values(directory.support_group)
    proposal["phone"] = "01632 961111"
    return services.service_change_propose(actor=professional, service=directory.support_group, proposed=proposal)


@pytest.fixture
def line(agreed):  # noqa: F811  (plans' fixture)
    """The first support line of Peter's agreed plan."""
    return agreed.provisions.order_by("order", "id").first()
