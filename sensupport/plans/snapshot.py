"""What a plan version shows, and the frozen copy of it taken when the parents agree it.

A plan version reads its barriers and the settled judgements on them from its assessment, and the
one-page profile reads the assessment's strengths and interests. The assessment may still be open
when the plan is agreed, and a later cycle's assessment can become the "latest" one, so reading
those rows live would change what the parents agreed. `plan_agree` therefore stores everything a
version shows in `Plan.snapshot`, inside its own transaction, and every page and document renders
an agreed version from there through `plan_content` (ADR 0009). A draft reads the live rows.

`snapshot_take` is also run by migration 0003 with historical models: it uses only fields and
related managers, never model methods, and reads the fields added later (outcomes' barriers, the
reasons a barrier has no outcome) only where the model has them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from sensupport.core.prepared import PreparedQuery

from .models import Barrier, BarrierStatus, Impact, Outcome, Plan, Provision
from .quality import OutcomeFacts

SNAPSHOT_FORMAT = 1
PLAN_TEXT_FIELDS = (
    "pupil_views",
    "parent_views",
    "school_responsibilities",
    "parent_responsibilities",
    "pupil_responsibilities",
)
BARRIER_FIELDS = ("title", "description", "where_when", "effect", "broad_area", "bank_key")
PROVISION_FIELDS = (
    "kind",
    "description",
    "delivered_by",
    "sessions_per_week",
    "minutes_per_session",
    "group_size",
    "setting",
    "replaces_lessons",
    "start_date",
    "end_date",
    "cost",
    "bank_strategy_key",
)


@dataclass(frozen=True)
class PlanBarrier:
    """A barrier as this plan version shows it: the barrier and the settled judgement on it."""

    barrier: Barrier
    impact: int | None  # None when the plan answers no assessment
    resolution: str = ""

    @property
    def impact_label(self) -> str:
        return Impact(self.impact).label if self.impact is not None else ""


@dataclass(frozen=True)
class PlanContent:
    """Everything a plan version shows. Each provision carries `for_barriers`, the barriers it
    removes, as they were when the version was agreed."""

    frozen: bool
    barriers: tuple[PlanBarrier, ...]
    outcomes: tuple[Outcome, ...]
    provisions: tuple[Provision, ...]
    strengths: str
    interests: str
    what_helps: str
    pupil_views: str
    parent_views: str
    school_responsibilities: str
    parent_responsibilities: str
    pupil_responsibilities: str
    no_outcome_reasons: dict[int, str] = field(default_factory=dict)  # barrier id -> why it has no outcome

    @property
    def outcome_facts(self) -> list[OutcomeFacts]:
        return [
            OutcomeFacts(o.description, o.how_we_will_know, frozenset(b.pk for b in o.for_barriers))
            for o in self.outcomes
        ]

    @property
    def barriers_without_outcome(self) -> list[tuple[PlanBarrier, str]]:
        """Barriers no outcome is linked to, each with the reason recorded why not ("" if none)."""
        linked = {b.pk for o in self.outcomes for b in o.for_barriers}
        return [
            (line, self.no_outcome_reasons.get(line.barrier.pk, ""))
            for line in self.barriers
            if line.barrier.pk not in linked
        ]

    @property
    def barriers_by_id(self) -> dict[int, str]:
        return {line.barrier.pk: line.barrier.title for line in self.barriers}

    @property
    def provision_barriers(self) -> list[tuple[str, frozenset[int]]]:
        return [(p.description, frozenset(b.pk for b in p.for_barriers)) for p in self.provisions]


# ---------------------------------------------------------------- taking the snapshot


def _assessment_for(plan):
    """The assessment a plan answers: its own, or else the pupil's latest."""
    return plan.assessment or plan.pupil.assessments.order_by("-cycle").first()


def _json(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _barrier_refs(barriers) -> list[dict]:
    return [{"id": b.pk, "title": b.title} for b in sorted(barriers, key=lambda b: (b.created_at, b.pk))]


def snapshot_take(plan, *, source: str = "agreed") -> dict:
    """Everything the version shows, as plain JSON. `source` says when it was taken: "agreed" (in
    `plan_agree`) or "migration" (for versions agreed before snapshots existed)."""
    assessment = _assessment_for(plan)
    barriers = []
    views = []
    summary = None
    if assessment is not None:
        summary = {
            "id": assessment.pk,
            "cycle": assessment.cycle,
            "status": assessment.status,
            "strengths": assessment.strengths,
            "interests": assessment.interests,
            "what_helps": assessment.what_helps,
        }
        for status in assessment.barrier_statuses.select_related("barrier").order_by(
            "barrier__created_at", "barrier_id"
        ):
            barriers.append(
                {
                    "id": status.barrier_id,
                    **{name: getattr(status.barrier, name) for name in BARRIER_FIELDS},
                    "present": status.present,
                    "impact": status.impact,
                    "resolution": status.resolution,
                }
            )
        for view in assessment.views.order_by("recorded_at", "id").prefetch_related("barrier_views"):
            views.append(
                {
                    "contributor": view.contributor,
                    "name": view.name,
                    "what_is_hard": view.what_is_hard,
                    "strengths": view.strengths,
                    "what_helps": view.what_helps,
                    "opinions": [
                        {"barrier": o.barrier_id, "seen": o.seen, "impact": o.impact, "comment": o.comment}
                        for o in view.barrier_views.order_by("id")
                    ],
                }
            )
    else:
        for barrier in plan.pupil.barriers.filter(resolved_on__isnull=True).order_by("created_at", "id"):
            barriers.append(
                {
                    "id": barrier.pk,
                    **{name: getattr(barrier, name) for name in BARRIER_FIELDS},
                    "present": True,
                    "impact": None,
                    "resolution": "",
                }
            )
    provisions = []
    for provision in plan.provisions.order_by("order", "id").prefetch_related("barriers"):
        provisions.append(
            {
                "id": provision.pk,
                "order": provision.order,
                **{name: _json(getattr(provision, name)) for name in PROVISION_FIELDS},
                "barriers": _barrier_refs(provision.barriers.all()),
            }
        )
    return {
        "format": SNAPSHOT_FORMAT,
        "source": source,
        "taken_at": timezone.now().isoformat(),
        "assessment": summary,
        "barriers": barriers,
        "views": views,
        "plan": {name: getattr(plan, name) for name in PLAN_TEXT_FIELDS},
        "no_outcome_reasons": {str(k): v for k, v in (getattr(plan, "no_outcome_reasons", None) or {}).items()},
        "outcomes": [
            {
                "id": o.pk,
                "order": o.order,
                "description": o.description,
                "how_we_will_know": o.how_we_will_know,
                "barriers": _barrier_refs(o.barriers.all()) if hasattr(o, "barriers") else [],
            }
            for o in plan.outcomes.order_by("order", "id")
        ],
        "provisions": provisions,
    }


# ---------------------------------------------------------------- reading what a version shows


def _barriers_from(plan: Plan, refs: list[dict]) -> list[Barrier]:
    return [Barrier(id=b["id"], pupil_id=plan.pupil_id, title=b["title"]) for b in refs]


def _provision_from(plan: Plan, data: dict) -> Provision:
    values = {name: Provision._meta.get_field(name).to_python(data.get(name)) for name in PROVISION_FIELDS}
    provision = Provision(id=data["id"], plan=plan, order=data.get("order", 0), **values)
    provision.for_barriers = _barriers_from(plan, data["barriers"])
    return provision


def _outcome_from(plan: Plan, data: dict) -> Outcome:
    outcome = Outcome(
        id=data["id"],
        plan=plan,
        order=data["order"],
        description=data["description"],
        how_we_will_know=data["how_we_will_know"],
    )
    outcome.for_barriers = _barriers_from(
        plan, data.get("barriers", [])
    )  # versions agreed before outcomes named barriers: none
    return outcome


def _reasons(raw: dict | None) -> dict[int, str]:
    return {int(k): v for k, v in (raw or {}).items() if (v or "").strip()}


def _from_snapshot(plan: Plan, snapshot: dict) -> PlanContent:
    summary = snapshot.get("assessment") or {}
    barriers = tuple(
        PlanBarrier(
            Barrier(id=b["id"], pupil_id=plan.pupil_id, **{name: b.get(name, "") for name in BARRIER_FIELDS}),
            b["impact"],
            b.get("resolution", ""),
        )
        for b in snapshot["barriers"]
        if b["present"]
    )
    return PlanContent(
        frozen=True,
        barriers=barriers,
        outcomes=tuple(_outcome_from(plan, o) for o in snapshot["outcomes"]),
        provisions=tuple(_provision_from(plan, p) for p in snapshot["provisions"]),
        strengths=summary.get("strengths", ""),
        interests=summary.get("interests", ""),
        what_helps=summary.get("what_helps", ""),
        **{name: snapshot["plan"].get(name, "") for name in PLAN_TEXT_FIELDS},
        no_outcome_reasons=_reasons(snapshot.get("no_outcome_reasons")),
    )


# A draft's live rows, compiled once (core/prepared.py): every view of a draft reads them.
_PRESENT_BARRIERS = PreparedQuery(
    lambda assessment_id: (
        BarrierStatus.objects.filter(assessment_id=assessment_id, present=True)
        .select_related("barrier")
        .order_by("barrier__created_at", "barrier_id")
    )
)
_PROVISIONS = PreparedQuery(lambda plan_id: Provision.objects.filter(plan_id=plan_id))
_OUTCOMES = PreparedQuery(lambda plan_id: Outcome.objects.filter(plan_id=plan_id))
_PROVISION_BARRIERS = PreparedQuery(
    lambda ids: Provision.barriers.through.objects.filter(provision_id__in=ids).select_related("barrier")
)
_OUTCOME_BARRIERS = PreparedQuery(
    lambda ids: Outcome.barriers.through.objects.filter(outcome_id__in=ids).select_related("barrier")
)


def _with_barriers(rows: list, links: PreparedQuery, owner: str, plan: Plan) -> tuple:
    """The plan's provision or outcome rows, each with `for_barriers` (its barriers, oldest first)."""
    barriers: dict[int, list] = {}
    for link in links([row.pk for row in rows]):
        barriers.setdefault(getattr(link, f"{owner}_id"), []).append(link.barrier)
    for row in rows:
        row.plan = plan  # as plan.provisions and plan.outcomes give them
        row.for_barriers = sorted(barriers.get(row.pk, []), key=lambda b: (b.created_at, b.pk))
    return tuple(rows)


def _live(plan: Plan) -> PlanContent:
    assessment = _assessment_for(plan)
    if assessment is not None:
        statuses = _PRESENT_BARRIERS(assessment.pk)
        barriers = tuple(PlanBarrier(s.barrier, s.impact, s.resolution) for s in statuses)
    else:
        barriers = tuple(
            PlanBarrier(b, None)
            for b in plan.pupil.barriers.filter(resolved_on__isnull=True).order_by("created_at", "id")
        )
    provisions = _with_barriers(_PROVISIONS(plan.pk), _PROVISION_BARRIERS, "provision", plan)
    outcomes = _with_barriers(_OUTCOMES(plan.pk), _OUTCOME_BARRIERS, "outcome", plan)
    return PlanContent(
        frozen=False,
        barriers=barriers,
        outcomes=outcomes,
        provisions=provisions,
        strengths=assessment.strengths if assessment else "",
        interests=assessment.interests if assessment else "",
        what_helps=assessment.what_helps if assessment else "",
        **{name: getattr(plan, name) for name in PLAN_TEXT_FIELDS},
        no_outcome_reasons=_reasons(plan.no_outcome_reasons),
    )


def plan_content(plan: Plan) -> PlanContent:
    """What this version shows: an agreed version from its snapshot, a draft from the live rows."""
    if plan.snapshot:
        return _from_snapshot(plan, plan.snapshot)
    return _live(plan)
