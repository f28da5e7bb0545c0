"""The element 2 monitor: the dated threshold, pupils over and approaching it, the home panel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.funding import selectors
from sensupport.funding.models import Element2Threshold
from sensupport.provision.rules import financial_year_start

pytestmark = pytest.mark.django_db
FY = financial_year_start(timezone.localdate())


def test_the_threshold_is_dated_configuration_and_a_new_amount_leaves_earlier_years_alone():
    assert selectors.threshold_on(dt.date(2020, 4, 1)).amount == Decimal("6000.00")
    Element2Threshold.objects.create(amount=Decimal("7000"), effective_from=dt.date(2030, 4, 1))
    assert selectors.threshold_on(dt.date(2029, 4, 1)).amount == Decimal("6000.00")
    assert selectors.threshold_on(dt.date(2030, 4, 1)).amount == Decimal("7000")


def test_a_pupil_over_the_threshold_is_listed_with_the_cost(over, school):
    watch = selectors.element2_watch(school_id=school.pk, financial_year_start=FY)
    assert [(w.pupil, w.cost, w.band, w.share) for w in watch.over] == [(over, Decimal("7600.00"), "over", 126)]
    assert watch.approaching == []


def test_a_pupil_approaching_the_threshold_is_listed(approaching, school):
    watch = selectors.element2_watch(school_id=school.pk, financial_year_start=FY)
    assert [(w.pupil, w.cost, w.share) for w in watch.approaching] == [(approaching, Decimal("4940.00"), 82)]
    assert watch.over == []


def test_a_pupil_below_the_approaching_share_is_not_listed(draft, senco, school):
    from .conftest import cost_support

    cost_support(draft, senco, hourly="20.00")  # £3,800: 63%
    watch = selectors.element2_watch(school_id=school.pk, financial_year_start=FY)
    assert watch.over == watch.approaching == []


def test_the_senco_sees_the_monitor_and_the_reads_are_audited(client, senco, over):
    client.force_login(senco)
    page = client.get(reverse("funding:element2"))
    html = page.content.decode()
    assert "£7,600.00" in html and reverse("funding:topup_new", args=[over.pk]) in html
    assert "not a condition of an EHC needs assessment" in html
    assert AuditEvent.objects.filter(
        target=AuditEvent.Target.ELEMENT_2_MONITOR, pupil_id=over.pk, action=AuditEvent.Action.LIST
    ).exists()


def test_the_home_panel_names_pupils_over_and_approaching_for_the_senco_only(client, senco, teacher, over):
    client.force_login(senco)
    html = client.get(reverse("core:home")).content.decode()
    assert "Element 2 threshold" in html and "1 pupil over the threshold" in html
    client.force_login(teacher)
    assert "Element 2 threshold" not in client.get(reverse("core:home")).content.decode()


def test_nothing_says_the_threshold_gates_an_ehc_needs_assessment(client, senco, over):
    client.force_login(senco)
    for url in (reverse("funding:element2"), reverse("funding:topup_new", args=[over.pk])):
        html = client.get(url).content.decode().lower()
        assert "before an ehc" not in html and "needed for an ehc" not in html and "required for an ehc" not in html
