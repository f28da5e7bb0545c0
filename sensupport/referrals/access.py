"""Fetch and authorise in one call: a referral (or its report or recommendation) through its pupil.
Out of the viewer's scope is 404, and so is a referral to another service for a professional (its
existence is not theirs to know); in scope but not allowed is 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sensupport.pupils.access import get_pupil_for_user

from .models import Recommendation, Referral, Report, Service
from .permissions import is_professional


def get_referral_for_user(user, pupil_id, referral_id, *, perm: str = "referrals.view_referral") -> Referral:
    pupil = get_pupil_for_user(user, pupil_id, perm="referrals.view_referrals")
    try:
        referral = pupil.referrals.select_related("pupil", "pupil__school", "service", "consent", "made_by").get(
            pk=referral_id
        )
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise Http404("No referral found") from None
    if not user.has_perm("referrals.view_referral", referral):
        raise Http404("No referral found")
    if perm != "referrals.view_referral" and not user.has_perm(perm, referral):
        raise PermissionDenied
    return referral


def get_report_for_user(user, pupil_id, referral_id, report_id) -> Report:
    referral = get_referral_for_user(user, pupil_id, referral_id)
    try:
        return referral.reports.get(pk=report_id)
    except (Report.DoesNotExist, ValueError, TypeError):
        raise Http404("No report found") from None


def get_recommendation_for_user(user, pupil_id, referral_id, recommendation_id, *, perm: str) -> Recommendation:
    referral = get_referral_for_user(user, pupil_id, referral_id, perm=perm)
    try:
        return referral.recommendations.select_related("referral", "report").get(pk=recommendation_id)
    except (Recommendation.DoesNotExist, ValueError, TypeError):
        raise Http404("No recommendation found") from None


def get_service_for_user(user, service_id) -> Service:
    """A service the user manages: another LA's service is 404 to an LA officer; a role that
    manages no service at all is 403."""
    if not user.has_perm("referrals.manage_services"):
        raise PermissionDenied
    try:
        service = Service.objects.select_related("local_authority").get(pk=service_id)
    except (Service.DoesNotExist, ValueError, TypeError):
        raise Http404("No service found") from None
    if not user.has_perm("referrals.manage_services", service):
        raise Http404("No service found")
    return service


def require_professional(user) -> None:
    if not is_professional(user):
        raise PermissionDenied
