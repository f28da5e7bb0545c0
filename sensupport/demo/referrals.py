"""Demo: Peter's referral to the educational psychologist, her report (a small real PDF) and two
recommendations: one accepted into his plan, one declined with a reason his mother reads. Through
the referrals services, as the SENCO, the family and the EP would do it."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

from sensupport.accounts.models import Role, User
from sensupport.audit.models import AuditEvent
from sensupport.family import consent as consents
from sensupport.pupils.models import ParentLink, ProfessionalShare, Pupil
from sensupport.referrals import services
from sensupport.referrals.models import Referral, Service, ServiceMembership

COMMAND = AuditEvent.Via.COMMAND


def small_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a few lines of text (Helvetica), built by hand: no renderer needed."""
    text = (
        "BT /F1 12 Tf 72 770 Td 16 TL "
        + " ".join("(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for line in lines)
        + " ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text.encode("latin-1")) + text.encode("latin-1") + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def peter_referral(*, peter: Pupil, today: dt.date) -> dict[str, int]:
    share = ProfessionalShare.objects.filter(pupil=peter, professional__role=Role.PROFESSIONAL).first()
    mum = ParentLink.objects.filter(pupil=peter, has_parental_responsibility=True).select_related("parent").first()
    senco = User.objects.filter(role=Role.SENCO, school=peter.school).order_by("id").first()
    if share is None or mum is None or senco is None:
        return {}
    ep = share.professional
    service = Service.objects.create(
        name=ep.organisation_name or "Educational Psychology Service",
        kind=Service.Kind.EDUCATIONAL_PSYCHOLOGY,
        local_authority=peter.school.local_authority,
        usual_wait_weeks=10,
    )
    ServiceMembership.objects.create(professional=ep, service=service)
    ask = consents.consent_request(
        pupil=peter, actor=senco, kind="referral", purpose="A referral to the educational psychologist", via=COMMAND
    )
    consents.consent_give(consent=ask, parent=mum.parent, via=COMMAND)
    barriers = list(peter.barriers.filter(resolved_on__isnull=True).order_by("id"))
    review = peter.plans.filter(review__isnull=False).order_by("-version").first()
    referral = services.referral_make(
        actor=senco,
        pupil=peter,
        service=service,
        consent=ask,
        question=(
            "Peter still leaves class most afternoons. What is behind his fatigue and anxiety, and what would help?"
        ),
        evidence=(
            "Three plan cycles: calm start, quiet lunch and rest breaks helped mornings; afternoons have not improved."
        ),
        barrier_ids=[b.pk for b in barriers],
        review=review.review if review else None,
        via=COMMAND,
    )
    # The demo describes a past: the referral went eight weeks ago.
    Referral.objects.filter(pk=referral.pk).update(sent_on=today - dt.timedelta(weeks=8))
    services.referral_decide(actor=ep, referral=referral, accept=True, via=COMMAND)
    services.appointment_add(
        actor=ep,
        referral=referral,
        on=today - dt.timedelta(weeks=5),
        what="Observation in class, then a meeting with Mum",
        via=COMMAND,
    )
    written = today - dt.timedelta(weeks=3)
    pdf = small_pdf(
        [
            "Educational psychology report: Peter Marsh",
            f"{ep.display_name}, {service.name}, {written.day} {written:%B %Y}",
            "Peter tires quickly after lunch; noise in the hall raises his anxiety for the afternoon.",
            "Recommendation 1: a five-minute movement break after lunch, every day.",
            "Recommendation 2: a weekly session with the school counsellor.",
        ]
    )
    report = services.report_upload(
        actor=ep, referral=referral, written_on=written, file=ContentFile(pdf, name="ep-report.pdf"), via=COMMAND
    )
    kept = services.recommendation_add(
        actor=ep,
        referral=referral,
        text="A five-minute movement break after lunch, every day, with a choice of two quiet jobs",
        report=report,
        via=COMMAND,
    )
    declined = services.recommendation_add(
        actor=ep, referral=referral, text="A weekly session with the school counsellor", report=report, via=COMMAND
    )
    if barriers:
        services.recommendation_accept(
            actor=senco,
            recommendation=kept,
            barrier_ids=[b.pk for b in barriers[:2]],
            kind="adjustment",
            delivered_by="Teaching assistant",
            via=COMMAND,
        )
    services.recommendation_decline(
        actor=senco,
        recommendation=declined,
        reason="Peter already sees the school nurse every week; we will ask again at his next review if he needs more.",
        via=COMMAND,
    )
    return {"referrals": 1, "recommendations": 2}


def wipe_services(la) -> int:
    """The demo LA's outside services (their referrals went with the pupils), before the LA goes."""
    return Service.objects.filter(local_authority=la).delete()[0] if la is not None else 0
