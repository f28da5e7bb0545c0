"""One small world for the generated access tests: who is who, which pupils exist, and the rows each
pupil owns. Built once per test module (see test_every_url_every_role.py), through the services, so
every row is one the application itself could have written.

Two local authorities, three schools:

    Northshire (201): Oak Primary (Peter, Flopsy), Ash Academy (Yasmin, 16, has her own account)
    Southshire (202): Elm Primary (Jemima; Harriet and Benjamin, who live in Northshire)

    Peter    Oak, Class 4B, SEN Support, every kind of row; mother and father (separated, both with
             parental responsibility), a step-father without it; shared with the educational psychologist
    Flopsy   Oak, Class 3A, monitoring only (no SEN) with an open concern, lives in Northshire
    Yasmin   Ash, SEN Support, every kind of row, written by herself (the young person)
    Jemima   Elm, SEN Support, every kind of row
    Harriet  Elm, SEN Support, lives in Northshire (so Northshire's officer sees her too)
    Benjamin Elm, no SEN, lives in Northshire (so Northshire's officer does not)

Every pupil's surname, and the text of the rows that only some people may read, are distinctive
("sentinels"): the tests look for them in every page they fetch.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

# Distinctive text, so a page that shows it to the wrong person is found by a substring search.
SURNAMES = {
    "peter": "Quillfeather",
    "flopsy": "Brambleworth",
    "yasmin": "Okonkwo-Vale",
    "jemima": "Puddleduck",
    "harriet": "Tiggywinkle",
    "benjamin": "Bunnington",
}
FORENAMES = {
    "peter": "Peter",
    "flopsy": "Flopsy",
    "yasmin": "Yasmin",
    "jemima": "Jemima",
    "harriet": "Harriet",
    "benjamin": "Benjamin",
}


def secret(kind: str, pupil: str, who: str = "") -> str:
    return f"zz-{kind}-{pupil}{'-' + who if who else ''}-zz"


@dataclass
class Rows:
    """The rows one pupil owns, by the URL parameter that names them (see policy.PARAMETERS)."""

    pupil: object
    concern: object | None = None
    assessment: object | None = None
    reviewed_plan: object | None = None
    current_plan: object | None = None
    draft_plan: object | None = None
    early_review: object | None = None
    summary: object | None = None
    consent: object | None = None
    suggestion_part: object | None = None  # a hard part of the first family member's walk-through
    referral: object | None = None  # to the pupil's LA's outside service, accepted, with a report and a recommendation
    report: object | None = None
    recommendation: object | None = None
    # EHC plans (issue 12, ehc plans part): the final first version, and the open annual review.
    ehc_version: object | None = None
    ehc_review: object | None = None
    # Rows a family member writes, by the writer's identity name: each is theirs alone.
    walkthrough: dict = field(default_factory=dict)
    response: dict = field(default_factory=dict)
    thread: dict = field(default_factory=dict)
    prep: dict = field(default_factory=dict)


@dataclass
class World:
    users: dict  # identity name -> User (AnonymousUser for "anonymous")
    pupils: dict  # pupil key -> Pupil
    rows: dict  # pupil key -> Rows (Harriet and Benjamin have none; Flopsy only a concern)
    batches: dict  # school key -> ImportBatch


def _plan_cycle(pupil, senco, today):
    """Version 1 agreed and reviewed; version 2 agreed and in force; version 3 a draft."""
    from sensupport.plans import services as plans
    from sensupport.plans.models import Plan, Provision
    from sensupport.reviews import services as reviews
    from sensupport.reviews.models import Review

    key = pupil.forename.lower()
    assessment = plans.assessment_start(pupil=pupil, actor=senco)
    barrier = plans.barrier_add(
        assessment=assessment,
        actor=senco,
        title="Anxiety at transitions",
        broad_area="Social, emotional and mental health",
        bank_key="anxiety-transitions",
    )
    draft = plans.plan_create_draft(pupil=pupil, actor=senco, assessment=assessment)
    plans.plan_update_draft(
        plan=draft,
        actor=senco,
        expected_edit_version=None,
        review_date=today + dt.timedelta(weeks=10),
        pupil_views="I like knowing what is next",
        parent_views="Mornings are hard",
    )
    plans.outcome_save(
        plan=draft, actor=senco, expected_edit_version=None, description="Arrives calm and stays in class"
    )
    plans.provision_save(
        plan=draft,
        actor=senco,
        expected_edit_version=None,
        barrier_ids=[barrier.pk],
        kind=Provision.Kind.ADJUSTMENT,
        description="Warning of changes to the day",
        delivered_by="Class teacher",
    )
    v1 = plans.plan_agree(plan=draft, actor=senco, agreed_on=today, how=Plan.AgreedHow.MEETING, agreed_with="Mum")
    reviews.review_record(
        plan=v1,
        actor=senco,
        held_on=today,
        attendees="Mum, SENCO",
        parent_present=False,
        pupil_views="",
        parent_views="",
        decision=Review.Decision.CONTINUE,
        summary="Keep going.",
        outcomes=[reviews.OutcomeJudgement(o.pk, "good", "") for o in v1.outcomes.all()],
        provisions=[reviews.ProvisionJudgement(p.pk, "as_planned", "yes", "") for p in v1.provisions.all()],
    )
    v2 = pupil.plans.get(status=Plan.Status.DRAFT)
    plans.plan_update_draft(
        plan=v2, actor=senco, expected_edit_version=None, review_date=today + dt.timedelta(weeks=12)
    )
    v2 = plans.plan_agree(plan=v2, actor=senco, agreed_on=today, how=Plan.AgreedHow.MEETING, agreed_with="Mum")
    v3 = plans.plan_new_version(plan=v2, actor=senco)
    # What only the school sees until the draft is agreed.
    plans.plan_update_draft(
        plan=v3, actor=senco, expected_edit_version=None, school_responsibilities=secret("draft", key)
    )
    v1.refresh_from_db()
    return assessment, v1, v2, v3


def _full_record(pupil, *, senco, family: list, professional=None, today) -> Rows:
    """Every kind of row sensupport keeps about a pupil, as the school and the family write them."""
    from sensupport.family import consent as consents
    from sensupport.family import services as family_services
    from sensupport.pupils import services as register
    from sensupport.pupils.census import RankedNeed
    from sensupport.reviews import services as reviews
    from sensupport.voice import services as voice

    key = pupil.forename.lower()
    register.parent_conversation_record(
        pupil=pupil,
        actor=senco,
        held_on=today - dt.timedelta(days=20),
        method="meeting",
        purpose="start_support",
        parents_present="Parents",
        summary=secret("conversation", key),
    )
    register.pupil_status_change(
        pupil=pupil, status="K", start_date=today - dt.timedelta(days=19), actor=senco, needs=[RankedNeed("SEMH", 1)]
    )
    pupil.refresh_from_db()
    concern = register.concern_raise(pupil=pupil, actor=senco, noticed=secret("concern", key))
    assessment, v1, v2, v3 = _plan_cycle(pupil, senco, today)
    rows = Rows(pupil=pupil, concern=concern, assessment=assessment, reviewed_plan=v1, current_plan=v2, draft_plan=v3)
    rows.summary = pupil.meeting_summaries.order_by("pk").first()
    rows.consent = consents.consent_request(
        pupil=pupil, actor=senco, kind="referral", purpose="Speech and language referral"
    )
    if professional is not None:
        consents.consent_request(
            pupil=pupil, actor=senco, kind="sharing", professional=professional, purpose="EP assessment"
        )
    for name, member in family:
        rows.response[name] = family_services.plan_response_record(
            plan=v2, parent=member, response="disagree", parts=["barriers"], reason=secret("reason", key, name)
        )
        rows.thread[name] = family_services.message_thread_start(
            pupil=pupil, author=member, subject="A question", body=secret("message", key, name)
        )
        rows.prep[name] = family_services.meeting_prep_save(
            pupil=pupil, parent=member, barriers_at_home=secret("prep", key, name), what_helps_at_home="Routine"
        )
        # The pupil's voice, heard by each family member on their own (docs/adr/0006).
        voice.about_me_record(pupil=pupil, actor=member, good_at=secret("aboutme", key, name), with_whom="At home")
        walk = voice.walkthrough_start(
            pupil=pupil,
            actor=member,
            with_whom="At home",
            lessons_before_break=["Maths"],
            lessons_after_break=["English"],
            lessons_after_lunch=["PE"],
        )
        for part in walk.parts.all():
            hard = part.key == "lunch"
            voice.walkthrough_part_record(
                part=part, actor=member, feeling=1 if hard else 4, hard=secret("day", key, name) if hard else ""
            )
        voice.walkthrough_complete(walkthrough=walk, actor=member)
        rows.walkthrough[name] = walk
    first_name, first = family[0]
    rows.early_review = reviews.early_review_request(pupil=pupil, actor=first, reason="New worries at lunch")
    rows.suggestion_part = rows.walkthrough[first_name].parts.get(key="lunch")
    return rows


def _referral(rows: Rows, *, senco, family_member, professional, services, today) -> None:
    """A referral made with the family's consent, accepted, with an appointment, a report and an open
    recommendation, all through the services."""
    from django.core.files.base import ContentFile

    from sensupport.family import consent as consents
    from sensupport.referrals import services as referrals

    pupil = rows.pupil
    consent = consents.consent_request(pupil=pupil, actor=senco, kind="referral", purpose="Educational psychology")
    consents.consent_give(consent=consent, parent=family_member)
    referral = referrals.referral_make(
        actor=senco,
        pupil=pupil,
        service=services[pupil.school.local_authority_id],
        consent=consent,
        question="Why is reading not improving?",
        barrier_ids=list(pupil.barriers.values_list("pk", flat=True)),
    )
    referrals.referral_decide(actor=professional, referral=referral, accept=True)
    referrals.appointment_add(actor=professional, referral=referral, on=today, what="Observation in class")
    upload = ContentFile(b"%PDF-1.4 report probe", name="report.pdf")
    rows.report = referrals.report_upload(actor=professional, referral=referral, written_on=today, file=upload)
    rows.recommendation = referrals.recommendation_add(
        actor=professional, referral=referral, text="Daily precision teaching", report=rows.report
    )
    rows.referral = referral


def _ehc_plan(rows: Rows, *, officer, senco, today) -> None:
    from sensupport.ehc import plan_services as ehc

    pupil = rows.pupil
    sections = {
        "views": secret("ehc-views", pupil.forename.lower()),
        "needs": "Social, emotional and mental health needs.",
        "outcomes": "Will manage the start of the day calmly.",
        "provision": "A key adult every morning.",
        "placement_name": pupil.school.name,
        "placement_type": "Mainstream school",
    }
    first = ehc.ehc_plan_start(actor=officer, pupil=pupil, sections=sections)
    rows.ehc_version = ehc.ehc_plan_issue(actor=officer, version=first, issued_on=today)
    ehc.ehc_plan_amend(actor=officer, plan=first.plan, reason="New school named")
    review = ehc.annual_review_schedule(actor=senco, plan=first.plan, meeting_on=today + dt.timedelta(days=30))
    rows.ehc_review = ehc.annual_review_invitations(actor=senco, review=review, sent_on=today, invited="Family, LA")


def build_world() -> World:
    from django.contrib.auth.models import AnonymousUser

    from sensupport.core.factories import (
        LocalAuthorityFactory,
        PupilFactory,
        SchoolFactory,
        TeachingGroupFactory,
        UserFactory,
        link_parent,
    )
    from sensupport.interop.models import ImportBatch
    from sensupport.organisations.models import School
    from sensupport.pupils.models import ProfessionalShare

    today = timezone.localdate()
    north = LocalAuthorityFactory(code="201", name="Northshire")
    south = LocalAuthorityFactory(code="202", name="Southshire")
    oak = SchoolFactory(name="Oak Primary", local_authority=north, urn="100001", establishment_number="2001")
    ash = SchoolFactory(
        name="Ash Academy",
        local_authority=north,
        urn="100003",
        establishment_number="4001",
        phase=School.Phase.SECONDARY,
    )
    elm = SchoolFactory(name="Elm Primary", local_authority=south, urn="100002", establishment_number="2002")
    class_4b = TeachingGroupFactory(school=oak, name="Class 4B", year_group="4")
    class_3a = TeachingGroupFactory(school=oak, name="Class 3A", year_group="3")

    def user(name, role, **kwargs):
        return UserFactory(
            username=f"{name}@example.org",
            role=role,
            first_name=name.replace("_", " ").title(),
            last_name="Person",
            **kwargs,
        )

    users = {
        "senco": user("senco", "senco", school=oak),
        "head": user("head", "head", school=oak),
        "school_admin": user("school_admin", "school_admin", school=oak),
        "teacher": user("teacher", "teacher", school=oak),
        "ta": user("ta", "ta", school=oak),
        "other_teacher": user("other_teacher", "teacher", school=oak),
        "other_school_senco": user("other_school_senco", "senco", school=elm),
        "la_officer": user("la_officer", "la_officer", local_authority=north),
        "other_la_officer": user("other_la_officer", "la_officer", local_authority=south),
        "mother": user("mother", "parent"),
        "father": user("father", "parent"),
        "step_parent": user("step_parent", "parent"),
        "other_family_parent": user("other_family_parent", "parent"),
        "young_person": None,  # below, once her record exists
        "professional": user("professional", "professional", organisation_name="Educational Psychology Service"),
        "professional_no_share": user(
            "professional_no_share", "professional", organisation_name="Speech and Language Therapy"
        ),
        "service_admin": user("service_admin", "service_admin"),
        "anonymous": AnonymousUser(),
    }
    class_4b.staff.add(users["teacher"], users["ta"])
    class_3a.staff.add(users["other_teacher"])
    ash_senco = user("ash_senco", "senco", school=ash)
    jemima_mother = user("jemima_mother", "parent")

    def pupil(key, school, **kwargs):
        return PupilFactory(school=school, forename=FORENAMES[key], surname=SURNAMES[key], **kwargs)

    pupils = {
        "peter": pupil("peter", oak, year_group="4"),
        "flopsy": pupil("flopsy", oak, year_group="3", sen_status="M", home_local_authority=north),
        "yasmin": pupil("yasmin", ash, year_group="12", date_of_birth=dt.date(today.year - 17, 1, 1)),
        "jemima": pupil("jemima", elm, year_group="4"),
        "harriet": pupil("harriet", elm, year_group="5", sen_status="K", home_local_authority=north),
        "benjamin": pupil("benjamin", elm, year_group="5", sen_status="N", home_local_authority=north),
    }
    class_4b.pupils.add(pupils["peter"])
    class_3a.pupils.add(pupils["flopsy"])
    users["young_person"] = user("young_person", "young_person", own_pupil_record=pupils["yasmin"])
    link_parent(users["mother"], pupils["peter"], relationship="Mother", has_parental_responsibility=True)
    link_parent(users["father"], pupils["peter"], relationship="Father", has_parental_responsibility=True)
    link_parent(users["step_parent"], pupils["peter"], relationship="Step-father", has_parental_responsibility=False)
    link_parent(users["other_family_parent"], pupils["flopsy"], relationship="Mother", has_parental_responsibility=True)
    link_parent(jemima_mother, pupils["jemima"], relationship="Mother", has_parental_responsibility=True)
    ProfessionalShare.objects.create(
        professional=users["professional"], pupil=pupils["peter"], shared_by=users["senco"], purpose="EP assessment"
    )

    from sensupport.pupils import services as register

    rows = {
        # Flopsy's record is a concern only: she is monitored, not on SEN Support.
        "flopsy": Rows(
            pupil=pupils["flopsy"],
            concern=register.concern_raise(
                pupil=pupils["flopsy"], actor=users["other_teacher"], noticed=secret("concern", "flopsy")
            ),
        ),
        "peter": _full_record(
            pupils["peter"],
            senco=users["senco"],
            family=[("mother", users["mother"]), ("father", users["father"])],
            professional=users["professional"],
            today=today,
        ),
        "yasmin": _full_record(
            pupils["yasmin"], senco=ash_senco, family=[("young_person", users["young_person"])], today=today
        ),
        "jemima": _full_record(
            pupils["jemima"], senco=users["other_school_senco"], family=[("jemima_mother", jemima_mother)], today=today
        ),
    }
    # Referrals (issue 12): Northshire's EP service (the professional's) and Southshire's speech and
    # language service (professional_no_share's); Peter's and Yasmin's referrals go to the first,
    # Jemima's to the second. Only Peter's record is shared with the professional.
    from sensupport.referrals.models import Service, ServiceMembership

    services = {
        north.pk: Service.objects.create(name="Northshire EP Service", kind="ep", local_authority=north),
        south.pk: Service.objects.create(name="Southshire Speech and Language", kind="salt", local_authority=south),
    }
    ServiceMembership.objects.create(professional=users["professional"], service=services[north.pk])
    ServiceMembership.objects.create(professional=users["professional_no_share"], service=services[south.pk])
    for key, senco, member, pro in (
        ("peter", users["senco"], users["mother"], users["professional"]),
        ("yasmin", ash_senco, users["young_person"], users["professional"]),
        ("jemima", users["other_school_senco"], jemima_mother, users["professional_no_share"]),
    ):
        _referral(rows[key], senco=senco, family_member=member, professional=pro, services=services, today=today)
    # EHC plan summaries with the plan attached, for pupils:ehc_document (issue 8): on the pupils
    # whose rows fill the URLs of the identities it opens to (a pupil's school's staff, the LA).
    from django.core.files.base import ContentFile

    from sensupport.pupils.models import EhcPlanSummary

    for key in ("peter", "flopsy", "jemima"):
        EhcPlanSummary(
            pupil=pupils[key],
            issuing_local_authority=pupils[key].school.local_authority,
            issued_on=today - dt.timedelta(days=300),
            outcomes=f"{FORENAMES[key]} will read a short book aloud.",
            provision_summary="20 minutes of phonics a day.",
            document_name="ehc-plan.pdf",
        ).document.save("ehc-plan.pdf", ContentFile(b"%PDF-1.4 probe"), save=True)
    _local_offer(north, users, rows["peter"], today)
    # EHC plans (issue 12): issued by the officer of the pupil's LA (so each becomes E), amended
    # (a draft version 2 for the LA's pages), with an annual review arranged by the school.
    for key, officer, senco in (
        ("peter", users["la_officer"], users["senco"]),
        ("yasmin", users["la_officer"], ash_senco),
        ("jemima", users["other_la_officer"], users["other_school_senco"]),
    ):
        _ehc_plan(rows[key], officer=officer, senco=senco, today=today)
    for key in pupils:
        pupils[key].refresh_from_db()
    batches = {
        school_key: ImportBatch.objects.create(
            school=school,
            uploaded_by=uploader,
            filename="pupils.csv",
            kind=ImportBatch.Kind.SPREADSHEET,
            content=b"UPN,Surname\n",
            sha256="0" * 64,
        )
        for school_key, school, uploader in [("oak", oak, users["senco"]), ("elm", elm, users["other_school_senco"])]
    }
    # The SEN information report (issue 13): Oak's published, so its public pages (urn 100001) open.
    from sensupport.information_report import services as information_report

    information_report.report_publish(actor=users["head"], school=oak)
    return World(users=users, pupils=pupils, rows=rows, batches=batches)


def _local_offer(north, users, peter_rows: Rows, today) -> None:
    """The Local Offer (issue 13): Northshire's one service, with the fixed id policy.CONSTANTS gives
    its public pages; both professionals edit its provider (my-entries is theirs); a change waits
    for Northshire's officer; Peter's plan in force signposts a support line to it."""
    from sensupport.local_offer import services as local_offer
    from sensupport.local_offer.models import Provider, ProviderEditor, Service

    from .policy import LOCAL_OFFER_SERVICE_ID

    provider = Provider.objects.create(
        local_authority=north, name="Northshire Family Hub", kind="la", description="Hub"
    )
    service = Service.objects.create(
        id=LOCAL_OFFER_SERVICE_ID,
        provider=provider,
        name="Northshire autism support group",
        description="A group for families",
        how_to_access="Drop in",
        last_checked_on=today,
    )
    for name in ("professional", "professional_no_share"):
        ProviderEditor.objects.create(provider=provider, user=users[name])
    proposal = local_offer.current_values(service)
    proposal["fees"] = "£2"
    local_offer.service_change_propose(actor=users["professional"], service=service, proposed=proposal)
    line = peter_rows.current_plan.provisions.order_by("pk").first()
    local_offer.signpost_set(actor=users["senco"], provision=line, service=service)
