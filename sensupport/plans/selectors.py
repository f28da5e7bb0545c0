"""Reads for Assess and Plan: the comparison of views, plan quality facts, version comparison,
the one-page profile, the pupil timeline."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from sensupport.core.prepared import PreparedQuery
from sensupport.pupils.models import ParentConversation, Pupil

from .models import Assessment, BarrierStatus, BarrierView, ContributorView, Outcome, Plan, Provision
from .quality import Check, OutcomeFacts, PlanFacts, plan_quality
from .snapshot import PlanContent, plan_content


def current_plan(pupil: Pupil) -> Plan | None:
    """The plan in force: agreed or active; after a review, the reviewed one until the next is agreed."""
    return current_and_draft_plan(pupil, with_draft=False)[0]


def draft_plan(pupil: Pupil) -> Plan | None:
    return pupil.plans.filter(status=Plan.Status.DRAFT).first()


_IN_FORCE = [Plan.Status.AGREED, Plan.Status.ACTIVE, Plan.Status.REVIEWED]
# Compiled once (core/prepared.py): the pupil page and every plan page read these.
_PLANS_IN_FORCE = PreparedQuery(lambda pupil_id: Plan.objects.filter(pupil_id=pupil_id, status__in=_IN_FORCE))
_PLANS_IN_FORCE_AND_DRAFT = PreparedQuery(
    lambda pupil_id: Plan.objects.filter(pupil_id=pupil_id, status__in=[*_IN_FORCE, Plan.Status.DRAFT])
)


def current_and_draft_plan(pupil: Pupil, *, with_draft: bool = True) -> tuple[Plan | None, Plan | None]:
    """`current_plan` and (when `with_draft`) `draft_plan` from one read: the plan in force is the
    first agreed or active version; failing that, the latest reviewed one."""
    plans = (_PLANS_IN_FORCE_AND_DRAFT if with_draft else _PLANS_IN_FORCE)(pupil.pk)
    for plan in plans:
        plan.pupil = pupil  # as pupil.plans gives them: no query for plan.pupil
    in_force = [plan for plan in plans if plan.status in (Plan.Status.AGREED, Plan.Status.ACTIVE)]
    reviewed = [plan for plan in plans if plan.status == Plan.Status.REVIEWED]
    current = in_force[0] if in_force else max(reviewed, key=lambda plan: plan.version, default=None)
    draft = next((plan for plan in plans if plan.status == Plan.Status.DRAFT), None)
    return current, draft


def open_assessment(pupil: Pupil) -> Assessment | None:
    return pupil.assessments.filter(status=Assessment.Status.OPEN).first()


def latest_assessment(pupil: Pupil) -> Assessment | None:
    return pupil.assessments.order_by("-cycle").first()


@dataclass
class BarrierRow:
    status: BarrierStatus
    opinions: dict[int, BarrierView]  # contributor view id -> their view of this barrier
    disagreement: str = ""


@dataclass
class ViewsGrid:
    views: list[ContributorView]
    rows: list[BarrierRow] = field(default_factory=list)

    @property
    def disagreements(self) -> list[BarrierRow]:
        return [row for row in self.rows if row.disagreement]


def disagreement_about(opinions: list[BarrierView]) -> str:
    """Pure-ish rule: contributors disagree when some see a barrier and others do not, or when
    the effect they describe differs by two steps or more."""
    seen = {o.seen for o in opinions}
    if "yes" in seen and "no" in seen:
        yes = sum(o.seen == "yes" for o in opinions)
        no = sum(o.seen == "no" for o in opinions)
        return f"{yes} see this barrier, {no} do not"
    impacts = [o.impact for o in opinions if o.seen == "yes" and o.impact is not None]
    if impacts and max(impacts) - min(impacts) >= 2:
        return "Views differ on how much it affects the pupil"
    return ""


def assessment_grid(assessment: Assessment) -> ViewsGrid:
    views = list(assessment.views.prefetch_related("barrier_views").select_related("recorded_by"))
    statuses = list(assessment.barrier_statuses.select_related("barrier").order_by("barrier__created_at", "barrier_id"))
    by_barrier: dict[int, dict[int, BarrierView]] = {}
    for view in views:
        for opinion in view.barrier_views.all():
            by_barrier.setdefault(opinion.barrier_id, {})[view.pk] = opinion
    rows = []
    for status in statuses:
        opinions = by_barrier.get(status.barrier_id, {})
        rows.append(
            BarrierRow(status=status, opinions=opinions, disagreement=disagreement_about(list(opinions.values())))
        )
    return ViewsGrid(views=views, rows=rows)


_MEETING_DATES = PreparedQuery(  # compiled once (core/prepared.py): every plan page's checks ask
    lambda pupil_id: ParentConversation.objects.filter(pupil_id=pupil_id).meetings().values_list("held_on", flat=True)
)


def parent_meeting_dates(pupil: Pupil) -> list[dt.date]:
    """Meetings with parents: recorded conversations held in a meeting, call or video (not letters)."""
    return _MEETING_DATES(pupil.pk)


# What the reviews app (above plans) records about a plan version: its readers, the evidence logged
# while it runs and its review, reached through Plan's reverse relations (plans imports no reviews
# module) and compiled once (core/prepared.py): every view of an agreed plan reads them.
def _recorded_by_reviews(relation: str):
    return Plan._meta.get_field(relation).related_model


_READ_RECEIPTS = PreparedQuery(
    lambda plan_id: _recorded_by_reviews("read_receipts").objects.filter(plan_id=plan_id).select_related("user")
)
_EVIDENCE = PreparedQuery(
    lambda plan_id: (
        _recorded_by_reviews("evidence").objects.filter(plan_id=plan_id).select_related("author", "provision")
    )
)
_REVIEW = PreparedQuery(lambda plan_id: _recorded_by_reviews("review").objects.filter(plan_id=plan_id))


def _of_plan(rows: list, plan: Plan) -> list:
    """Rows read by plan id, each knowing its plan as a related manager's rows do."""
    for row in rows:
        row.plan = plan
    return rows


def plan_read_receipts(plan: Plan) -> list:
    """Who has confirmed reading this version (`plan.read_receipts`, with each reader)."""
    return _of_plan(_READ_RECEIPTS(plan.pk), plan)


def plan_evidence(plan: Plan) -> list:
    """The evidence logged while this version runs, in its order (`plan.evidence`, with author and support)."""
    return _of_plan(_EVIDENCE(plan.pk), plan)


def plan_review(plan: Plan):
    """This version's review, or None (`plan.review`)."""
    return next(iter(_of_plan(_REVIEW(plan.pk), plan)), None)


# Advice from outside the school not yet acted on, for the plan's checks and the review form: apps
# above plans (referrals) register a function of the pupil returning one line per open item, from
# their AppConfig.ready(), so plans imports none of them.
OPEN_ADVICE: list = []


def open_advice(pupil: Pupil) -> list[str]:
    return [line for hook in OPEN_ADVICE for line in hook(pupil)]


def open_advice_check(pupil: Pupil) -> list[Check]:
    """A check only while the pupil has outside advice not yet acted on (nothing to say otherwise)."""
    lines = open_advice(pupil)
    if not lines:
        return []
    return [
        Check(
            "advice_acted_on",
            False,
            "Outside advice has been acted on",
            "Recommendations not yet accepted into the plan or declined: " + "; ".join(lines),
        )
    ]


def plan_checks(plan: Plan, *, today: dt.date | None = None, content: PlanContent | None = None) -> list[Check]:
    today = today or timezone.localdate()
    content = content or plan_content(plan)
    facts = PlanFacts(
        barriers=content.barriers_by_id,
        provision_barriers=content.provision_barriers,
        pupil_views=content.pupil_views,
        parent_views=content.parent_views,
        review_date=plan.review_date,
        starts_on=plan.agreed_on or today,
        parent_meetings=parent_meeting_dates(plan.pupil),
        outcomes=content.outcome_facts,
        no_outcome_reasons=content.no_outcome_reasons,
    )
    return plan_quality(facts, today=today) + open_advice_check(plan.pupil)


@dataclass
class CompareRow:
    label: str
    left: str
    right: str

    @property
    def changed(self) -> bool:
        return self.left != self.right

    @property
    def diff(self) -> list[tuple[str, str]]:
        """Word-level differences as (op, text) pairs: op is '=', '-' or '+'."""
        a, b = self.left.split(), self.right.split()
        out: list[tuple[str, str]] = []
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b).get_opcodes():
            if op == "equal":
                out.append(("=", " ".join(a[i1:i2])))
            else:
                if i2 > i1:
                    out.append(("-", " ".join(a[i1:i2])))
                if j2 > j1:
                    out.append(("+", " ".join(b[j1:j2])))
        return out


def _provision_text(p: Provision) -> str:
    parts = [p.get_kind_display() + ":", p.description, f"by {p.delivered_by}."]
    if p.sessions_per_week and p.minutes_per_session:
        sessions = format(p.sessions_per_week.normalize(), "f")
        parts.append(f"{sessions} x {p.minutes_per_session} min a week.")
    if p.group_size:
        parts.append("One-to-one." if p.group_size == 1 else f"Group of {p.group_size}.")
    parts.append(p.get_setting_display() + (f" (replaces {p.replaces_lessons})" if p.replaces_lessons else "") + ".")
    barriers = ", ".join(b.title for b in p.for_barriers)
    if barriers:
        parts.append(f"For: {barriers}.")
    return " ".join(parts)


def plan_compare(left: Plan, right: Plan) -> list[CompareRow]:
    """Two versions side by side, each as it shows itself (an agreed one from its snapshot)."""
    lc, rc = plan_content(left), plan_content(right)
    rows = [
        CompareRow("Status", left.get_status_display(), right.get_status_display()),
        CompareRow(
            "Review date",
            f"{left.review_date:%d/%m/%Y}" if left.review_date else "",
            f"{right.review_date:%d/%m/%Y}" if right.review_date else "",
        ),
        CompareRow("Pupil's views", lc.pupil_views, rc.pupil_views),
        CompareRow("Parents' views", lc.parent_views, rc.parent_views),
    ]
    for n, (a, b) in enumerate(_pairs(list(lc.outcomes), list(rc.outcomes)), start=1):
        rows.append(CompareRow(f"Outcome {n}", a.description if a else "", b.description if b else ""))
    for n, (a, b) in enumerate(
        _pairs(list(lc.provisions), list(rc.provisions), key=lambda p: p.bank_strategy_key or p.description), start=1
    ):
        rows.append(CompareRow(f"Support {n}", _provision_text(a) if a else "", _provision_text(b) if b else ""))
    rows += [
        CompareRow("School will", lc.school_responsibilities, rc.school_responsibilities),
        CompareRow("Parents will", lc.parent_responsibilities, rc.parent_responsibilities),
        CompareRow("Pupil will", lc.pupil_responsibilities, rc.pupil_responsibilities),
    ]
    return rows


def _pairs(left: list, right: list, key=None):
    """Line up items of two versions: same key first, then by position."""
    key = key or (lambda item: getattr(item, "description", ""))
    right_left = list(right)
    paired = []
    for item in left:
        match = next((r for r in right_left if key(r) == key(item)), None)
        if match is not None:
            right_left.remove(match)
        paired.append((item, match))
    unmatched_left = [i for i, (a, b) in enumerate(paired) if b is None]
    for i in unmatched_left:
        if right_left:
            paired[i] = (paired[i][0], right_left.pop(0))
    paired += [(None, r) for r in right_left]
    return paired


@dataclass
class Profile:
    pupil: Pupil
    plan: Plan
    about_me: str
    strengths: str
    interests: str
    hard_for_me: list[str]
    what_helps: list[str]
    pupil_words: str


def one_page_profile(plan: Plan) -> Profile:
    """The pupil passport: who I am, what is hard for me, what helps me, from this plan version
    (an agreed one from its snapshot)."""
    content = plan_content(plan)
    hard = [
        line.barrier.title + (f": {line.barrier.description}" if line.barrier.description else "")
        for line in content.barriers
    ]
    helps = [
        p.description
        for p in content.provisions
        if p.setting == Provision.Setting.IN_CLASS or p.kind == Provision.Kind.ADJUSTMENT
    ]
    helps += [p.description for p in content.provisions if p.description not in helps]
    return Profile(
        pupil=plan.pupil,
        plan=plan,
        about_me=content.pupil_views,
        strengths=content.strengths,
        interests=content.interests,
        hard_for_me=hard,
        what_helps=helps,
        pupil_words=content.pupil_views,
    )


@dataclass(frozen=True)
class TimelineEntry:
    on: dt.date
    kind: str
    title: str
    detail: str
    url: str = ""


def pupil_timeline(pupil: Pupil) -> list[TimelineEntry]:
    """Every concern, status change, assessment, plan version and review, oldest first."""
    from django.urls import reverse

    entries: list[TimelineEntry] = []
    for change in pupil.status_history.all():
        entries.append(TimelineEntry(change.start_date, "status", f"SEN status: {change.status_label}", change.reason))
    for concern in pupil.concerns.all():
        entries.append(
            TimelineEntry(
                timezone.localdate(concern.raised_at),
                "concern",
                "Concern raised",
                concern.noticed[:160],
                reverse("pupils:concern", args=[pupil.pk, concern.pk]),
            )
        )
    for conversation in pupil.parent_conversations.all():
        entries.append(
            TimelineEntry(
                conversation.held_on,
                "conversation",
                f"Conversation with parents: {conversation.get_purpose_display()}",
                conversation.summary[:160],
            )
        )
    for assessment in pupil.assessments.all():
        entries.append(
            TimelineEntry(
                assessment.started_on,
                "assessment",
                f"Assessment (cycle {assessment.cycle}) started",
                "",
                reverse("plans:assessment", args=[pupil.pk, assessment.pk]),
            )
        )
    for plan in pupil.plans.exclude(status=Plan.Status.DRAFT).select_related("review"):
        if plan.agreed_on:
            entries.append(
                TimelineEntry(
                    plan.agreed_on,
                    "plan",
                    f"Plan version {plan.version} agreed",
                    f"With {plan.agreed_with}",
                    reverse("plans:plan", args=[pupil.pk, plan.pk]),
                )
            )
        review = getattr(plan, "review", None)
        if review is not None:
            entries.append(
                TimelineEntry(
                    review.held_on,
                    "review",
                    f"Plan version {plan.version} reviewed",
                    review.get_decision_display(),
                    reverse("plans:plan", args=[pupil.pk, plan.pk]),
                )
            )
    # On the same day: what starts a cycle comes before what closes it.
    order = {"concern": 0, "status": 1, "assessment": 2, "plan": 3, "review": 4, "conversation": 5}
    return sorted(entries, key=lambda e: (e.on, order.get(e.kind, 9)))


def plans_with_related(queryset):
    return queryset.prefetch_related(
        "outcomes", Prefetch("provisions", queryset=Provision.objects.prefetch_related("barriers"))
    )


@dataclass(frozen=True)
class PlanSummary:
    plan: Plan | None
    has_draft: bool
    checks: tuple[Check, ...]
    overdue: bool

    @property
    def to_do(self) -> int:
        return sum(1 for c in self.checks if not c.passed)


# The register page's pupils' drafts and plans in force, newest first: compiled once (core/prepared.py).
_DRAFTS_AND_PLANS_IN_FORCE = PreparedQuery(
    lambda ids: Plan.objects.filter(pupil_id__in=ids, status__in=[*_IN_FORCE, Plan.Status.DRAFT]).order_by(
        "pupil_id", "-version"
    )
)


def plan_summaries(pupils, *, today: dt.date | None = None) -> dict[int, PlanSummary]:
    """Plan state and quality checks for many pupils in a fixed number of queries (the register)."""
    today = today or timezone.localdate()
    ids = [p.pk for p in pupils]
    if not ids:
        return {}
    # One read of the pupils' drafts and plans in force; only plans agreed before snapshots existed
    # (no frozen content) need their provision and outcomes read as rows.
    plans = _DRAFTS_AND_PLANS_IN_FORCE(ids)
    latest: dict[int, Plan] = {}
    drafts: set[int] = set()
    for plan in plans:
        if plan.status == Plan.Status.DRAFT:
            drafts.add(plan.pupil_id)
        else:
            latest.setdefault(plan.pupil_id, plan)
    # Each read below is built only when something needs it (building a query that finds nothing
    # still costs the register its Python: issue 14).
    unfrozen = [plan for plan in latest.values() if not plan.snapshot]
    present: dict[int, dict[int, str]] = {}
    if unfrozen:
        prefetch_related_objects(
            unfrozen,
            Prefetch("provisions", queryset=Provision.objects.prefetch_related("barriers")),
            Prefetch("outcomes", queryset=Outcome.objects.prefetch_related("barriers")),
        )
        assessment_ids = {p.assessment_id for p in unfrozen if p.assessment_id}
        for status in BarrierStatus.objects.filter(assessment_id__in=assessment_ids, present=True).select_related(
            "barrier"
        ):
            present.setdefault(status.assessment_id, {})[status.barrier_id] = status.barrier.title
    meetings: dict[int, list[dt.date]] = {}  # the quality checks' parent meetings: only pupils with a plan
    if latest:
        for pupil_id, held_on in (
            ParentConversation.objects.filter(pupil_id__in=list(latest), held_on__gt=today - dt.timedelta(days=366))
            .meetings()
            .values_list("pupil_id", "held_on")
        ):
            meetings.setdefault(pupil_id, []).append(held_on)
    summaries = {}
    for pupil_id in ids:
        plan = latest.get(pupil_id)
        checks: tuple[Check, ...] = ()
        if plan is not None:
            frozen = plan_content(plan) if plan.snapshot else None  # no queries: read from the row
            facts = PlanFacts(
                barriers=frozen.barriers_by_id if frozen else present.get(plan.assessment_id, {}),
                provision_barriers=frozen.provision_barriers
                if frozen
                else [(p.description, frozenset(b.pk for b in p.barriers.all())) for p in plan.provisions.all()],
                pupil_views=plan.pupil_views,
                parent_views=plan.parent_views,
                review_date=plan.review_date,
                starts_on=plan.agreed_on or today,
                parent_meetings=meetings.get(pupil_id, []),
                outcomes=frozen.outcome_facts
                if frozen
                else [
                    OutcomeFacts(o.description, o.how_we_will_know, frozenset(b.pk for b in o.barriers.all()))
                    for o in plan.outcomes.all()
                ],
                no_outcome_reasons=frozen.no_outcome_reasons
                if frozen
                else {int(k): v for k, v in plan.no_outcome_reasons.items() if v.strip()},
            )
            checks = tuple(plan_quality(facts, today=today))
        overdue = bool(plan and plan.is_current and plan.review_date and plan.review_date < today)
        summaries[pupil_id] = PlanSummary(plan=plan, has_draft=pupil_id in drafts, checks=checks, overdue=overdue)
    return summaries
