"""Reads of EHC needs-assessment requests: the LA's list, a pupil's requests, and the figures the
oversight dashboard calls (`request_figures`, a fixed number of queries for any number of schools).
Every deadline comes from `clock.request_deadlines`, through `request_rules.milestones`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from . import request_rules as rules
from .clock import request_deadlines
from .models import EhcRequest


@dataclass(frozen=True)
class Row:
    request: EhcRequest
    milestones: list[rules.Milestone]

    @property
    def overdue(self) -> list[rules.Milestone]:
        return [m for m in self.milestones if m.overdue and not m.exception]

    @property
    def next_due(self) -> rules.Milestone | None:
        return next((m for m in self.milestones if m.state in ("due", "overdue")), None)


def with_milestones(requests, *, today: dt.date | None = None) -> list[Row]:
    today = today or timezone.localdate()
    return [Row(r, rules.milestones(rules.RequestDates.of(r), today=today)) for r in requests]


def requests_for_la(user) -> QuerySet[EhcRequest]:
    """The requests sent to the officer's own local authority, newest first."""
    if not user.local_authority_id:
        return EhcRequest.objects.none()
    return EhcRequest.objects.filter(local_authority_id=user.local_authority_id).select_related(
        "pupil", "school", "local_authority"
    )


def requests_of(pupil) -> list[Row]:
    return with_milestones(pupil.ehc_requests.select_related("school", "local_authority", "made_by"))


@dataclass(frozen=True)
class RequestFigures:
    """For a set of schools (or an LA): how many requests, and how the statutory clock went."""

    requests: int  # made in the period
    received: int  # received by the LA (the clock started)
    decisions: int  # a decision whether to assess was made
    decisions_within_6_weeks: int
    final_plans: int
    final_plans_within_20_weeks: int
    exceptions: int  # reg 10(4) recorded: counted here, not hidden, and not in the "within" figures' base
    overdue: int  # a deadline passed with nothing recorded (no exception)

    @staticmethod
    def share(part: int, whole: int) -> str:
        return f"{round(100 * part / whole)}%" if whole else "–"


def request_figures(
    *,
    schools=None,
    local_authority=None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    today: dt.date | None = None,
) -> RequestFigures:
    """Counts of EHC needs-assessment requests for `schools` (a queryset or list of schools or their
    ids) or for `local_authority` (the requests sent to it), optionally only those sent between `since`
    and `until`. One query, whatever the number of schools; the arithmetic is done on the dates with
    `clock.request_deadlines`, so these figures match every page."""
    today = today or timezone.localdate()
    found = EhcRequest.objects.all()
    if schools is not None:
        ids = [getattr(s, "pk", s) for s in schools] if not isinstance(schools, QuerySet) else schools.values("pk")
        found = found.filter(school_id__in=ids)
    if local_authority is not None:
        found = found.filter(local_authority_id=getattr(local_authority, "pk", local_authority))
    if since is not None:
        found = found.filter(sent_on__gte=since)
    if until is not None:
        found = found.filter(sent_on__lte=until)
    rows = list(
        found.values_list(
            "stage",
            "sent_on",
            "received_on",
            "decision_on",
            "advice_requested_on",
            "advice_received_on",
            "draft_issued_on",
            "final_issued_on",
            "not_to_issue_on",
            "exception",
        )
    )
    received = decisions = decisions_in_time = finals = finals_in_time = exceptions = overdue = 0
    for values in rows:
        dates = rules.RequestDates(*values)
        if dates.exception:
            exceptions += 1
        if dates.received_on is None:
            continue
        received += 1
        due = request_deadlines(dates.received_on)
        if dates.decision_on is not None:
            decisions += 1
            decisions_in_time += dates.decision_on <= due["decision_to_assess"]
        if dates.final_issued_on is not None:
            finals += 1
            finals_in_time += dates.final_issued_on <= due["final_plan"]
        overdue += bool(rules.overdue_steps(dates, today=today))
    return RequestFigures(
        requests=len(rows),
        received=received,
        decisions=decisions,
        decisions_within_6_weeks=decisions_in_time,
        final_plans=finals,
        final_plans_within_20_weeks=finals_in_time,
        exceptions=exceptions,
        overdue=overdue,
    )
