"""The Ofsted case sample (issue 13, item 2): the head picks pupils, or lets sensupport propose a
spread (different needs, different year groups, one with an EHC plan), and downloads each one's
graduated-approach trail (concern, assessments, plan versions, reviews, meetings, provision,
progress) as one PDF, rendered like the school's other documents (documents/render.py).
Every pupil in the PDF is audited as a read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record_many
from sensupport.documents import content
from sensupport.documents.content import Document, Facts, Para, Section, Table
from sensupport.documents.render import document_pdf
from sensupport.progress.selectors import pupil_findings
from sensupport.pupils import codes
from sensupport.pupils.models import Pupil, PupilNeed

SAMPLE_SIZE = 6
MAX_PUPILS = 12


@dataclass(frozen=True)
class Candidate:
    pupil_id: int
    status: str
    need: str  # primary need code, "" if none recorded
    year_group: str


def propose_spread(candidates: Sequence[Candidate], n: int = SAMPLE_SIZE) -> list[int]:
    """Up to n pupils spread across needs and year groups, one with an EHC plan if there is one.
    Pure and deterministic: each step takes the candidate adding the most that is new (a broad
    area, a need, a year group), ties to the earliest given."""
    chosen: list[Candidate] = []
    ehc = [c for c in candidates if c.status == codes.STATUS_EHC]
    if ehc:
        chosen.append(ehc[0])
    while len(chosen) < n:
        areas = {codes.broad_area_of(c.need) for c in chosen}
        needs = {c.need for c in chosen}
        years = {c.year_group for c in chosen}
        left = [c for c in candidates if c not in chosen]
        if not left:
            break

        def gain(c: Candidate, areas=areas, needs=needs, years=years) -> int:
            new_area = codes.broad_area_of(c.need) not in areas
            return 4 * new_area + 2 * (c.need not in needs) + 3 * (c.year_group not in years)

        chosen.append(max(left, key=lambda c: (gain(c), -left.index(c))))
    return [c.pupil_id for c in chosen]


def _candidates(user) -> list[Candidate]:
    pupils = (
        Pupil.objects.visible_to(user)
        .filter(school_id=user.school_id, sen_status__in=[codes.STATUS_SUPPORT, codes.STATUS_EHC])
        .order_by("surname", "forename", "pk")
    )
    primary = dict(
        PupilNeed.objects.filter(pupil__in=pupils, rank=1, end_date__isnull=True).values_list("pupil_id", "need_type")
    )
    return [Candidate(p.pk, p.sen_status, primary.get(p.pk, ""), p.year_group) for p in pupils]


def pupil_trail(pupil: Pupil, *, today: dt.date) -> list[Section]:
    """One pupil's graduated approach, oldest first, as document sections."""
    name = pupil.display_name
    needs = [
        f"{n.description} ({n.need_type})" + (" — primary" if n.rank == 1 else "")
        for n in pupil.needs.all()
        if not n.end_date
    ]
    sections = [
        Section(
            name,
            [
                Facts(
                    f"About {name}",
                    [
                        ("Year group", pupil.get_year_group_display()),
                        ("SEN status", pupil.status_label),
                        ("Needs", "; ".join(needs) or "None recorded"),
                    ],
                ),
                Table(
                    "SEN status history",
                    ["From", "Status", "Why"],
                    [
                        [content.short_date(h.start_date), h.status_label, h.reason or ""]
                        for h in pupil.status_history.all()
                    ]
                    or [["", "No history recorded", ""]],
                ),
            ],
        )
    ]
    concerns = [
        [content.short_date(c.raised_at.date()), c.noticed[:300], c.get_decision_display() or c.get_status_display()]
        for c in pupil.concerns.all().order_by("raised_at")
    ]
    assessments = [
        [
            f"Cycle {a.cycle}",
            content.short_date(a.started_on),
            content.short_date(a.completed_on) or "Open",
            str(a.views.count()),
        ]
        for a in pupil.assessments.all()
    ]
    sections.append(
        Section(
            f"{name}: identification and assessment",
            [
                Table(
                    "Concerns raised",
                    ["Raised", "What was noticed", "Decision"],
                    concerns or [["", "No concern recorded", ""]],
                ),
                Table(
                    "Assessments (Assess)",
                    ["Cycle", "Started", "Completed", "Views gathered"],
                    assessments or [["", "No assessment recorded", "", ""]],
                ),
            ],
        )
    )
    plans = list(pupil.plans.all().order_by("version").prefetch_related("provisions", "outcomes"))
    plan_rows = [
        [
            f"Version {p.version}",
            p.get_status_display(),
            content.short_date(p.agreed_on) or "Not agreed",
            content.short_date(p.review_date) or "Not set",
            str(len(p.outcomes.all())),
            str(len(p.provisions.all())),
        ]
        for p in plans
    ]
    current = next((p for p in reversed(plans) if p.is_current), plans[-1] if plans else None)
    provision_rows = (
        [
            [p.get_kind_display(), p.description[:300], p.delivered_by, content.often(p)]
            for p in current.provisions.all()
        ]
        if current
        else []
    )
    sections.append(
        Section(
            f"{name}: plans and provision",
            [
                Table(
                    "Plan versions (Plan)",
                    ["Version", "Status", "Agreed", "Review by", "Outcomes", "Support lines"],
                    plan_rows or [["", "No plan recorded", "", "", "", ""]],
                ),
                Table(
                    f"Support in {'version ' + str(current.version) if current else 'the plan'} (Do)",
                    ["Kind", "What happens", "Who", "How often"],
                    provision_rows or [["", "No support recorded", "", ""]],
                ),
            ],
        )
    )
    reviews = [
        [
            content.short_date(p.review.held_on),
            f"Version {p.version}",
            "Yes" if p.review.parent_present else "No",
            p.review.get_decision_display(),
            "; ".join(
                f"{o.outcome.description[:60]}: {o.get_progress_display()}" for o in p.review.outcome_progress.all()
            ),
        ]
        for p in plans
        if hasattr(p, "review")
    ]
    meetings = [
        [content.short_date(c.held_on), c.get_method_display(), c.get_purpose_display(), c.parents_present]
        for c in pupil.parent_conversations.all()
    ]
    findings = pupil_findings(pupil, on=today)
    sections.append(
        Section(
            f"{name}: reviews, meetings and progress",
            [
                Table(
                    "Reviews (Review)",
                    ["Held", "Plan", "Parents there", "Decision", "Outcomes"],
                    reviews or [["", "", "", "No review recorded", ""]],
                ),
                Table(
                    "Meetings with parents",
                    ["Held", "How", "About", "Who came"],
                    meetings or [["", "", "No meeting recorded", ""]],
                ),
                Para(
                    "Progress checks now: " + "; ".join(f.sentence for f in findings)
                    if findings
                    else "Progress checks now: nothing flagged (or no scores, attendance or behaviour recorded)."
                ),
            ],
        )
    )
    return sections


def sample_document(school, pupils: Sequence[Pupil], *, today: dt.date) -> Document:
    sections = []
    for pupil in pupils:
        sections += pupil_trail(pupil, today=today)
    return Document(
        kind="review",
        title="Case sample: the graduated approach",
        subtitle=f"{len(pupils)} pupil{'s' if len(pupils) != 1 else ''}, {content.long_date(today)}",
        running_title=f"{school.name}: case sample",
        subject="Ofsted case sample",
        author=school.name,
        sections=sections,
        closing="Prepared from sensupport's records. Confidential: pupils' special educational needs.",
        filename_stem=f"case-sample-{today.isoformat()}",
    )


@require_http_methods(["GET"])
def case_sample(request):
    user = request.user
    if not user.has_perm("oversight.case_sample"):
        raise PermissionDenied
    today = timezone.localdate()
    candidates = _candidates(user)
    by_id = {c.pupil_id: c for c in candidates}
    error = ""
    picked = [int(v) for v in request.GET.getlist("pupils") if v.isdigit() and int(v) in by_id]
    action = request.GET.get("action", "")
    if action == "propose":
        picked = propose_spread(candidates)
    elif action == "pdf":
        if not picked:
            error = "Choose at least one pupil, or propose a spread"
        elif len(picked) > MAX_PUPILS:
            error = f"Choose {MAX_PUPILS} pupils or fewer"
        else:
            pupils = sorted(
                Pupil.objects.visible_to(user).filter(pk__in=picked).prefetch_related("needs", "status_history"),
                key=lambda p: picked.index(p.pk),
            )
            audit_record_many(
                actor=user,
                action=AuditEvent.Action.EXPORT,
                target=AuditEvent.Target.CASE_SAMPLE,
                pupils=pupils,
                summary=f"Ofsted case sample of {len(pupils)} pupils",
            )
            body = document_pdf(sample_document(user.school, pupils, today=today))
            response = HttpResponse(body, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="case-sample-{today.isoformat()}.pdf"'
            return response
    pupils = Pupil.objects.in_bulk(list(by_id))
    rows = [(pupils[c.pupil_id], c, c.pupil_id in picked) for c in candidates]
    rows.sort(key=lambda r: (not r[2], r[0].surname, r[0].forename))
    if rows:
        audit_record_many(
            actor=user,
            action=AuditEvent.Action.LIST,
            target=AuditEvent.Target.CASE_SAMPLE,
            pupils=[r[0] for r in rows],
            summary="Ofsted case sample: pupils to choose from",
        )
    described = codes.need_types()
    return render(
        request,
        "oversight/case_sample.html",
        {
            "rows": [
                (p, described[c.need].description if c.need in described else "Not recorded", chosen)
                for p, c, chosen in rows
            ],
            "error": error,
            "picked": picked,
            "sample_size": SAMPLE_SIZE,
        },
        status=400 if error else 200,
    )
