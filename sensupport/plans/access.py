"""Fetch a plan or assessment through its pupil: out of scope is 404, not allowed is 403."""

from __future__ import annotations

from django.http import Http404

from sensupport.pupils.access import get_pupil_for_user

from .models import Assessment, Plan


def get_plan_for_user(user, pupil_id, plan_id, *, perm: str = "plans.view_plan") -> Plan:
    pupil = get_pupil_for_user(user, pupil_id, perm=perm)
    try:
        plan = pupil.plans.select_related("pupil", "pupil__school", "assessment", "previous").get(pk=plan_id)
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404("No plan found") from None
    if plan.status == Plan.Status.DRAFT and not user.has_perm("plans.view_draft", pupil):
        raise Http404("No plan found")
    return plan


def get_assessment_for_user(user, pupil_id, assessment_id, *, perm: str = "plans.contribute_view") -> Assessment:
    pupil = get_pupil_for_user(user, pupil_id, perm=perm)
    try:
        return pupil.assessments.select_related("pupil", "pupil__school").get(pk=assessment_id)
    except (Assessment.DoesNotExist, ValueError, TypeError):
        raise Http404("No assessment found") from None
