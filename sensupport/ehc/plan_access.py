"""Fetch and authorise in one call: a pupil's EHC plan, one of its versions, one of its annual
reviews. Out of the viewer's scope is 404; in scope but not allowed, 403 (as pupils.access)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sensupport.pupils.access import get_pupil_for_user

from .models import AnnualReview, EhcPlan, EhcPlanVersion
from .plan_selectors import pupil_plan


def get_plan_for_user(user, pupil_id, *, perm: str = "ehc.view_plan") -> EhcPlan:
    pupil = get_pupil_for_user(user, pupil_id, perm="ehc.view_plan")
    plan = pupil_plan(pupil)
    if plan is None:
        if perm != "ehc.view_plan" and not user.has_perm(perm, pupil):
            raise PermissionDenied
        raise Http404("No EHC plan found")
    if perm != "ehc.view_plan" and not user.has_perm(perm, plan):
        raise PermissionDenied
    return plan


def get_version_for_user(user, pupil_id, version_id) -> EhcPlanVersion:
    plan = get_plan_for_user(user, pupil_id)
    try:
        return plan.versions.select_related("plan__pupil", "issued_by", "drafted_by").get(pk=version_id)
    except (EhcPlanVersion.DoesNotExist, ValueError, TypeError):
        raise Http404("No such version of the EHC plan") from None


def get_review_for_user(user, pupil_id, review_id, *, perm: str = "ehc.view_plan") -> AnnualReview:
    pupil = get_pupil_for_user(user, pupil_id, perm="ehc.view_plan")
    try:
        review = AnnualReview.objects.select_related("plan__pupil", "plan__local_authority").get(
            pk=review_id, plan__pupil=pupil
        )
    except (AnnualReview.DoesNotExist, ValueError, TypeError):
        raise Http404("No annual review found") from None
    if perm != "ehc.view_plan" and not user.has_perm(perm, review):
        raise PermissionDenied
    return review
