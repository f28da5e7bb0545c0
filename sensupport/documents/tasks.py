"""Render an agreed plan version's documents in the background, once, when it is agreed (ADR 0010)."""

from __future__ import annotations

from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from sensupport.plans.models import Plan

from . import store

# What exists when a version is agreed: the review record comes later, and is stored on first request.
ON_AGREEMENT = [("plan", "pdf"), ("plan", "docx"), ("profile", "pdf"), ("profile", "docx")]


@task()
def render_agreed_plan_documents(plan_id: int) -> int:
    """Store the plan and the one-page profile of an agreed version, as PDF and Word. Safe to run
    twice (ADR 0008): a document already stored with today's content is not rendered again, nor one
    a request is rendering at this moment. A render that fails raises, and the queue's retry rules
    decide. Returns how many documents it rendered."""
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None or not store.stored(plan):
        return 0
    return sum(store.obtain(plan, kind, fmt, background=True).rendered for kind, fmt in ON_AGREEMENT)


def queue_agreed_plan_documents(plan_id: int) -> None:
    """Called by `plans.services.plan_agree` once the agreement commits. Only on a real queue: with
    the in-process backend (development, tests, the demo) the task would run inside the agreeing
    request and only move the wait from the first download to the agreement, so the documents are
    rendered and stored on first request instead."""
    if isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], ImmediateBackend):
        return
    render_agreed_plan_documents.enqueue(plan_id)
