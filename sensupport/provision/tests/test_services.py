"""The catalogue, pay rates, weeks a year and costing a line: who may, what is refused, and the audit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from sensupport.audit.models import AuditEvent
from sensupport.provision import selectors, services
from sensupport.provision.models import PayRate, SupportCosting

from .conftest import FY


def test_a_rate_from_a_date_adds_a_row_and_keeps_the_old_one(senco, ta_role):
    services.pay_rate_set(
        actor=senco, role=ta_role, hourly_cost=Decimal("19.00"), valid_from=FY + dt.timedelta(days=150), via="api"
    )
    assert list(PayRate.objects.filter(role=ta_role).values_list("hourly_cost", flat=True)) == [
        Decimal("18.00"),
        Decimal("19.00"),
    ]
    event = AuditEvent.objects.filter(target=AuditEvent.Target.PAY_RATE).latest("pk")
    assert event.via == AuditEvent.Via.API and "£19.00" in event.summary


def test_a_rate_set_again_for_the_same_day_corrects_it_and_the_audit_keeps_the_old_figure(senco, ta_role):
    services.pay_rate_set(actor=senco, role=ta_role, hourly_cost=Decimal("18.50"), valid_from=FY)
    assert PayRate.objects.get(role=ta_role).hourly_cost == Decimal("18.50")
    event = AuditEvent.objects.filter(target=AuditEvent.Target.PAY_RATE).latest("pk")
    assert event.changes["hourly_cost"] == ["18.00", "18.50"]


@pytest.mark.parametrize("who", ["teacher", "ta", "school_admin"])
def test_only_the_senco_or_head_sets_pay(request, who, ta_role):
    with pytest.raises(PermissionDenied):
        services.pay_rate_set(actor=request.getfixturevalue(who), role=ta_role, hourly_cost=1, valid_from=FY)


def test_another_school_s_role_is_refused(other_school_senco, ta_role):
    with pytest.raises(PermissionDenied):
        services.pay_rate_set(actor=other_school_senco, role=ta_role, hourly_cost=1, valid_from=FY)


def test_a_negative_or_unreadable_cost_is_refused_on_its_field(senco, ta_role):
    for bad in ("-1", "lots"):
        with pytest.raises(services.ProvisionError) as refused:
            services.pay_rate_set(actor=senco, role=ta_role, hourly_cost=bad, valid_from=FY)
        assert refused.value.field == "hourly_cost"


def test_weeks_a_year_is_a_school_setting_that_prices_every_line(senco, costed_line, pupil):
    services.weeks_per_year_set(actor=senco, weeks=39, via="command")
    line = next(line for line in selectors.pupil_cost_lines(pupil=pupil, financial_year_start=FY) if line.is_costed)
    assert line.weeks == Decimal("39.0")
    assert AuditEvent.objects.filter(target=AuditEvent.Target.PROVISION_SETTINGS, via="command").exists()
    with pytest.raises(services.ProvisionError):
        services.weeks_per_year_set(actor=senco, weeks=53)


def test_a_catalogue_entry_names_real_strategy_bank_barriers(senco):
    with pytest.raises(services.ProvisionError) as refused:
        services.intervention_save(
            actor=senco,
            name="Mystery",
            broad_area="Cognition and learning",
            barrier_keys=["not-a-barrier"],
            sessions_per_week=1,
            minutes_per_session=10,
            group_size=1,
        )
    assert refused.value.field == "barrier_keys"


def test_two_entries_cannot_share_a_name(senco, precision_teaching):
    with pytest.raises(services.ProvisionError, match="already has"):
        services.intervention_save(
            actor=senco,
            name="precision teaching",
            broad_area="Cognition and learning",
            sessions_per_week=1,
            minutes_per_session=10,
            group_size=1,
        )


def test_a_teacher_cannot_change_the_catalogue(teacher):
    with pytest.raises(PermissionDenied):
        services.intervention_save(actor=teacher, name="X", broad_area="Cognition and learning")


def test_costing_a_line_is_audited_on_the_pupil_and_can_be_undone(senco, costed_line, pupil):
    assert AuditEvent.objects.filter(target=AuditEvent.Target.SUPPORT_COSTING, pupil_id=pupil.pk).exists()
    services.support_costing_set(actor=senco, provision=costed_line, intervention=None, via="api")
    assert not SupportCosting.objects.filter(provision=costed_line).exists()
    assert selectors.pupil_additional_costs(school_ids=[pupil.school_id], financial_year_start=FY) == {
        pupil.pk: Decimal("0.00")
    }
    assert AuditEvent.objects.filter(target=AuditEvent.Target.SUPPORT_COSTING, via="api").exists()


def test_a_line_cannot_be_costed_from_another_school_s_catalogue(other_school_senco, senco, costed_line):
    from sensupport.provision.models import Intervention

    theirs = Intervention.objects.create(
        school=other_school_senco.school, name="Theirs", broad_area="Cognition and learning"
    )
    with pytest.raises(services.ProvisionError):
        services.support_costing_set(actor=senco, provision=costed_line, intervention=theirs)
