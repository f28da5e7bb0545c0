"""Demo: EHC needs-assessment requests (issue 12).

Lily (Year 8, Hillcrest) has two reviewed plan cycles, advice from the educational psychologist (one
recommendation taken into her plan, one declined with a reason), a few behaviour incidents, and a
request Hillcrest sent to the LA after her second review: received, waiting for the decision whether
to assess. An older request (another pupil at Oakfield) is past 20 weeks with an exception recorded
(the family was away from the area). Everything through the services, as the SENCO, the family, the
EP and the LA officer would do it; dates describe a past, relative to `today`."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

from sensupport.accounts.models import Role, User
from sensupport.audit.models import AuditEvent
from sensupport.demo.referrals import small_pdf
from sensupport.ehc import request_services as ehc
from sensupport.family import consent as consents
from sensupport.plans import services as plans
from sensupport.plans.models import Plan
from sensupport.progress.models import BehaviourEvent
from sensupport.provision.groups import group_pupil_place
from sensupport.provision.models import Group
from sensupport.pupils.models import ParentLink, ProfessionalShare, Pupil
from sensupport.referrals import services as referrals
from sensupport.referrals.models import Referral, Service
from sensupport.reviews import services as reviews
from sensupport.reviews.models import Review

COMMAND = AuditEvent.Via.COMMAND


def _review(plan: Plan, *, senco, held_on: dt.date, decision: str, summary: str, progress: str, helped: str):
    return reviews.review_record(
        plan=plan,
        actor=senco,
        held_on=held_on,
        attendees="Claire Marsh (mother), Lily, SENCO, form tutor",
        parent_present=True,
        pupil_views="I understand more when the teacher shows me, not just tells me. Group work is hard.",
        parent_views="Lily comes home exhausted and says she did not understand most lessons.",
        decision=decision,
        summary=summary,
        outcomes=[reviews.OutcomeJudgement(o.pk, progress, "") for o in plan.outcomes.all()],
        provisions=[reviews.ProvisionJudgement(p.pk, "as_planned", helped, "") for p in plan.provisions.all()],
        via=COMMAND,
    )


def _lily_cycles(lily: Pupil, *, senco, today: dt.date) -> Review | None:
    """Version 1 agreed 28 weeks ago and reviewed 16 weeks ago; version 2 agreed then and reviewed
    6 weeks ago, deciding to request an EHC needs assessment."""
    first = lily.plans.filter(status__in=[Plan.Status.AGREED, Plan.Status.ACTIVE]).order_by("version").first()
    if first is None or not first.outcomes.exists():
        return None
    Plan.objects.filter(pk=first.pk).update(agreed_on=today - dt.timedelta(weeks=28))
    first.refresh_from_db()
    _review(
        first,
        senco=senco,
        held_on=today - dt.timedelta(weeks=16),
        decision=Review.Decision.CONTINUE,
        summary="Some progress with reading; speaking in class still very hard. Keep the plan, ask the EP.",
        progress="some",
        helped="partly",
    )
    second = lily.plans.get(status=Plan.Status.DRAFT)
    plans.plan_update_draft(
        plan=second,
        actor=senco,
        expected_edit_version=None,
        review_date=today - dt.timedelta(weeks=6),
        pupil_views="I want to be able to answer in class without everyone looking at me.",
        parent_views="She used to love school. We want her to have help from people who understand language.",
        via=COMMAND,
    )
    second = plans.plan_agree(
        plan=second,
        actor=senco,
        agreed_on=today - dt.timedelta(weeks=16),
        how=Plan.AgreedHow.MEETING,
        agreed_with="Claire Marsh",
        via=COMMAND,
    )
    return _review(
        second,
        senco=senco,
        held_on=today - dt.timedelta(weeks=6),
        decision=Review.Decision.EHC_REQUEST,
        summary=(
            "Two cycles of SEN Support and the EP's advice have not closed the gap: Lily's language needs are "
            "severe and lasting. Agreed with Mum to request an EHC needs assessment."
        ),
        progress="none",
        helped="no",
    )


def _lily_advice(lily: Pupil, *, senco, mum, today: dt.date) -> int:
    service = Service.objects.filter(
        local_authority=lily.school.local_authority, kind=Service.Kind.EDUCATIONAL_PSYCHOLOGY
    ).first()
    ep = service.memberships.select_related("professional").first().professional if service else None
    if ep is None:
        return 0
    ProfessionalShare.objects.create(
        professional=ep,
        pupil=lily,
        shared_by=senco,
        purpose="EP assessment of language and learning",
        ends_on=today + dt.timedelta(days=120),
    )
    ask = consents.consent_request(
        pupil=lily, actor=senco, kind="referral", purpose="A referral to the educational psychologist", via=COMMAND
    )
    consents.consent_give(consent=ask, parent=mum, via=COMMAND)
    referral = referrals.referral_make(
        actor=senco,
        pupil=lily,
        service=service,
        consent=ask,
        question="Lily understands little of what is said in lessons. What are her language needs, and what helps?",
        evidence="One cycle of SEN Support: visual supports helped a little; speaking in class has not improved.",
        barrier_ids=list(lily.barriers.values_list("pk", flat=True)),
        via=COMMAND,
    )
    Referral.objects.filter(pk=referral.pk).update(sent_on=today - dt.timedelta(weeks=15))
    referrals.referral_decide(actor=ep, referral=referral, accept=True, via=COMMAND)
    written = today - dt.timedelta(weeks=9)
    report = referrals.report_upload(
        actor=ep,
        referral=referral,
        written_on=written,
        file=ContentFile(
            small_pdf(
                [
                    "Educational psychology report: Lily Marsh",
                    f"{ep.display_name}, {service.name}, {written.day} {written:%B %Y}",
                    "Lily's understanding of spoken language is well below her age;",
                    "her non-verbal reasoning is average.",
                    "Recommendation 1: pre-teach key words before each science and humanities topic.",
                    "Recommendation 2: a referral to the speech and language therapy service.",
                ]
            ),
            name="ep-report-lily.pdf",
        ),
        via=COMMAND,
    )
    kept = referrals.recommendation_add(
        actor=ep,
        referral=referral,
        text="Pre-teach the key words of each science and humanities topic, twice a week",
        report=report,
        via=COMMAND,
    )
    declined = referrals.recommendation_add(
        actor=ep, referral=referral, text="Refer to the speech and language therapy service", report=report, via=COMMAND
    )
    barriers = list(lily.barriers.values_list("pk", flat=True)[:1])
    if barriers:  # support is accepted against a barrier; a record without one leaves it open
        referrals.recommendation_accept(
            actor=senco,
            recommendation=kept,
            barrier_ids=barriers,
            kind="intervention",
            delivered_by="Teaching assistant",
            via=COMMAND,
        )
    referrals.recommendation_decline(
        actor=senco,
        recommendation=declined,
        reason="The speech and language therapy service takes referrals for Year 8 only through an EHC needs "
        "assessment, so the request asks for its advice.",
        via=COMMAND,
    )
    return 1


def _lily_language(lily: Pupil, *, senco, today: dt.date) -> None:
    """A place in the social communication group (costed, out of class: the evidence pack's time out
    of class)."""
    group = Group.objects.filter(
        teaching_group__school=lily.school, intervention__name="Social communication group"
    ).first()
    if group is not None:
        group_pupil_place(
            actor=senco,
            group=group,
            pupil=lily,
            replaces_lessons="Part of a science lesson",
            joins_on=today - dt.timedelta(weeks=10),
            via=COMMAND,
        )


def load(*, la, today: dt.date) -> dict[str, int]:
    officer = User.objects.filter(role=Role.LA_OFFICER, local_authority=la).order_by("pk").first()
    lily = Pupil.objects.filter(forename="Lily", surname="Marsh", school__local_authority=la).first()
    if officer is None or lily is None:
        return {}
    senco = User.objects.filter(role=Role.SENCO, school=lily.school).order_by("pk").first()
    mum = ParentLink.objects.filter(pupil=lily, has_parental_responsibility=True).select_related("parent").first()
    made = 0
    review = _lily_cycles(lily, senco=senco, today=today)
    _lily_language(lily, senco=senco, today=today)
    if mum is not None:
        _lily_advice(lily, senco=senco, mum=mum.parent, today=today)
    BehaviourEvent.objects.bulk_create(
        [
            BehaviourEvent(
                pupil=lily,
                occurred_on=today - dt.timedelta(weeks=weeks),
                kind=BehaviourEvent.Kind.INCIDENT,
                detail=detail,
            )
            for weeks, detail in (
                (12, "Walked out of a group discussion in English"),
                (7, "Refused to read aloud in science; left the room"),
            )
        ]
    )
    request = ehc.ehc_request_submit(
        actor=senco,
        pupil=lily,
        reasons=(
            "Lily has severe and lasting difficulties understanding spoken language. Two reviewed cycles of SEN "
            "Support and the educational psychologist's advice have not closed the gap; she needs provision the "
            "school cannot make from its own resources, including speech and language therapy."
        ),
        family_views="We want Lily to be understood, and to understand. She needs specialist help with language.",
        review=review,
        sent_on=today - dt.timedelta(weeks=5, days=2),
        via=COMMAND,
    )
    ehc.ehc_request_record_step(
        actor=officer,
        request=request,
        step="received",
        on=today - dt.timedelta(weeks=5),
        expected_version=request.version,
        via=COMMAND,
    )
    made += 1
    # An older request, past 20 weeks, with an exception recorded (reg 10(4)).
    oak = Pupil.objects.filter(school__local_authority=la, school__name__startswith="Oakfield", sen_status="K")
    older_pupil = oak.exclude(forename="Peter").order_by("pk").first()
    if older_pupil is not None:
        oak_senco = User.objects.filter(role=Role.SENCO, school=older_pupil.school).order_by("pk").first()
        older = ehc.ehc_request_submit(
            actor=oak_senco,
            pupil=older_pupil,
            reasons="Complex needs across learning, communication and physical development; support costs well "
            "beyond the school's resources.",
            sent_on=today - dt.timedelta(weeks=24, days=3),
            via=COMMAND,
        )
        received_on = today - dt.timedelta(weeks=24)
        for step, on in (
            ("received", received_on),
            ("assess", received_on + dt.timedelta(weeks=5)),
            ("advice_requested", received_on + dt.timedelta(weeks=5, days=2)),
            ("advice_received", received_on + dt.timedelta(weeks=14)),
        ):
            older = ehc.ehc_request_record_step(
                actor=officer, request=older, step=step, on=on, expected_version=older.version, via=COMMAND
            )
        ehc.ehc_request_record_exception(
            actor=officer,
            request=older,
            kind="absent_from_area",
            reason="The family was abroad for seven weeks from March, so the health advice could not be gathered.",
            expected_version=older.version,
            via=COMMAND,
        )
        made += 1
    return {"EHC requests": made}
