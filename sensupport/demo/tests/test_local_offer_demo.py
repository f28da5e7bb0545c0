"""Demoshire's Local Offer (sensupport/demo/local_offer.py): 40+ services across categories and
ages, a few stale, one pending change, Peter's plan signposted; and the wipe removes all of it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.demo import builder
from sensupport.local_offer.models import Provider, Service, ServiceChange, Signpost, Taxonomy, TaxonomyTerm
from sensupport.local_offer.rules import stale_before

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        summary = builder.demo_load()
        yield summary
        builder.demo_wipe()
        assert not Service.objects.exists() and not Provider.objects.exists() and not Taxonomy.objects.exists()
        assert not AuditEvent.objects.filter(target__startswith="local offer").exists()


def test_forty_services_across_kinds_categories_and_ages(demo):
    services = Service.objects.published()
    assert services.count() == demo.counts["Local Offer services"] >= 40
    assert set(Provider.objects.values_list("kind", flat=True)) == {"la", "health", "voluntary", "school"}
    categories = TaxonomyTerm.objects.filter(taxonomy__purpose="category", services__isnull=False).distinct()
    assert categories.count() >= 8
    assert services.filter(maximum_age__lte=5).exists() and services.filter(minimum_age__gte=16).exists()
    assert Service.objects.filter(provider__kind="school").count() == 3


def test_a_few_are_stale_and_one_change_waits(demo):
    stale = Service.objects.filter(last_checked_on__lt=stale_before(timezone.localdate()))
    assert 1 <= stale.count() <= 5
    assert ServiceChange.objects.filter(state="pending").count() == 1


def test_peters_plan_is_signposted(demo):
    signpost = Signpost.objects.select_related("provision__plan__pupil", "service").get()
    assert signpost.provision.plan.pupil.forename == "Peter"
    assert signpost.service.name == "Calm Kids anxiety group"
