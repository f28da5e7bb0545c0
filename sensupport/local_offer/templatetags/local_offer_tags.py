"""The Local Offer where plans show it, without plans importing this app (it sits under it in
docs/architecture.md's layers): the support lines of a plan signposted to a service, with the
service's details as they are today (not as they were when the line was written)."""

from __future__ import annotations

from django import template

from ..models import Signpost

register = template.Library()


@register.inclusion_tag("local_offer/_plan_signposts.html", takes_context=True)
def local_offer_signposts(context, plan, family: bool = False):
    """Every signposted support line of `plan`, in one query; for staff who may edit the plan, a
    link to signpost each line of a working version."""
    user = context.get("user")
    signposts = list(
        Signpost.objects.filter(provision__plan=plan)
        .select_related("provision", "service", "service__provider", "service__location")
        .prefetch_related("service__opening_times")
        .order_by("provision__order", "provision_id")
    )
    may_edit = bool(
        not family
        and user is not None
        and plan.status in ("draft", "agreed", "active")
        and user.has_perm("local_offer.signpost_support", plan.pupil)
    )
    lines = list(plan.provisions.order_by("order", "id")) if may_edit else []
    return {"signposts": signposts, "family": family, "may_edit": may_edit, "lines": lines, "plan": plan}
