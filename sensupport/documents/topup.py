"""A top-up (element 3) funding request to the local authority, as PDF and Word (issue 10, item 5).

Assembled from what sensupport already holds: the pupil's costed support (provision's cost lines,
priced for the request's financial year), every version of the plan (dates, status) and each
review's decision and summary; with the school's case and the figures kept on the request.
Rendered on download through the same `Document` as the plan (render.py), every download audited.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.funding.access import get_topup_for_user
from sensupport.funding.models import TopUpRequest
from sensupport.plans.models import Plan
from sensupport.provision.selectors import pupil_cost_lines
from sensupport.reviews.models import Review

from . import render
from .content import Document, Facts, Para, Section, Table, _identity, _stem, long_date, money, short_date


def _pounds(value) -> str:
    return f"£{value:,.2f}"


def topup_document(request: TopUpRequest) -> Document:
    pupil = request.pupil
    lines = pupil_cost_lines(pupil=pupil, financial_year_start=request.financial_year_start)
    plans = list(Plan.objects.filter(pupil=pupil).order_by("version"))
    reviews = {r.plan_id: r for r in Review.objects.filter(plan__pupil=pupil)}
    year = f"{request.financial_year_start.year} to {request.financial_year_start.year + 1}"
    support = Table(
        caption=f"Costed support, financial year {year}",
        headers=["Support", "Staff", "How often", "Group size", "Weeks", "Cost a year"],
        rows=[
            [
                line.provision,
                line.staff_role or "–",
                f"{line.sessions_per_week or 0:g} × {line.minutes_per_session or 0} min a week",
                str(line.group_size),
                f"{line.weeks:g}",
                money(line.annual_cost),
            ]
            for line in lines
        ],
        foot=[("Total additional support", 5), (money(sum((line.annual_cost for line in lines), 0)), 1)],
        widths=[34, 16, 20, 10, 8, 12],
    )
    history = Table(
        caption="Plan versions",
        headers=["Version", "Status", "Agreed", "Review date", "Review decision"],
        rows=[
            [
                str(plan.version),
                plan.get_status_display(),
                short_date(plan.agreed_on) or "–",
                short_date(plan.review_date) or "–",
                reviews[plan.pk].get_decision_display() if plan.pk in reviews else "–",
            ]
            for plan in plans
        ],
    )
    review_blocks = [
        Para(
            f"Review of version {plan.version}, {long_date(reviews[plan.pk].held_on)}: "
            + reviews[plan.pk].summary.strip()
        )
        for plan in plans
        if plan.pk in reviews
    ] or [Para("No review has been recorded yet.")]
    figures = Facts(
        caption="The request",
        rows=[
            ("To", request.local_authority.name),
            ("From", request.school.name),
            ("Financial year", year),
            ("Additional support this year", _pounds(request.additional_cost)),
            ("Met by the school (element 2)", _pounds(request.threshold)),
            ("Beyond the threshold", _pounds(request.above_threshold)),
            ("Amount asked for", _pounds(request.amount_requested)),
            ("Status", request.get_status_display()),
        ],
    )
    sections = [
        Section("The pupil", [Facts("About the pupil", _identity(pupil))]),
        Section("What the school asks for", [figures, Para(request.case)]),
        Section("Costed support", [support], kind="provision"),
        Section("The plan and its reviews", [history, *review_blocks]),
    ]
    if request.status == TopUpRequest.Status.DECIDED:
        decided = _pounds(request.decided_amount) + " agreed" if request.decided_amount else "Refused"
        period = (
            f" for {long_date(request.period_start)} to {long_date(request.period_end)}" if request.period_start else ""
        )
        sections.append(
            Section(
                "Decision",
                [Para(decided + period + "."), *([Para(request.decision_note)] if request.decision_note else [])],
            )
        )
    return Document(
        kind="topup",
        title=f"Request for top-up funding: {pupil.display_name}",
        subtitle=f"{request.school.name} to {request.local_authority.name}, {year}",
        running_title=f"Top-up request: {pupil.display_name}",
        subject="Top-up (element 3) funding request",
        author=request.school.name,
        sections=sections,
        notice="Draft: not yet sent to the local authority." if request.status == TopUpRequest.Status.DRAFT else "",
        closing="Costs are computed from the school's staff rates and the support in the pupil's plan.",
        filename_stem=_stem(pupil, "top-up-request", timezone.localdate()),
    )


@require_GET
def topup_download(request, pupil_id: int, topup_id: int, fmt: str):
    if fmt not in render.MEDIA_TYPES:
        raise Http404("Download as pdf or docx")
    found = get_topup_for_user(request.user, pupil_id, topup_id)
    document = topup_document(found)
    data = render.document_pdf(document) if fmt == "pdf" else render.document_docx(document)
    filename = f"{document.filename_stem}.{fmt}"
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        pupil=found.pupil,
        target=AuditEvent.Target.TOP_UP_DOCUMENT,
        target_id=found.pk,
        summary=f"Top-up request downloaded as {fmt.upper()} ({filename})",
    )
    response = HttpResponse(data, content_type=render.MEDIA_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
