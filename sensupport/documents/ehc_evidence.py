"""The evidence pack of an EHC needs-assessment request, as a tagged PDF and a Word document, and the
specialists' reports as one zip (issue 12, item 4). The content is assembled in one call by
`ehc.evidence.evidence_pack` (plain data); this module only lays it out, through the same
`Document` as the plan (render.py). Every download is audited."""

from __future__ import annotations

import io
import zipfile

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.ehc.evidence import EvidencePack, evidence_pack
from sensupport.ehc.request_access import get_ehc_request_for_user

from . import render
from .content import Bullets, Document, Facts, Para, Quote, Section, Table, long_date, money, short_date


def _or(rows: list, empty: str) -> list:
    return rows or [Para(empty)]


def evidence_document(pack: EvidencePack) -> Document:
    request_facts = Facts(
        "The request",
        [
            ("To", pack.local_authority),
            ("From", pack.school),
            ("Made by", pack.made_by),
            ("Sent on", long_date(pack.sent_on)),
            ("Where it is now", pack.stage),
        ]
        + [
            (m.label, f"due {long_date(m.due_on)}" + (f", done {long_date(m.done_on)}" if m.done_on else ""))
            for m in pack.milestones
        ],
    )
    pupil_facts = Facts(
        "About the pupil",
        [
            ("Name", pack.pupil_name),
            ("UPN", pack.upn),
            ("Date of birth", long_date(pack.date_of_birth)),
            ("Year group", pack.year_group),
            ("School", pack.school),
        ],
    )
    needs = [
        Bullets(pack.needs) if pack.needs else Para("No need type is recorded."),
        *(
            [
                Table(
                    caption="Barriers to learning",
                    headers=["Barrier", "Area of need", "What gets in the way"],
                    rows=[[title, area, text or "–"] for title, area, text in pack.barriers],
                    widths=[30, 25, 45],
                )
            ]
            if pack.barriers
            else [Para("No barriers are described.")]
        ),
    ]
    cycles = Table(
        caption="Assess, plan, do, review: the cycles",
        headers=["Plan version", "Agreed", "Reviewed", "Review decision"],
        rows=[
            [str(c.version), short_date(c.agreed_on) or "–", short_date(c.reviewed_on) or "Not yet", c.decision or "–"]
            for c in pack.cycles
        ],
        widths=[15, 20, 20, 45],
    )
    cycle_blocks = [cycles] if pack.cycles else [Para("No plan has been agreed yet.")]
    for c in pack.cycles:
        if not c.reviewed_on:
            continue
        cycle_blocks.append(Para(f"Review of version {c.version}, {long_date(c.reviewed_on)}: {c.summary.strip()}"))
        if c.outcome_progress:
            cycle_blocks.append(Bullets([f"Outcome: {text} ({progress})" for text, progress in c.outcome_progress]))
        if c.support_evaluation:
            cycle_blocks.append(
                Bullets(
                    [f"Support: {text} ({delivered}; {helped})" for text, delivered, helped in c.support_evaluation]
                )
            )
    costs = Table(
        caption="Costed support (the provision map)",
        headers=["Support", "Staff", "How often", "Weeks", "Cost a year"],
        rows=[[c.support, c.staff or "–", c.how_often or "–", c.weeks, money(c.annual_cost)] for c in pack.costs],
        foot=[("Total additional support", 4), (money(pack.total_cost), 1)],
        widths=[36, 16, 22, 10, 16],
    )
    provision = [costs] if pack.costs else [Para("No support is costed on the provision map.")]
    provision.append(
        Para(f"Time out of class each week (minutes missed, by subject): {pack.time_out}.")
        if pack.time_out
        else Para("Time out of class: no withdrawal from lessons is recorded.")
    )
    if pack.time_out_concerns:
        provision.append(Bullets(pack.time_out_concerns))
    progress = []
    if pack.scores:
        progress.append(
            Table(
                caption="Attainment",
                headers=["Subject", "Scale", "Date", "Score"],
                rows=[list(row) for row in pack.scores],
                widths=[35, 25, 20, 20],
            )
        )
    progress.append(
        Table(caption="Attendance", headers=["Period", "Attended"], rows=[list(r) for r in pack.attendance])
        if pack.attendance
        else Para("Attendance: none recorded.")
    )
    progress.append(
        Table(
            caption="Behaviour",
            headers=["Date", "Kind", "What happened"],
            rows=[list(r) for r in pack.behaviour],
            widths=[20, 20, 60],
        )
        if pack.behaviour
        else Para("Behaviour: no incident recorded.")
    )
    if pack.progress_findings:
        progress.append(Bullets(pack.progress_findings))
    advice = []
    for a in pack.advice:
        advice.append(Para(f"{a.service}, asked on {long_date(a.sent_on)}: {a.question} ({a.state})"))
        if a.reports:
            advice.append(Bullets([f"Report of {long_date(on)}: {name}" for on, name in a.reports]))
        if a.recommendations:
            advice.append(
                Table(
                    caption=f"What {a.service} recommended, and what was done",
                    headers=["Recommendation", "What was done"],
                    rows=[[text, done + (f": {reason}" if reason else "")] for text, done, reason in a.recommendations],
                    widths=[55, 45],
                )
            )
    views = [Quote(w.text, f"{w.who}" + (f", {long_date(w.on)}" if w.on else "")) for w in pack.pupil_views]
    family = [Quote(w.text, f"{w.who}" + (f", {long_date(w.on)}" if w.on else "")) for w in pack.family_views]
    check = Table(
        caption="What local authorities usually look for (never a condition of the request)",
        headers=["", "Found in the record"],
        rows=[[item.label, ("Found: " if item.met else "Gap: ") + item.detail] for item in pack.checklist],
        widths=[40, 60],
    )
    sections = [
        Section(
            "The request",
            [
                request_facts,
                Para(pack.reasons),
                *([Para(f"Exception to the time limits: {pack.exception}")] if pack.exception else []),
            ],
        ),
        Section("The pupil", [pupil_facts]),
        Section("Needs and barriers", needs),
        Section("The plans and their reviews", cycle_blocks),
        Section("Costed provision and time out of class", provision, kind="provision"),
        Section("Progress, attendance and behaviour", progress),
        Section("Specialist advice and what was done with it", _or(advice, "No specialist advice is on record.")),
        Section("The pupil's views, in their words", _or(views, "No views from the pupil are recorded.")),
        Section("The family's views, in their words", _or(family, "No views from the family are recorded.")),
        Section("Checklist", [check]),
    ]
    return Document(
        kind="ehc_evidence",
        title=f"Request for an EHC needs assessment: {pack.pupil_name}",
        subtitle=f"{pack.school} to {pack.local_authority}, evidence from the record on {long_date(pack.built_on)}",
        running_title=f"EHC needs assessment request: {pack.pupil_name}",
        subject="EHC needs assessment request: evidence pack",
        author=pack.school,
        sections=sections,
        closing=(
            "The law asks only whether the child or young person has or may have special educational needs and "
            "may need an EHC plan (Children and Families Act 2014, section 36(8))."
        ),
        filename_stem=f"ehc-evidence-{pack.pupil_id}-{pack.built_on:%Y-%m-%d}",
    )


def reports_zip(pack: EvidencePack) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        seen: set[str] = set()
        for n, report in enumerate(pack.reports, start=1):
            name = f"{n:02d} {report.name}".replace("/", "-")
            if name in seen:
                continue
            seen.add(name)
            with report.file.open("rb") as handle:
                archive.writestr(name, handle.read())
    return buffer.getvalue()


def _download(data: bytes, filename: str, media_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def ehc_evidence_download(request, pupil_id: int, ehc_request_id: int, fmt: str):
    if fmt not in render.MEDIA_TYPES:
        raise Http404("Download as pdf or docx")
    found = get_ehc_request_for_user(request.user, pupil_id, ehc_request_id)
    document = evidence_document(evidence_pack(found))
    data = render.document_pdf(document) if fmt == "pdf" else render.document_docx(document)
    filename = f"{document.filename_stem}.{fmt}"
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        pupil=found.pupil,
        target=AuditEvent.Target.EHC_EVIDENCE_PACK,
        target_id=found.pk,
        summary=f"Evidence pack downloaded as {fmt.upper()} ({filename})",
    )
    return _download(data, filename, render.MEDIA_TYPES[fmt])


@require_GET
def ehc_evidence_reports(request, pupil_id: int, ehc_request_id: int):
    found = get_ehc_request_for_user(request.user, pupil_id, ehc_request_id)
    pack = evidence_pack(found)
    data = reports_zip(pack)
    filename = f"ehc-reports-{found.pupil_id}-{timezone.localdate():%Y-%m-%d}.zip"
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        pupil=found.pupil,
        target=AuditEvent.Target.EHC_EVIDENCE_PACK,
        target_id=found.pk,
        summary=f"Specialist reports downloaded as a zip ({len(pack.reports)} report(s))",
    )
    return _download(data, filename, "application/zip")
