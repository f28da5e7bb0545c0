"""The demo's EHC plans (issue 12): Willow Bank's pupils with EHC status have plans, issued by the
demo LA, with one annual review overdue and three due soon; the summaries follow the plans."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sensupport.accounts.models import User
from sensupport.demo import builder
from sensupport.ehc.models import EhcPlan
from sensupport.ehc.plan_selectors import school_summary
from sensupport.pupils.models import EhcPlanSummary, Pupil

pytestmark = pytest.mark.django_db


def test_willow_bank_has_its_plans_one_review_overdue_and_three_due_soon():
    summary = builder.demo_load()
    willow = User.objects.get(username="senco@willow.demo.sensupport.test")
    ehc_pupils = Pupil.objects.filter(school=willow.school, sen_status="E")
    assert summary.counts["EHC plans"] == ehc_pupils.count() == EhcPlan.objects.count() > 50
    found = school_summary(willow, today=timezone.localdate())
    assert (found.with_plan, found.ehc_without_plan) == (ehc_pupils.count(), 0)
    assert (len(found.overdue), len(found.due_soon), len(found.steps_overdue)) == (1, 3, 0)
    assert any(r.transfer_state == "done" for r in found.rows) and found.transfers
    for row in found.rows:
        plan_summary = EhcPlanSummary.objects.get(pupil=row.pupil)
        assert plan_summary.annual_review_due == row.due
        assert row.final.placement_name and row.final.outcomes and row.final.views
        assert row.plan.local_authority_id == row.pupil.home_local_authority_id
