"""The Local Offer where plans show it, without plans importing this app (it sits under it in
docs/architecture.md's layers): the support lines of a plan signposted to a service, with the
service's details as they are today (not as they were when the line was written)."""

from __future__ import annotations

from django import template
from django.db.models import prefetch_related_objects

from sensupport.core.prepared import PreparedQuery
from sensupport.plans.models import Provision

from ..models import Signpost

register = template.Library()

# Compiled once (core/prepared.py): every plan page asks.
_PLANS_SIGNPOSTS = PreparedQuery(
    lambda plan_id: (
        Signpost.objects.filter(provision__plan_id=plan_id)
        .select_related("provision", "service", "service__provider", "service__location")
        .order_by("provision__order", "provision_id")
    )
)
_PLANS_LINES = PreparedQuery(lambda plan_id: Provision.objects.filter(plan_id=plan_id).order_by("order", "id"))


@register.inclusion_tag("local_offer/_plan_signposts.html", takes_context=True)
def local_offer_signposts(context, plan, family: bool = False):
    """Every signposted support line of `plan`, in one query; for staff who may edit the plan, a
    link to signpost each line of a working version."""
    user = context.get("user")
    signposts = _PLANS_SIGNPOSTS(plan.pk)
    if signposts:
        prefetch_related_objects(signposts, "service__opening_times")
    may_edit = bool(
        not family
        and user is not None
        and plan.status in ("draft", "agreed", "active")
        and user.has_perm("local_offer.signpost_support", plan.pupil)
    )
    lines = _PLANS_LINES(plan.pk) if may_edit else []
    for line in lines:
        line.plan = plan  # as plan.provisions gives them
    return {"signposts": signposts, "family": family, "may_edit": may_edit, "lines": lines, "plan": plan}
