"""Reads of the Local Offer. Public reads show services only (never a pupil); the editors' reads
are scoped to the officer's LA or the provider's own services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Feedback, Location, OpeningTime, Provider, Service, ServiceChange, Taxonomy, TaxonomyTerm
from .rules import stale_before


@dataclass(frozen=True)
class Search:
    """What a visitor (or an API client) asked for. Empty means no filter."""

    text: str = ""
    need: str = ""  # a need's name (the same words across LAs' lists)
    category: str = ""  # a category's name
    term_id: str = ""  # one taxonomy term's id (the API's taxonomy_term_id)
    age: int | None = None
    minimum_age: int | None = None  # the API's: services for someone this old or older
    maximum_age: int | None = None
    area: str = ""


def _words(text: str) -> list[str]:
    return [w for w in text.split() if w][:8]


def services_matching(search: Search) -> QuerySet[Service]:
    """Open services matching every filter given, ordered by name."""
    services = Service.objects.published()
    for word in _words(search.text):
        services = services.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(provider__name__icontains=word)
            | Q(terms__name__icontains=word)
        )
    for purpose, name in ((Taxonomy.Purpose.NEED, search.need), (Taxonomy.Purpose.CATEGORY, search.category)):
        if name:
            services = services.filter(terms__name=name, terms__taxonomy__purpose=purpose)
    if search.term_id:
        services = services.filter(terms__id=search.term_id)
    if search.age is not None:
        services = services.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=search.age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=search.age),
        )
    # ORUK: minimum_age=N lists services whose range reaches N or above; maximum_age=N, N or below.
    if search.minimum_age is not None:
        services = services.filter(Q(maximum_age__isnull=True) | Q(maximum_age__gte=search.minimum_age))
    if search.maximum_age is not None:
        services = services.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lte=search.maximum_age))
    if search.area:
        services = services.filter(Q(location__area__iexact=search.area) | Q(location__isnull=True))
    if search.text or search.need or search.category or search.term_id:
        # Joins through terms can repeat a service: keep each once without DISTINCT over big rows.
        services = Service.objects.filter(pk__in=services.values("pk")).order_by("name", "id")
    return services.order_by("name", "id")


def with_listing_details(services: QuerySet[Service]) -> QuerySet[Service]:
    """What a results page (or ORUK's service_list) shows: a fixed number of queries for any page."""
    return services.select_related("provider", "location").prefetch_related(
        Prefetch("terms", queryset=TaxonomyTerm.objects.select_related("taxonomy"))
    )


def with_full_details(services: QuerySet[Service]) -> QuerySet[Service]:
    """The whole nested service (ORUK /services/{id}; the public service page)."""
    return with_listing_details(services).prefetch_related(
        Prefetch("opening_times", queryset=OpeningTime.objects.order_by("weekday", "opens_at"))
    )


def published_service(service_id) -> Service | None:
    try:
        return with_full_details(Service.objects.published()).get(pk=service_id)
    except (Service.DoesNotExist, ValueError, ValidationError):
        return None


def search_choices():
    """The filters' options: needs and categories (every LA's terms, by name), areas."""
    terms = TaxonomyTerm.objects.select_related("taxonomy").order_by("name")
    needs, categories = [], []
    seen: set[tuple[str, str]] = set()
    for term in terms:
        key = (term.taxonomy.purpose, term.name)
        if key in seen:
            continue
        seen.add(key)
        (needs if term.taxonomy.purpose == Taxonomy.Purpose.NEED else categories).append(term)
    areas = sorted(set(Location.objects.exclude(area="").values_list("area", flat=True)))
    return {"needs": needs, "categories": categories, "areas": areas}


def taxonomies() -> QuerySet[Taxonomy]:
    return Taxonomy.objects.order_by("name", "id")


def taxonomy_terms() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.select_related("taxonomy").order_by("taxonomy__name", "name", "id")


# ---------------------------------------------------------------- The editors' reads


def la_dashboard(user, *, on: dt.date) -> dict:
    """An LA officer's queue: pending changes, stale entries and feedback, their LA's only."""
    la = user.local_authority_id
    return {
        "pending": list(
            ServiceChange.objects.filter(state=ServiceChange.State.PENDING, service__provider__local_authority_id=la)
            .select_related("service", "service__provider", "proposed_by")
            .order_by("proposed_at")
        ),
        "stale": list(
            Service.objects.filter(provider__local_authority_id=la, last_checked_on__lt=stale_before(on))
            .exclude(status=Service.Status.INACTIVE)
            .select_related("provider")
            .order_by("last_checked_on", "name")
        ),
        "feedback": list(
            Feedback.objects.filter(Q(local_authority_id=la) | Q(local_authority__isnull=True))
            .select_related("service")
            .order_by("-created_at")[:100]
        ),
        "services": Service.objects.filter(provider__local_authority_id=la).count(),
        "providers": list(
            Provider.objects.filter(local_authority_id=la)
            .annotate(entries=Count("services", distinct=True), editor_count=Count("editor_memberships", distinct=True))
            .order_by("name")
        ),
    }


def providers_edited_by(user) -> list[Provider]:
    return list(
        Provider.objects.filter(editor_memberships__user=user)
        .prefetch_related(
            Prefetch("services", queryset=Service.objects.order_by("name")),
            Prefetch(
                "services__changes",
                queryset=ServiceChange.objects.filter(state=ServiceChange.State.PENDING),
                to_attr="pending_changes",
            ),
            Prefetch(
                "services__changes",
                queryset=ServiceChange.objects.exclude(state=ServiceChange.State.PENDING).order_by(
                    "-decided_at", "-id"
                ),
                to_attr="decided_changes",
            ),
        )
        .order_by("name")
    )
