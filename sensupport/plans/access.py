"""Fetch a plan or assessment through its pupil: out of scope is 404, not allowed is 403."""

from __future__ import annotations

from django.http import Http404

from sensupport.core.prepared import PreparedQuery
from sensupport.pupils.access import get_pupil_for_user

from .models import Assessment, Plan

# A plan of a pupil already fetched through scope: compiled once (core/prepared.py), every plan page reads it.
_PUPILS_PLAN = PreparedQuery(
    lambda pupil_id, plan_id: Plan.objects.filter(pupil_id=pupil_id, pk=plan_id).select_related(
        "assessment", "previous"
    )
)


def get_plan_for_user(user, pupil_id, plan_id, *, perm: str = "plans.view_plan") -> Plan:
    pupil = get_pupil_for_user(user, pupil_id, perm=perm)
    try:
        found = _PUPILS_PLAN(pupil.pk, int(plan_id))
    except (ValueError, TypeError):
        found = []
    if not found:
        raise Http404("No plan found")
    plan = found[0]
    plan.pupil = pupil  # the pupil as scope fetched them (school and LA joined)
    if plan.status == Plan.Status.DRAFT and not user.has_perm("plans.view_draft", pupil):
        raise Http404("No plan found")
    return plan


def get_assessment_for_user(user, pupil_id, assessment_id, *, perm: str = "plans.contribute_view") -> Assessment:
    pupil = get_pupil_for_user(user, pupil_id, perm=perm)
    try:
        return pupil.assessments.select_related("pupil", "pupil__school").get(pk=assessment_id)
    except (Assessment.DoesNotExist, ValueError, TypeError):
        raise Http404("No assessment found") from None
