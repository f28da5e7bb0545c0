"""The graduated approach in the demo: Peter's three full cycles (the seed story: anxiety,
sensory and fatigue barriers unmet, then met), pupils at every stage of Assess, Plan, Do,
Review, and the families' side (a young person's own account, meeting preparation, a
disagreement, messages, consent, pupil voice).

Everything goes through the real services, so the demo obeys the same rules as the app and
leaves the same audit trail."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.test.utils import override_settings

from sensupport.accounts.models import Role, User
from sensupport.audit.models import AuditEvent
from sensupport.demo import referrals as demo_referrals
from sensupport.plans import services as plans
from sensupport.plans.bank import shipped_bank
from sensupport.plans.models import Impact, Plan, Provision
from sensupport.pupils.models import Pupil
from sensupport.reviews import services as reviews
from sensupport.reviews.models import Review

from .register import new_user

SEMH = "Social, emotional and mental health"
SENSORY = "Sensory and/or physical"
COGNITION = "Cognition and learning"
COMMUNICATION = "Communication and interaction"


def _bank_key(*words: str) -> str:
    """The first strategy-bank barrier whose key contains all the words ('' if none)."""
    for key in shipped_bank():
        if all(w in key for w in words):
            return key
    return ""


def _strategy(barrier_key: str, n: int = 0):
    entry = shipped_bank().get(barrier_key)
    return entry.strategies[n % len(entry.strategies)] if entry and entry.strategies else None


def _support(
    plan,
    actor,
    barriers,
    *,
    kind,
    description,
    delivered_by,
    sessions=None,
    minutes=None,
    group=None,
    setting=Provision.Setting.IN_CLASS,
    replaces="",
    cost="0",
    key="",
):
    return plans.provision_save(
        plan=plan,
        actor=actor,
        expected_edit_version=None,
        barrier_ids=[b.pk for b in barriers],
        kind=kind,
        description=description,
        delivered_by=delivered_by,
        sessions_per_week=Decimal(sessions) if sessions else None,
        minutes_per_session=minutes,
        group_size=group,
        setting=setting,
        replaces_lessons=replaces,
        start_date=None,
        end_date=None,
        cost=Decimal(cost),
        bank_strategy_key=key,
        via=AuditEvent.Via.COMMAND,
    )


def _review(
    plan,
    actor,
    on,
    *,
    decision,
    summary,
    progress,
    helped,
    parent_present=True,
    pupil_views="",
    parent_views="",
    attendees="",
):
    return reviews.review_record(
        plan=plan,
        actor=actor,
        held_on=on,
        attendees=attendees or "Mother, class teacher, SENCO",
        parent_present=parent_present,
        pupil_views=pupil_views,
        parent_views=parent_views,
        decision=decision,
        summary=summary,
        outcomes=[reviews.OutcomeJudgement(o.pk, progress, "") for o in plan.outcomes.all()],
        provisions=[reviews.ProvisionJudgement(p.pk, "as_planned", helped(p)) for p in plan.provisions.all()],
        via=AuditEvent.Via.COMMAND,
    )


def peter_three_cycles(peter: Pupil, *, senco: User, teacher: User, ta: User | None, today: dt.date) -> None:
    """Cycle 1 misses the point (a handwriting group; anxiety, noise and fatigue unmet). Cycle 2
    listens to everyone, including a disagreement, and plans against the barriers. Cycle 3
    refines. Version 4 is running now."""
    start = peter.sen_status_since or today - dt.timedelta(days=330)
    c1 = plans.assessment_start(pupil=peter, actor=senco, on=start - dt.timedelta(days=3), via=AuditEvent.Via.COMMAND)
    anxiety = plans.barrier_add(
        assessment=c1,
        actor=senco,
        title="Anxiety at arrival and transitions",
        broad_area=SEMH,
        bank_key=_bank_key("anxiety", "transition") or _bank_key("anxiety"),
        description="Peter's body fills with worry at the classroom door and when the day changes.",
        where_when="Arrival; moving between lessons; unexpected changes",
        effect="He freezes and cannot start work.",
        via=AuditEvent.Via.COMMAND,
    )
    noise = plans.barrier_add(
        assessment=c1,
        actor=senco,
        title="Noise and crowds (the dining hall)",
        broad_area=SENSORY,
        bank_key=_bank_key("dining") or _bank_key("noise"),
        description="Loud, busy places are painful for Peter; the dining hall is the worst.",
        where_when="Lunchtime; assemblies",
        effect="He does not eat and is exhausted by the afternoon.",
        impact=Impact.SEVERE,
        via=AuditEvent.Via.COMMAND,
    )
    fatigue = plans.barrier_add(
        assessment=c1,
        actor=senco,
        title="Fatigue",
        broad_area=SENSORY,
        bank_key=_bank_key("fatigue"),
        description="Peter tires quickly; his effort fades after lunch.",
        where_when="Afternoons",
        effect="Little written work after lunch.",
        via=AuditEvent.Via.COMMAND,
    )
    plans.assessment_complete(assessment=c1, actor=senco, on=start - dt.timedelta(days=1), via=AuditEvent.Via.COMMAND)
    v1 = plans.plan_create_draft(pupil=peter, actor=senco, assessment=c1, via=AuditEvent.Via.COMMAND)
    plans.plan_update_draft(
        plan=v1,
        actor=senco,
        expected_edit_version=None,
        review_date=start + dt.timedelta(weeks=12),
        pupil_views="",
        parent_views="Mum says mornings are a battle.",
        school_responsibilities="Run a handwriting group.",
        parent_responsibilities="Practise handwriting at home.",
        via=AuditEvent.Via.COMMAND,
    )
    plans.outcome_save(
        plan=v1,
        actor=senco,
        expected_edit_version=None,
        description="Peter will write three sentences independently.",
        via=AuditEvent.Via.COMMAND,
    )
    _support(
        v1,
        senco,
        [anxiety],
        kind=Provision.Kind.INTERVENTION,
        description="Handwriting practice group",
        delivered_by="Teaching assistant",
        sessions="3",
        minutes=15,
        group=6,
        setting=Provision.Setting.WITHDRAWN,
        replaces="Start of morning lessons",
        cost="90",
    )
    plans.plan_agree(
        plan=Plan.objects.get(pk=v1.pk),
        actor=senco,
        agreed_on=start,
        how=Plan.AgreedHow.MEETING,
        agreed_with="Claire Marsh (mother)",
        via=AuditEvent.Via.COMMAND,
    )
    _review(
        Plan.objects.get(pk=v1.pk),
        senco,
        start + dt.timedelta(weeks=12),
        decision=Review.Decision.CHANGE,
        progress="none",
        helped=lambda p: "no",
        pupil_views="I hate the hall. I am tired.",
        parent_views="He is worse. Nobody has asked him what is hard.",
        summary=(
            "The group did not touch what gets in Peter's way. Start again from his barriers, with everyone's views. "
            "SENCO to re-assess within 2 weeks."
        ),
    )

    c2_on = start + dt.timedelta(weeks=12, days=3)
    c2 = plans.assessment_start(pupil=peter, actor=senco, on=c2_on, via=AuditEvent.Via.COMMAND)
    memory = plans.barrier_add(
        assessment=c2,
        actor=senco,
        title="Losing the thread of instructions",
        broad_area=COGNITION,
        description="Long instructions slip away before Peter can act on them.",
        where_when="Whole-class teaching",
        via=AuditEvent.Via.COMMAND,
    )
    plans.contributor_view_record(
        assessment=c2,
        actor=senco,
        contributor="pupil",
        name="Peter",
        what_is_hard="The hall is too loud. My legs get tired.",
        what_helps="Knowing what is next. Lunch in the library.",
        strengths="Lego, drawing maps",
        opinions=[plans.BarrierOpinion(noise.pk, "yes", 3), plans.BarrierOpinion(fatigue.pk, "yes", 2)],
        via=AuditEvent.Via.COMMAND,
    )
    plans.contributor_view_record(
        assessment=c2,
        actor=senco,
        contributor="parent",
        name="Claire Marsh",
        what_is_hard="He is exhausted after school and covers his ears in shops.",
        what_helps="A calm, predictable start.",
        opinions=[plans.BarrierOpinion(anxiety.pk, "yes", 3), plans.BarrierOpinion(fatigue.pk, "yes", 3)],
        via=AuditEvent.Via.COMMAND,
    )
    plans.contributor_view_record(
        assessment=c2,
        actor=senco,
        contributor="teacher",
        name=teacher.display_name,
        what_is_hard="Attention drifts in the afternoon.",
        what_helps="Sitting near the front.",
        opinions=[plans.BarrierOpinion(memory.pk, "no"), plans.BarrierOpinion(fatigue.pk, "unsure")],
        via=AuditEvent.Via.COMMAND,
    )
    plans.contributor_view_record(
        assessment=c2,
        actor=senco,
        contributor="ta",
        name=ta.display_name if ta else "Teaching assistant",
        what_is_hard="He loses the thread of long instructions.",
        what_helps="Instructions one step at a time.",
        opinions=[plans.BarrierOpinion(memory.pk, "yes", 2), plans.BarrierOpinion(noise.pk, "yes", 3)],
        via=AuditEvent.Via.COMMAND,
    )
    plans.barrier_status_settle(
        assessment=c2,
        barrier=memory,
        actor=senco,
        present=True,
        impact=Impact.SOME,
        resolution=(
            "The teacher saw attention; the TA saw working memory. Observed together: instructions in steps help, so "
            "it is memory made worse by fatigue."
        ),
        via=AuditEvent.Via.COMMAND,
    )
    plans.assessment_update_summary(
        assessment=c2,
        actor=senco,
        strengths="Kind, funny, brilliant at building and map-drawing.",
        interests="Lego, trains, maps",
        what_helps="Warning of change; a quiet space; being believed.",
        via=AuditEvent.Via.COMMAND,
    )
    plans.assessment_complete(assessment=c2, actor=senco, on=c2_on + dt.timedelta(days=5), via=AuditEvent.Via.COMMAND)
    v2 = Plan.objects.get(pupil=peter, status=Plan.Status.DRAFT)
    Plan.objects.filter(pk=v2.pk).update(assessment=c2)
    v2.refresh_from_db()
    for item in [*v2.provisions.all(), *v2.outcomes.all()]:  # start again from the barriers
        plans.plan_item_remove(plan=v2, actor=senco, expected_edit_version=None, item=item, via=AuditEvent.Via.COMMAND)
    plans.plan_update_draft(
        plan=v2,
        actor=senco,
        expected_edit_version=None,
        review_date=c2_on + dt.timedelta(weeks=12),
        pupil_views="I like knowing what is next. Lunch in the library is good.",
        parent_views="Please believe him when he says it is too loud.",
        school_responsibilities="Every adult who works with Peter reads this plan and the one-page profile.",
        parent_responsibilities="Tell the class teacher on the door if the night was bad.",
        pupil_responsibilities="Show my card when I need a break.",
        via=AuditEvent.Via.COMMAND,
    )
    plans.outcome_save(
        plan=v2,
        actor=senco,
        expected_edit_version=None,
        description="I come into class calm most mornings.",
        how_we_will_know="Calm arrivals on 4 days of 5 (from 1 in 5 now).",
        via=AuditEvent.Via.COMMAND,
    )
    plans.outcome_save(
        plan=v2,
        actor=senco,
        expected_edit_version=None,
        description="I eat my lunch every day.",
        via=AuditEvent.Via.COMMAND,
    )
    key = _bank_key("anxiety", "transition") or _bank_key("anxiety")
    _support(
        v2,
        senco,
        [anxiety],
        kind=Provision.Kind.ADJUSTMENT,
        description="Warning of changes to the day, with a visual timetable on his desk",
        delivered_by="Class teacher",
        key=getattr(_strategy(key), "key", ""),
    )
    _support(
        v2,
        senco,
        [anxiety],
        kind=Provision.Kind.ADULT_SUPPORT,
        description="Meet-and-greet at the side door with the same adult; quiet route to class",
        delivered_by="Teaching assistant",
        sessions="5",
        minutes=10,
        group=1,
        cost="0",
    )
    _support(
        v2,
        senco,
        [noise],
        kind=Provision.Kind.ADJUSTMENT,
        description="Quiet lunch club in the library with two friends",
        delivered_by="Lunchtime supervisor",
    )
    _support(
        v2,
        senco,
        [noise],
        kind=Provision.Kind.EQUIPMENT,
        description="Ear defenders for assemblies and the hall",
        delivered_by="Class teacher",
        cost="25",
    )
    _support(
        v2,
        senco,
        [fatigue, memory],
        kind=Provision.Kind.ADJUSTMENT,
        description="Rest break after lunch; instructions given one step at a time",
        delivered_by="Class teacher",
    )
    plans.plan_agree(
        plan=Plan.objects.get(pk=v2.pk),
        actor=senco,
        agreed_on=c2_on + dt.timedelta(days=7),
        how=Plan.AgreedHow.MEETING,
        agreed_with="Claire Marsh (mother)",
        via=AuditEvent.Via.COMMAND,
    )
    _review(
        Plan.objects.get(pk=v2.pk),
        senco,
        c2_on + dt.timedelta(weeks=12),
        decision=Review.Decision.CHANGE,
        progress="good",
        helped=lambda p: "yes" if "lunch" in p.description or "Meet" in p.description else "partly",
        pupil_views="Mornings are OK now. I still get tired.",
        parent_views="He eats his lunch! Afternoons are still hard.",
        summary=(
            "Mornings and lunch much better. Fatigue still limits afternoons: add movement breaks and reduce copying. "
            "Teacher from today."
        ),
    )

    c3_on = c2_on + dt.timedelta(weeks=12, days=4)
    v3 = Plan.objects.get(pupil=peter, status=Plan.Status.DRAFT)
    plans.plan_update_draft(
        plan=v3,
        actor=senco,
        expected_edit_version=None,
        review_date=c3_on + dt.timedelta(weeks=12),
        pupil_views="Mornings are OK now. Copying off the board makes my arm hurt.",
        parent_views="Afternoons are still hard; he is shattered at pick-up.",
        via=AuditEvent.Via.COMMAND,
    )
    _support(
        v3,
        senco,
        [fatigue],
        kind=Provision.Kind.ADJUSTMENT,
        description="Reduced copying: printed notes and photos of the board",
        delivered_by="Class teacher",
    )
    _support(
        v3,
        senco,
        [fatigue],
        kind=Provision.Kind.ADJUSTMENT,
        description="Movement break card: two short breaks each afternoon",
        delivered_by="Class teacher",
    )
    plans.plan_agree(
        plan=Plan.objects.get(pk=v3.pk),
        actor=senco,
        agreed_on=c3_on,
        how=Plan.AgreedHow.PHONE,
        agreed_with="Claire Marsh (mother)",
        via=AuditEvent.Via.COMMAND,
    )
    _review(
        Plan.objects.get(pk=v3.pk),
        senco,
        c3_on + dt.timedelta(weeks=11),
        decision=Review.Decision.CONTINUE,
        progress="good",
        helped=lambda p: "yes",
        pupil_views="I like school more now.",
        parent_views="He is happier. The paediatrician appointment is next month.",
        summary=(
            "Barriers now met in class. Continue into Year 4; brief the new teacher; SENCO to share the one-page "
            "profile with all staff."
        ),
    )

    v4 = Plan.objects.get(pupil=peter, status=Plan.Status.DRAFT)
    v4_on = c3_on + dt.timedelta(weeks=11, days=5)
    plans.plan_update_draft(
        plan=v4,
        actor=senco,
        expected_edit_version=None,
        review_date=max(today + dt.timedelta(days=10), v4_on + dt.timedelta(days=7)),
        pupil_views="I like school more now. I want to be a map maker.",
        via=AuditEvent.Via.COMMAND,
    )
    plans.plan_agree(
        plan=Plan.objects.get(pk=v4.pk),
        actor=senco,
        agreed_on=v4_on,
        how=Plan.AgreedHow.MEETING,
        agreed_with="Claire Marsh (mother)",
        via=AuditEvent.Via.COMMAND,
    )
    v4.refresh_from_db()
    for reader in [teacher, ta]:
        if reader is not None:
            reviews.plan_mark_read(plan=v4, user=reader, via=AuditEvent.Via.COMMAND)
    reviews.evidence_add(
        plan=v4,
        actor=teacher,
        kind="observation",
        observed_on=min(today, v4_on + dt.timedelta(days=14)),
        text="Came in calmly every day this week; used the quiet route once.",
        provision=v4.provisions.first(),
        via=AuditEvent.Via.COMMAND,
    )


def stages(
    candidates: list[Pupil],
    *,
    senco_for,
    teacher_for,
    today: dt.date,
    rng: random.Random,
    plan_for: list[str] | None = None,
) -> dict[str, int]:
    """Pupils on SEN Support at every stage: assessing, drafting, running (some reviews due and
    overdue), reviewed with the next version drafted, and one whose SEN Support ended."""
    counts = dict.fromkeys(["assess", "draft", "do", "overdue", "due soon", "reviewed", "ended"], 0)
    plan_for = (
        plan_for
        or ["assess"] * 3
        + ["draft"] * 3
        + ["overdue"] * 3
        + ["due soon"] * 3
        + ["reviewed"] * 2
        + ["ended"]
        + ["do"] * 14
    )
    for pupil, stage in zip(candidates, plan_for):
        senco = senco_for(pupil)
        teacher = teacher_for(pupil)
        key = rng.choice(list(shipped_bank()))
        entry = shipped_bank()[key]
        agreed_on = today - dt.timedelta(days=rng.randint(20, 70))
        a = plans.assessment_start(
            pupil=pupil, actor=senco, on=agreed_on - dt.timedelta(days=10), via=AuditEvent.Via.COMMAND
        )
        barrier = plans.barrier_add(
            assessment=a,
            actor=senco,
            title=entry.name,
            broad_area=entry.broad_area,
            bank_key=key,
            description=entry.description,
            via=AuditEvent.Via.COMMAND,
        )
        plans.contributor_view_record(
            assessment=a,
            actor=senco,
            contributor="teacher",
            name=teacher.display_name if teacher else "Class teacher",
            what_is_hard=entry.shows_as[0] if entry.shows_as else entry.description,
            opinions=[plans.BarrierOpinion(barrier.pk, "yes", 2)],
            via=AuditEvent.Via.COMMAND,
        )
        counts[stage] += 1
        if stage == "assess":
            continue
        plans.assessment_complete(
            assessment=a, actor=senco, on=agreed_on - dt.timedelta(days=5), via=AuditEvent.Via.COMMAND
        )
        plan = plans.plan_create_draft(pupil=pupil, actor=senco, assessment=a, via=AuditEvent.Via.COMMAND)
        review_on = {
            "overdue": today - dt.timedelta(days=rng.randint(3, 20)),
            "due soon": today + dt.timedelta(days=rng.randint(2, 12)),
        }.get(stage, agreed_on + dt.timedelta(weeks=12))
        plans.plan_update_draft(
            plan=plan,
            actor=senco,
            expected_edit_version=None,
            review_date=review_on,
            pupil_views="It helps when " + entry.strategies[0].title.lower() + ".",
            parent_views="We want school to feel manageable.",
            via=AuditEvent.Via.COMMAND,
        )
        plans.outcome_save(
            plan=plan,
            actor=senco,
            expected_edit_version=None,
            description=f"{pupil.forename} finds {entry.name.lower()} less of a barrier.",
            via=AuditEvent.Via.COMMAND,
        )
        for _n, strategy in enumerate(entry.strategies[:2]):
            _support(
                plan,
                senco,
                [barrier],
                kind=strategy.kind,
                description=f"{strategy.title}: {strategy.description}",
                delivered_by=strategy.delivered_by or "Class teacher",
                key=strategy.key,
                cost="0" if strategy.cost == "none" else "60",
            )
        if stage == "draft":
            continue
        plans.plan_agree(
            plan=Plan.objects.get(pk=plan.pk),
            actor=senco,
            agreed_on=agreed_on,
            how=Plan.AgreedHow.MEETING,
            agreed_with="Parent",
            via=AuditEvent.Via.COMMAND,
        )
        if teacher is not None and rng.random() < 0.6:
            reviews.plan_mark_read(plan=Plan.objects.get(pk=plan.pk), user=teacher, via=AuditEvent.Via.COMMAND)
        if stage in ("reviewed", "ended"):
            held = today if stage == "ended" else min(today, agreed_on + dt.timedelta(days=40))
            _review(
                Plan.objects.get(pk=plan.pk),
                senco,
                held,
                decision=Review.Decision.END_SUPPORT if stage == "ended" else Review.Decision.CONTINUE,
                progress="achieved" if stage == "ended" else "some",
                helped=lambda p: "yes",
                parent_views="Good progress.",
                summary="Outcomes met; support ends with the family's agreement."
                if stage == "ended"
                else "Some progress; keep going.",
            )
    return counts


def young_person(pupil: Pupil, password_hash: str, email: str) -> User:
    user = new_user(
        email,
        Role.YOUNG_PERSON,
        pupil.preferred_forename or pupil.forename,
        pupil.surname,
        password_hash,
        own_pupil_record=pupil,
    )
    user.save()
    return user


def load_stories(
    *,
    peter: Pupil,
    senco_by_school,
    teacher_for,
    ta_for,
    today: dt.date,
    rng: random.Random,
    lily: Pupil | None = None,
    noah: Pupil | None = None,
) -> dict[str, int]:
    """Run the stories with email captured in memory (the demo must not print a hundred emails)."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        peter_three_cycles(
            peter, senco=senco_by_school[peter.school_id], teacher=teacher_for(peter), ta=ta_for(peter), today=today
        )
        candidates = list(
            Pupil.objects.filter(
                school__in=list(senco_by_school), sen_status="K", school__phase__in=["primary", "secondary"]
            )
            .exclude(pk=peter.pk)
            .exclude(parent_conversations__isnull=True)
            .order_by("id")
        )
        rng.shuffle(candidates)
        stage = stages(
            candidates[:29],
            senco_for=lambda p: senco_by_school[p.school_id],
            teacher_for=teacher_for,
            today=today,
            rng=rng,
        )
        labels = {
            "assess": "pupils being assessed",
            "draft": "draft plans",
            "do": "plans running",
            "overdue": "reviews overdue",
            "due soon": "reviews due soon",
            "reviewed": "plans reviewed",
            "ended": "SEN Support ended at review",
        }
        counts = {labels[k]: v for k, v in stage.items()}
        # Noah has an EHC plan; the school's own support plan for him is running too.
        if noah is not None and not noah.plans.exists():
            stages(
                [noah],
                senco_for=lambda p: senco_by_school[p.school_id],
                teacher_for=teacher_for,
                today=today,
                rng=rng,
                plan_for=["do"],
            )
        counts.update(family_stories(peter=peter, lily=lily, noah=noah, today=today))
        counts.update(demo_referrals.peter_referral(peter=peter, today=today))
        return counts


def pick_young_person(today: dt.date) -> Pupil | None:
    """A Year 11 pupil on SEN Support who is already 16: they get their own sign-in."""
    sixteen = dt.date(today.year - 16, today.month, today.day)
    return (
        Pupil.objects.filter(year_group="11", sen_status="K", date_of_birth__lte=sixteen)
        .order_by("date_of_birth", "id")
        .first()
    )


def family_stories(*, peter: Pupil, lily: Pupil | None, noah: Pupil | None, today: dt.date) -> dict[str, int]:
    """The families' side: Peter's mum prepares for his next review and messages the school; Peter
    has told the school about his day; Noah's father disagrees with part of his plan; consent for
    the educational psychologist is given for Peter and asked for Lily's referral."""
    from sensupport.family import consent as consent_services
    from sensupport.family import services as family
    from sensupport.family.questions import QUESTIONS
    from sensupport.pupils.models import ParentLink, ProfessionalShare
    from sensupport.voice import services as voice

    counts = {"meeting preparations": 0, "disagreements": 0, "message threads": 0, "consents": 0, "walk-throughs": 0}
    mum = ParentLink.objects.filter(pupil=peter, has_parental_responsibility=True).select_related("parent").first()
    senco = User.objects.filter(role=Role.SENCO, school=peter.school).first()
    plan = Plan.objects.filter(pupil=peter, status__in=[Plan.Status.AGREED, Plan.Status.ACTIVE]).first()
    if mum is not None:
        family.meeting_prep_save(
            pupil=peter,
            parent=mum.parent,
            meeting_on=plan.review_date if plan else None,
            barriers_at_home="He is still exhausted after school. Sunday nights are bad: he worries about Monday.",
            what_helps_at_home="A quiet half hour when he gets home. Talking through the next day at tea time.",
            questions=[q.key for q in QUESTIONS[:3]],
            other_questions="Could the paediatrician's letter be part of the plan?",
            via=AuditEvent.Via.COMMAND,
        )
        counts["meeting preparations"] += 1
        thread = family.message_thread_start(
            pupil=peter,
            author=mum.parent,
            subject="Swimming next term",
            body="Peter is worried about the changing rooms for swimming. Can we talk about it before it starts?",
            via=AuditEvent.Via.COMMAND,
        )
        family.message_send(
            thread=thread,
            author=senco,
            body="Thank you for telling us. Let's add it to the review; I will ask about a quieter changing space.",
            via=AuditEvent.Via.COMMAND,
        )
        counts["message threads"] += 1
        share = ProfessionalShare.objects.filter(pupil=peter).first()
        ask = consent_services.consent_request(
            pupil=peter,
            actor=senco,
            kind="sharing",
            purpose="Educational psychologist's advice on anxiety and fatigue",
            professional=share.professional if share else None,
            via=AuditEvent.Via.COMMAND,
        )
        consent_services.consent_give(consent=ask, parent=mum.parent, via=AuditEvent.Via.COMMAND)
        counts["consents"] += 1
        voice.about_me_record(
            pupil=peter,
            actor=mum.parent,
            good_at="Lego, drawing maps, remembering train times",
            likes="Trains and Minecraft",
            hard="The hall at lunch. Being tired after lunch.",
            helps="Knowing what is next. The library at lunch.",
            with_whom="Mum",
            via=AuditEvent.Via.COMMAND,
        )
        walk = voice.walkthrough_start(
            pupil=peter,
            actor=mum.parent,
            with_whom="Mum",
            lessons_before_break=["Maths", "English"],
            lessons_after_break=["Reading"],
            lessons_after_lunch=["Science", "PE"],
            via=AuditEvent.Via.COMMAND,
        )
        feelings = {"arrival": 2, "lunch": 1, "moving": 3, "break": 3, "home_time": 5}
        for part in walk.parts.all():
            feeling = feelings.get(part.key, 4 if part.label != "PE" else 2)
            hard = {"lunch": "It is so loud I can't eat.", "arrival": "Lots of people at the door."}.get(
                part.key, "My legs hurt and I'm tired." if part.label == "PE" else ""
            )
            voice.walkthrough_part_record(
                part=part, actor=mum.parent, feeling=feeling, hard=hard, via=AuditEvent.Via.COMMAND
            )
        voice.walkthrough_complete(walkthrough=walk, actor=mum.parent, via=AuditEvent.Via.COMMAND)
        counts["walk-throughs"] += 1
    if lily is not None:
        lily_senco = User.objects.filter(role=Role.SENCO, school=lily.school).first()
        consent_services.consent_request(
            pupil=lily,
            actor=lily_senco,
            kind="referral",
            purpose="Referral to the speech and language therapy service",
            via=AuditEvent.Via.COMMAND,
        )
        counts["consents"] += 1
    if noah is not None:
        dad = ParentLink.objects.filter(pupil=noah, relationship="Father").select_related("parent").first()
        mum = ParentLink.objects.filter(pupil=noah, relationship="Mother").select_related("parent").first()
        noah_senco = User.objects.filter(role=Role.SENCO, school=noah.school).first()
        noah_plan = Plan.objects.filter(pupil=noah, status__in=[Plan.Status.AGREED, Plan.Status.ACTIVE]).first()
        if dad is not None and noah_plan is not None and noah_plan.provisions.exists():
            family.plan_response_record(
                plan=noah_plan,
                parent=dad.parent,
                response="disagree",
                parts=[f"provision:{noah_plan.provisions.first().pk}"],
                reason=(
                    "Noah is taken out of science for this, and science is the subject he loves. Could it happen at "
                    "another time?"
                ),
                via=AuditEvent.Via.COMMAND,
            )
            counts["disagreements"] += 1
        # Separated parents (docs/adr/0006): each has their own conversations with the school.
        if mum is not None and dad is not None and noah_senco is not None:
            thread = family.message_thread_start(
                pupil=noah,
                author=mum.parent,
                subject="Hospital appointment",
                body="Noah has a clinic appointment on Tuesday morning, so he will be in after break.",
                via=AuditEvent.Via.COMMAND,
            )
            family.message_send(
                thread=thread,
                author=noah_senco,
                body="Thank you. I have told his tutor and the science teacher.",
                via=AuditEvent.Via.COMMAND,
            )
            family.message_thread_start(
                pupil=noah,
                author=noah_senco,
                family_member=dad.parent,
                subject="Your message about science",
                body="Thank you for telling us. Could we meet to look at when Noah's sessions happen?",
                via=AuditEvent.Via.COMMAND,
            )
            counts["message threads"] += 2
    return counts
