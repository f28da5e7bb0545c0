"""Small display helpers for the Local Offer's own templates (over prefetched rows: no queries)."""

from __future__ import annotations

from django import template

from .. import rules
from ..models import Taxonomy

register = template.Library()


@register.simple_tag
def age_range(service) -> str:
    return rules.age_range_text(service.minimum_age, service.maximum_age)


def _terms(service, purpose: str) -> list[str]:
    return [t.name for t in service.terms.all() if t.taxonomy.purpose == purpose]


@register.filter
def needs_of(service) -> list[str]:
    return _terms(service, Taxonomy.Purpose.NEED)


@register.filter
def categories_of(service) -> list[str]:
    return _terms(service, Taxonomy.Purpose.CATEGORY)


@register.filter
def opening_line(row) -> str:
    return f"{rules.WEEKDAYS[row.weekday]}, {row.opens_at:%H:%M} to {row.closes_at:%H:%M}"
