"""The EHC plan where lower apps' pages show it, without those apps importing this one: one line on
the pupil page, one link on the family's child page."""

from __future__ import annotations

from django import template
from django.utils import timezone

from ..plan_selectors import plan_row, pupil_plan

register = template.Library()


@register.inclusion_tag("ehc/plans/_pupil_line.html", takes_context=True)
def ehc_plan_line(context, pupil):
    """The pupil page: the plan in force and its next annual review, for those who may read it; the
    LA officer who may start one sees the way in."""
    user = context.get("user")
    if user is None or pupil is None or not user.has_perm("ehc.view_plan", pupil):
        return {"show": False}
    plan = pupil_plan(pupil)
    if plan is None:
        return {"show": user.has_perm("ehc.write_plan", pupil), "pupil": pupil, "row": None}
    return {"show": True, "pupil": pupil, "row": plan_row(plan, today=timezone.localdate())}


@register.inclusion_tag("ehc/plans/_family_item.html", takes_context=True)
def ehc_plan_family_item(context, pupil):
    """The family's child page: a link to the EHC plan and its review dates, when there is a plan."""
    user = context.get("user")
    if user is None or pupil is None or not user.has_perm("ehc.view_family_plan", pupil):
        return {"show": False}
    plan = pupil_plan(pupil)
    return {
        "show": plan is not None,
        "pupil": pupil,
        "row": plan_row(plan, today=timezone.localdate()) if plan else None,
        "is_self": getattr(user, "is_young_person", False),
    }
