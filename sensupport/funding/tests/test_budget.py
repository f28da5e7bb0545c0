"""The school's SEN budget per financial year: entered by the SENCO or head, against what the
support in pupils' plans commits (provision's annual costs); a chart beside the table."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.funding import selectors, services
from sensupport.funding.models import SchoolBudget
from sensupport.provision.rules import financial_year_start

pytestmark = pytest.mark.django_db
FY = financial_year_start(timezone.localdate())


def test_the_senco_sets_a_budget_and_changing_it_is_audited_with_the_old_figures(senco, school):
    services.budget_set(
        actor=senco,
        school=school,
        financial_year_start=FY,
        notional_sen_budget=Decimal("50000"),
        imf_allocation=Decimal("8000"),
    )
    services.budget_set(
        actor=senco,
        school=school,
        financial_year_start=FY,
        notional_sen_budget=Decimal("52000"),
        imf_allocation=Decimal("8000"),
    )
    assert SchoolBudget.objects.get().notional_sen_budget == Decimal("52000")
    last = AuditEvent.objects.filter(target=AuditEvent.Target.SEN_BUDGET).order_by("pk").last()
    assert last.action == AuditEvent.Action.UPDATE and "was £50,000.00" in last.summary and last.school_id == school.pk


def test_a_teacher_or_another_school_cannot_set_it(teacher, other_school_senco, school):
    for actor in (teacher, other_school_senco):
        with pytest.raises(services.FundingError):
            services.budget_set(
                actor=actor,
                school=school,
                financial_year_start=FY,
                notional_sen_budget=Decimal("1"),
                imf_allocation=Decimal("0"),
            )


def test_commitments_come_from_the_costed_support(over, senco, school):
    services.budget_set(
        actor=senco,
        school=school,
        financial_year_start=FY,
        notional_sen_budget=Decimal("5000"),
        imf_allocation=Decimal("1000"),
    )
    found = selectors.school_budget(school_id=school.pk, financial_year_start=FY)
    assert found.committed == Decimal("7600.00")
    assert [(line.name, line.pupils, line.committed) for line in found.lines] == [
        ("1:1 support", 1, Decimal("7600.00"))
    ]
    assert found.position.available == Decimal("6000.00")
    assert found.position.uncommitted == Decimal("-1600.00") and found.position.over_committed


def test_the_budget_page_saves_and_shows_a_chart_beside_the_table(client, senco, over):
    client.force_login(senco)
    url = reverse("funding:budget")
    response = client.post(url, {"notional_sen_budget": "40000", "imf_allocation": "5000.50"})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "£40,000.00" in html and "£5,000.50" in html and "£7,600.00" in html
    assert "<svg" in html and 'aria-hidden="true"' in html


def test_a_bad_figure_is_named_and_nothing_saved(client, senco):
    client.force_login(senco)
    html = client.post(reverse("funding:budget"), {"notional_sen_budget": "-5", "imf_allocation": "x"}).content.decode()
    assert "cannot be less than £0" in html and "Enter the Inclusive Mainstream Fund allocation as a number" in html
    assert not SchoolBudget.objects.exists()
