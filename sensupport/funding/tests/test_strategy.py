"""The inclusion strategy: drafted from the catalogue and the budget, changed by the SENCO or head,
published by the head as a public page and PDF that anyone can read without signing in."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.core.testing.access import ANONYMOUS, LEADS, check_access, expect, identities
from sensupport.funding import services
from sensupport.funding.models import InclusionStrategy
from sensupport.provision.rules import financial_year_start

pytestmark = pytest.mark.django_db
FY = financial_year_start(timezone.localdate())


@pytest.fixture
def drafted(over, senco, school):
    services.budget_set(
        actor=senco,
        school=school,
        financial_year_start=FY,
        notional_sen_budget=Decimal("50000"),
        imf_allocation=Decimal("8000"),
    )
    return services.strategy_draft(actor=senco, school=school, financial_year_start=FY)


def test_the_draft_comes_from_the_catalogue_costs_and_budget(drafted):
    assert "£50,000.00" in drafted.introduction and "£8,000.00" in drafted.introduction
    activity = drafted.activities.get()
    assert (activity.name, activity.budgeted_cost) == ("1:1 support", Decimal("7600.00"))
    assert activity.who_for == "Pupils with cognition and learning needs: 1 pupil this year"
    assert "plan reviews" in activity.impact_measure
    assert AuditEvent.objects.filter(target=AuditEvent.Target.INCLUSION_STRATEGY, action="create").exists()


def test_a_second_draft_for_the_year_is_refused(drafted, senco, school):
    with pytest.raises(services.FundingError, match="already drafted"):
        services.strategy_draft(actor=senco, school=school, financial_year_start=FY)


def test_the_senco_changes_it_on_the_web_and_only_the_head_publishes(client, drafted, senco, head):
    client.force_login(senco)
    url = reverse("funding:strategy_edit") + f"?year={FY.year}"
    data = {
        "introduction": "Our approach.",
        "activity-TOTAL_FORMS": "2",
        "activity-INITIAL_FORMS": "1",
        "activity-MIN_NUM_FORMS": "0",
        "activity-MAX_NUM_FORMS": "60",
        "activity-0-name": "1:1 support",
        "activity-0-who_for": "Pupils who need an adult beside them",
        "activity-0-budgeted_cost": "7600",
        "activity-0-intended_outcomes": "Works independently for longer",
        "activity-0-impact_measure": "Plan reviews",
        "activity-1-name": "Nurture group",
        "activity-1-who_for": "Pupils with SEMH needs",
        "activity-1-budgeted_cost": "4000.50",
        "activity-1-intended_outcomes": "Calmer starts to the day",
        "activity-1-impact_measure": "Boxall profile",
    }
    assert client.post(url, data).status_code == 302
    drafted.refresh_from_db()
    assert drafted.introduction == "Our approach."
    assert list(drafted.activities.values_list("name", flat=True)) == ["1:1 support", "Nurture group"]
    assert drafted.total == Decimal("11600.50")
    with pytest.raises(services.FundingError):
        services.strategy_publish(actor=senco, strategy=drafted)
    client.force_login(head)
    client.post(reverse("funding:strategy_publish") + f"?year={FY.year}")
    drafted.refresh_from_db()
    assert drafted.status == InclusionStrategy.Status.PUBLISHED


def test_a_bad_cost_is_named_and_nothing_saved(client, drafted, senco):
    client.force_login(senco)
    data = {
        "introduction": "Changed",
        "activity-TOTAL_FORMS": "1",
        "activity-INITIAL_FORMS": "1",
        "activity-MIN_NUM_FORMS": "0",
        "activity-MAX_NUM_FORMS": "60",
        "activity-0-name": "1:1 support",
        "activity-0-who_for": "x",
        "activity-0-budgeted_cost": "lots",
        "activity-0-intended_outcomes": "x",
        "activity-0-impact_measure": "x",
    }
    html = client.post(reverse("funding:strategy_edit"), data).content.decode()
    assert "Enter the budgeted cost as a number of pounds" in html
    drafted.refresh_from_db()
    assert drafted.introduction != "Changed"


def test_only_a_published_strategy_is_public_and_anyone_reads_it(client, drafted, head, school):
    query = f"?school={school.urn}&year={FY.year}"
    assert client.get(reverse("funding:public_strategies") + query).status_code == 404  # a draft is not public
    services.strategy_publish(actor=head, strategy=drafted)
    page = client.get(reverse("funding:public_strategies") + query)  # nobody signed in
    assert page.status_code == 200 and "1:1 support" in page.content.decode() and "£7,600.00" in page.content.decode()
    assert school.name in client.get(reverse("funding:public_strategies")).content.decode()
    pdf = client.get(reverse("funding:public_strategy_pdf") + query)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("funding:public_strategy_pdf")).status_code == 302  # no school named: the list


def test_no_pupil_is_named_on_the_public_page(client, drafted, head, school, over):
    services.strategy_publish(actor=head, strategy=drafted)
    html = client.get(reverse("funding:public_strategies") + f"?school={school.urn}").content.decode()
    assert over.surname not in html and over.upn not in html


def test_who_may_open_the_strategy_pages(client, request):
    check_access(client, request, reverse("funding:strategy"), expect(allowed=LEADS | {"other_school_senco"}))
    everyone = set(identities()) - {ANONYMOUS}
    check_access(client, request, reverse("funding:public_strategies"), expect(allowed=everyone, anonymous=200))
