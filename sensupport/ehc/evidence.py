"""The evidence pack of an EHC needs-assessment request, assembled from the record in one call, as
plain data (the documents app renders it as PDF and Word, and zips the reports). Nothing here is
typed twice: the APDR cycles come from plans and reviews, the costed support and time out of class
from the provision map and the timetable, progress, attendance and behaviour from progress, the
specialist advice and what was done with it from referrals, the views in their own words from the
request, the plans and the reviews; the checklist of what LAs usually look for from `checklist.py`.

A fixed number of queries, whatever the record's size (bench/evidence_pack.py times it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from sensupport.plans.models import Barrier, Plan
from sensupport.progress.models import AttendancePeriod, BehaviourEvent, Score
from sensupport.progress.selectors import pupil_findings
from sensupport.provision.map import time_out_of_class
from sensupport.provision.selectors import pupil_cost_lines
from sensupport.pupils.codes import need_types
from sensupport.referrals.models import Referral
from sensupport.reviews.models import Review

from . import checklist as checks
from . import request_rules
from .models import EhcRequest


@dataclass(frozen=True)
class Cycle:
    """One assess-plan-do-review cycle: a plan version and, if held, its review."""

    version: int
    status: str
    agreed_on: dt.date | None
    review_date: dt.date | None
    outcomes: list[str]
    support: list[str]
    reviewed_on: dt.date | None = None
    decision: str = ""
    summary: str = ""
    outcome_progress: list[tuple[str, str]] = field(default_factory=list)  # (outcome, progress)
    support_evaluation: list[tuple[str, str, str]] = field(default_factory=list)  # (support, delivered, helped)


@dataclass(frozen=True)
class CostRow:
    support: str
    staff: str
    how_often: str
    weeks: str
    annual_cost: Decimal | None


@dataclass(frozen=True)
class Advice:
    service: str
    sent_on: dt.date
    question: str
    state: str
    reports: list[tuple[dt.date, str]]  # (written on, file name)
    recommendations: list[tuple[str, str, str]]  # (text, what was done, the reason if declined)


@dataclass(frozen=True)
class Words:
    """Someone's views in their own words."""

    who: str
    on: dt.date | None
    text: str


@dataclass(frozen=True)
class ReportFile:
    name: str
    file: object  # a FieldFile: the zip reads it


@dataclass(frozen=True)
class EvidencePack:
    pupil_id: int
    pupil_name: str
    upn: str
    date_of_birth: dt.date
    year_group: str
    school: str
    local_authority: str
    made_by: str
    sent_on: dt.date
    reasons: str
    stage: str
    milestones: list[request_rules.Milestone]
    exception: str
    needs: list[str]
    barriers: list[tuple[str, str, str]]  # (title, broad area, description)
    cycles: list[Cycle]
    costs: list[CostRow]
    total_cost: Decimal
    time_out: str  # what withdrawal support takes from lessons each week, in words
    time_out_concerns: list[str]
    scores: list[tuple[str, str, str, str]]  # (subject, scale, taken on, value)
    attendance: list[tuple[str, str]]  # (period, percent)
    behaviour: list[tuple[str, str, str]]  # (date, kind, detail)
    progress_findings: list[str]
    advice: list[Advice]
    pupil_views: list[Words]
    family_views: list[Words]
    checklist: list[checks.Item]
    reports: list[ReportFile]
    built_on: dt.date

    @property
    def gaps(self) -> list[checks.Item]:
        return checks.gaps(self.checklist)


def _money(value) -> Decimal | None:
    return Decimal(value).quantize(Decimal("0.01")) if value is not None else None


def _need_label(code: str) -> str:
    found = need_types().get(code)
    return found.label if found else code


def _cycles(pupil) -> list[Cycle]:
    plans = list(
        Plan.objects.filter(pupil=pupil)
        .exclude(status=Plan.Status.DRAFT)
        .prefetch_related("outcomes", "provisions")
        .order_by("version")
    )
    reviews = {
        r.plan_id: r
        for r in Review.objects.filter(plan__pupil=pupil).prefetch_related(
            "outcome_progress__outcome", "provision_evaluations__provision"
        )
    }
    cycles = []
    for plan in plans:
        review = reviews.get(plan.pk)
        cycles.append(
            Cycle(
                version=plan.version,
                status=plan.get_status_display(),
                agreed_on=plan.agreed_on,
                review_date=plan.review_date,
                outcomes=[o.description for o in plan.outcomes.all()],
                support=[p.description for p in plan.provisions.all()],
                reviewed_on=review.held_on if review else None,
                decision=review.get_decision_display() if review else "",
                summary=review.summary if review else "",
                outcome_progress=[
                    (op.outcome.description, op.get_progress_display()) for op in review.outcome_progress.all()
                ]
                if review
                else [],
                support_evaluation=[
                    (ev.provision.description, ev.get_delivered_display(), ev.get_helped_display())
                    for ev in review.provision_evaluations.all()
                ]
                if review
                else [],
            )
        )
    return cycles


def _costs(pupil) -> tuple[list[CostRow], Decimal, str, list[str]]:
    lines = pupil_cost_lines(pupil=pupil)
    rows = [
        CostRow(
            support=line.provision,
            staff=line.staff_role or "",
            how_often=(
                f"{line.sessions_per_week:g} × {line.minutes_per_session} min a week"
                if line.sessions_per_week and line.minutes_per_session
                else ""
            ),
            weeks=f"{line.weeks:g}",
            annual_cost=_money(line.annual_cost),
        )
        for line in lines
    ]
    total = _money(sum((line.annual_cost or 0 for line in lines), Decimal(0))) or Decimal("0.00")
    week = next(iter(time_out_of_class(lines)), None)
    if week is None:
        return rows, total, "", []
    return rows, total, week.missed_text, list(week.concerns)


def _progress(pupil, today):
    scores = [
        (s.subject, s.get_scale_display(), s.taken_on.strftime("%d/%m/%Y"), f"{s.value:g}")
        for s in Score.objects.filter(pupil=pupil).order_by("subject", "scale", "taken_on")
    ]
    attendance = [
        (
            f"{a.starts_on:%d/%m/%Y} to {a.ends_on:%d/%m/%Y}",
            f"{100 * a.attended_sessions / a.possible_sessions:.1f}%" if a.possible_sessions else "–",
        )
        for a in AttendancePeriod.objects.filter(pupil=pupil).order_by("starts_on")
    ]
    behaviour = [
        (b.occurred_on.strftime("%d/%m/%Y"), b.get_kind_display(), b.detail)
        for b in BehaviourEvent.objects.filter(pupil=pupil).order_by("-occurred_on")[:50]
    ]
    findings = [f.sentence for f in pupil_findings(pupil, on=today)]
    return scores, attendance, behaviour, findings


def _advice(pupil) -> tuple[list[Advice], list[ReportFile], int, int]:
    referrals = list(
        Referral.objects.filter(pupil=pupil)
        .select_related("service")
        .prefetch_related("reports", "recommendations__plan")
        .order_by("sent_on", "pk")
    )
    advice, files, acted, still_open = [], [], 0, 0
    for referral in referrals:
        recs = []
        for rec in referral.recommendations.all():
            if rec.state == "accepted":
                done = f"Accepted into plan version {rec.plan.version}" if rec.plan else "Accepted into the plan"
                acted += 1
            elif rec.state == "declined":
                done = "Declined"
                acted += 1
            else:
                done = "Not yet acted on"
                still_open += 1
            recs.append((rec.text, done, rec.decline_reason))
        reports = list(referral.reports.all())
        files += [ReportFile(f"{referral.service.name} {r.written_on:%Y-%m-%d} {r.file_name}", r.file) for r in reports]
        advice.append(
            Advice(
                service=referral.service.name,
                sent_on=referral.sent_on,
                question=referral.question,
                state=referral.get_state_display(),
                reports=[(r.written_on, r.file_name) for r in reports],
                recommendations=recs,
            )
        )
    return advice, files, acted, still_open


def _views(pupil, request: EhcRequest) -> tuple[list[Words], list[Words]]:
    """The pupil's and the family's views in their words, from what the LA may read: the request,
    the agreed plans and the reviews (never a parent's private preparation or the pupil's 'about me'
    notes, which stay between the family and the school)."""
    pupil_words: list[Words] = []
    family_words: list[Words] = []
    if request.family_views:
        who = "The young person" if request.made_by_kind == EhcRequest.MadeBy.YOUNG_PERSON else "The family"
        family_words.append(Words(f"{who}, with this request", request.sent_on, request.family_views))
    if request.made_by_family:
        family_words.append(Words("The family's reasons for asking", request.sent_on, request.reasons))
    plans = Plan.objects.filter(pupil=pupil).exclude(status=Plan.Status.DRAFT).order_by("-version")[:4]
    for plan in plans:
        if plan.pupil_views.strip():
            pupil_words.append(Words(f"In plan version {plan.version}", plan.agreed_on, plan.pupil_views))
        if plan.parent_views.strip():
            family_words.append(Words(f"In plan version {plan.version}", plan.agreed_on, plan.parent_views))
    for review in Review.objects.filter(plan__pupil=pupil).order_by("-held_on")[:4]:
        if review.pupil_views.strip():
            pupil_words.append(Words("At the review", review.held_on, review.pupil_views))
        if review.parent_views.strip():
            family_words.append(Words("At the review", review.held_on, review.parent_views))
    return pupil_words, family_words


def evidence_pack(request: EhcRequest, *, today: dt.date | None = None) -> EvidencePack:
    """Everything the local authority needs to see with the request, read from the record now."""
    today = today or timezone.localdate()
    pupil = request.pupil
    needs = [
        _need_label(code) for code in pupil.needs.filter(end_date__isnull=True).values_list("need_type", flat=True)
    ]
    barriers = [
        (b.title, b.get_broad_area_display(), b.description)
        for b in Barrier.objects.filter(pupil=pupil, resolved_on__isnull=True).order_by("broad_area", "title")
    ]
    cycles = _cycles(pupil)
    costs, total, time_out, time_out_concerns = _costs(pupil)
    scores, attendance, behaviour, findings = _progress(pupil, today)
    advice, files, acted, still_open = _advice(pupil)
    pupil_words, family_words = _views(pupil, request)
    counts = checks.Counts(
        reviewed_cycles=sum(1 for c in cycles if c.reviewed_on),
        advice_reports=sum(len(a.reports) for a in advice),
        recommendations_acted_on=acted,
        recommendations_open=still_open,
        costed_lines=sum(1 for c in costs if c.annual_cost),
        uncosted_lines=sum(1 for c in costs if not c.annual_cost),
        family_views=bool(family_words),
        pupil_views=bool(pupil_words),
        barriers=len(barriers),
    )
    dates = request_rules.RequestDates.of(request)
    return EvidencePack(
        pupil_id=pupil.pk,
        pupil_name=pupil.display_name,
        upn=pupil.upn,
        date_of_birth=pupil.date_of_birth,
        year_group=pupil.get_year_group_display(),
        school=request.school.name,
        local_authority=request.local_authority.name,
        made_by=request.get_made_by_kind_display(),
        sent_on=request.sent_on,
        reasons=request.reasons,
        stage=request.get_stage_display(),
        milestones=request_rules.milestones(dates, today=today),
        exception=(f"{request.get_exception_display()}: {request.exception_reason}" if request.exception else ""),
        needs=needs,
        barriers=barriers,
        cycles=cycles,
        costs=costs,
        total_cost=total,
        time_out=time_out,
        time_out_concerns=time_out_concerns,
        scores=scores,
        attendance=attendance,
        behaviour=behaviour,
        progress_findings=findings,
        advice=advice,
        pupil_views=pupil_words,
        family_views=family_words,
        checklist=checks.checklist(counts),
        reports=files,
        built_on=today,
    )
