"""Progress where other pages show it, without those apps importing this one (they sit under it in
docs/architecture.md's layers): the pupil page's section, the review's "progress since the last
review", and the plan's quality-check prompts. Each shows nothing to a viewer who may not see
findings (the family, an LA officer: findings are staff-only)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from ..models import Score
from ..pupil_page import progress_context
from ..selectors import pupil_findings

register = template.Library()


def _may_see(context, pupil) -> bool:
    user = context.get("user")
    return bool(user is not None and pupil is not None and user.has_perm("progress.view_progress", pupil))


@register.inclusion_tag("progress/_pupil_section.html", takes_context=True)
def progress_section(context, pupil):
    """The pupil page: prompts to consider, and the charts with their tables."""
    if not _may_see(context, pupil):
        return {"show": False}
    return {"show": True, **progress_context(pupil, on=timezone.localdate())}


@register.inclusion_tag("progress/_since_review.html", takes_context=True)
def progress_since_review(context, pupil, since=None):
    """The review: the scores taken since `since` (the plan's agreement or last review) and today's prompts."""
    if not _may_see(context, pupil):
        return {"show": False}
    scores = Score.objects.filter(pupil=pupil).order_by("subject", "taken_on")
    if since:
        scores = scores.filter(taken_on__gte=since)
    return {
        "show": True,
        "pupil": pupil,
        "since": since,
        "scores": list(scores),
        "findings": pupil_findings(pupil, on=timezone.localdate()),
    }


@register.inclusion_tag("progress/_plan_prompts.html", takes_context=True)
def progress_plan_prompts(context, pupil):
    """The plan's quality checks: a "consider" line per finding (progress judged against the
    pupil's own starting point, Code 6.17 and 6.40)."""
    if not _may_see(context, pupil):
        return {"show": False}
    return {"show": True, "pupil": pupil, "findings": pupil_findings(pupil, on=timezone.localdate())}
