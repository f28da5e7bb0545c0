"""Fetch and authorise in one call. The Local Offer's editor rows belong to an LA (or a provider):
an officer of another LA, or someone who edits another provider, gets 404 (they are not told the row
exists); a signed-in person with no Local Offer role at all gets 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from sensupport.plans.models import Plan, Provision
from sensupport.pupils.access import get_pupil_for_user

from .models import Provider, Service, ServiceChange


def _no_such(what: str):
    raise Http404(f"No such {what}")


def require(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


def get_service_for_user(user, service_id, *, perm: str) -> Service:
    """A service the user may manage (`local_offer.manage`) or propose changes to (`local_offer.propose_change`)."""
    if not (user.has_perm("local_offer.manage") or user.has_perm("local_offer.propose_change")):
        raise PermissionDenied
    try:
        service = Service.objects.select_related("provider", "location").get(pk=service_id)
    except (Service.DoesNotExist, ValueError, ValidationError):
        _no_such("service")
    if not user.has_perm(perm, service):
        _no_such("service")
    return service


def get_change_for_user(user, change_id) -> ServiceChange:
    require(user, "local_offer.manage")
    try:
        change = ServiceChange.objects.select_related("service", "service__provider", "proposed_by").get(pk=change_id)
    except (ServiceChange.DoesNotExist, ValueError):
        _no_such("change")
    if not user.has_perm("local_offer.manage", change):
        _no_such("change")
    return change


def get_line_for_user(user, pupil_id, provision_id) -> Provision:
    """A support line of the pupil's working plan (draft or in force) that the user may signpost."""
    pupil = get_pupil_for_user(user, pupil_id, perm="local_offer.signpost_support")
    try:
        return Provision.objects.select_related("plan", "plan__pupil", "plan__pupil__school").get(
            pk=provision_id,
            plan__pupil=pupil,
            plan__status__in=[Plan.Status.DRAFT, Plan.Status.AGREED, Plan.Status.ACTIVE],
        )
    except (Provision.DoesNotExist, ValueError, TypeError):
        raise Http404("No support found") from None


def get_provider_for_user(user, provider_id) -> Provider:
    """A provider of the officer's own LA (another LA's: 404)."""
    require(user, "local_offer.manage")
    try:
        provider = Provider.objects.get(pk=provider_id)
    except (Provider.DoesNotExist, ValueError, ValidationError):
        _no_such("provider")
    if not user.has_perm("local_offer.manage", provider):
        _no_such("provider")
    return provider
