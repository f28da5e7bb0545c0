"""The demo's provision map (issue 10): each school's pay roles and dated rates, a catalogue of
interventions, groups run by its teaching assistants with a term of sessions (some cancelled) and
entry and exit scores, Peter's plan costed, one pupil over the £6,000 a year of element 2 support
and one approaching it. Everything through the provision services (audited, via "command")."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from sensupport.accounts.models import Role, User
from sensupport.audit.models import AuditEvent
from sensupport.plans import services as plans
from sensupport.plans.models import Plan, Provision
from sensupport.provision import groups, rules, services
from sensupport.provision.models import Intervention, Session
from sensupport.pupils.models import Pupil

VIA = AuditEvent.Via.COMMAND
WITHDRAWN, IN_CLASS = Provision.Setting.WITHDRAWN, Provision.Setting.IN_CLASS

# name: hourly cost (with on-costs) from last April; a pay award from 1 September for teaching assistants.
PAY_ROLES = {
    "Teaching assistant (level 2)": Decimal("17.40"),
    "Teaching assistant (level 3)": Decimal("19.80"),
    "Higher level teaching assistant": Decimal("22.60"),
    "Teacher (main scale)": Decimal("42.50"),
    "Speech and language therapist (bought in)": Decimal("65.00"),
}
PAY_AWARD = {"Teaching assistant (level 2)": Decimal("18.10"), "Teaching assistant (level 3)": Decimal("20.50")}

C_AND_L = "Cognition and learning"
C_AND_I = "Communication and interaction"
SEMH = "Social, emotional and mental health"
S_AND_P = "Sensory and/or physical"

# (name, area, setting, sessions a week, minutes, group size, pay role, resources £, measure, scale, grouped)
CATALOGUES = {
    "oak": [
        (
            "Precision teaching",
            C_AND_L,
            WITHDRAWN,
            3,
            15,
            1,
            "Teaching assistant (level 2)",
            20,
            "Words read correctly in a minute",
            "words",
            True,
        ),
        (
            "Phonics catch-up (Fresh Start)",
            C_AND_L,
            WITHDRAWN,
            3,
            20,
            3,
            "Teaching assistant (level 3)",
            150,
            "Phonics screening check",
            "out of 40",
            True,
        ),
        (
            "Maths catch-up",
            C_AND_L,
            WITHDRAWN,
            2,
            30,
            4,
            "Teacher (main scale)",
            80,
            "Number sense assessment",
            "out of 30",
            True,
        ),
        (
            "Lego therapy",
            C_AND_I,
            WITHDRAWN,
            1,
            45,
            3,
            "Teaching assistant (level 2)",
            120,
            "Social skills checklist",
            "out of 20",
            True,
        ),
        (
            "Speech and language programme",
            C_AND_I,
            WITHDRAWN,
            2,
            20,
            2,
            "Teaching assistant (level 3)",
            40,
            "",
            "",
            True,
        ),
        (
            "Emotional literacy (ELSA)",
            SEMH,
            WITHDRAWN,
            1,
            45,
            1,
            "Higher level teaching assistant",
            30,
            "Emotional literacy checklist",
            "out of 50",
            True,
        ),
        ("Sensory circuits", S_AND_P, WITHDRAWN, 5, 15, 6, "Teaching assistant (level 2)", 200, "", "", True),
        ("Morning check-in (1:1 TA)", SEMH, IN_CLASS, 5, 10, 1, "Teaching assistant (level 2)", 0, "", "", False),
        ("1:1 TA support in class", C_AND_L, IN_CLASS, 5, 60, 1, "Teaching assistant (level 3)", 0, "", "", False),
        (
            "Speech and language therapy (bought in)",
            C_AND_I,
            WITHDRAWN,
            1,
            60,
            1,
            "Speech and language therapist (bought in)",
            0,
            "",
            "",
            False,
        ),
    ],
    "hillcrest": [
        (
            "Reading intervention",
            C_AND_L,
            WITHDRAWN,
            3,
            30,
            4,
            "Teaching assistant (level 3)",
            300,
            "Reading age",
            "months",
            True,
        ),
        (
            "Maths mastery catch-up",
            C_AND_L,
            WITHDRAWN,
            2,
            50,
            5,
            "Teacher (main scale)",
            120,
            "Maths diagnostic test",
            "out of 60",
            True,
        ),
        (
            "Touch-typing",
            S_AND_P,
            WITHDRAWN,
            2,
            30,
            6,
            "Teaching assistant (level 2)",
            90,
            "Typing speed",
            "words a minute",
            True,
        ),
        (
            "Social communication group",
            C_AND_I,
            WITHDRAWN,
            1,
            50,
            5,
            "Teaching assistant (level 3)",
            60,
            "Social skills checklist",
            "out of 20",
            True,
        ),
        (
            "Mentoring",
            SEMH,
            WITHDRAWN,
            1,
            30,
            1,
            "Higher level teaching assistant",
            0,
            "Wellbeing scale",
            "out of 40",
            True,
        ),
        ("Supported homework club", C_AND_L, WITHDRAWN, 3, 60, 10, "Teaching assistant (level 2)", 50, "", "", True),
        ("Exam access practice", C_AND_L, WITHDRAWN, 1, 50, 4, "Higher level teaching assistant", 0, "", "", True),
        ("1:1 TA support in class", C_AND_L, IN_CLASS, 5, 50, 1, "Teaching assistant (level 3)", 0, "", "", False),
        (
            "Speech and language therapy (bought in)",
            C_AND_I,
            WITHDRAWN,
            1,
            60,
            1,
            "Speech and language therapist (bought in)",
            0,
            "",
            "",
            False,
        ),
    ],
}


def _term_start(today: dt.date) -> dt.date:
    """A Monday about a term ago: the groups' first week."""
    start = today - dt.timedelta(weeks=12)
    return start - dt.timedelta(days=start.weekday())


def _catalogue(senco: User, key: str, fy_start: dt.date, award_on: dt.date) -> dict[str, Intervention]:
    services.weeks_per_year_set(actor=senco, weeks=38, via=VIA)
    roles = {
        name: services.pay_role_add(actor=senco, name=name, hourly_cost=hourly, valid_from=fy_start, via=VIA)
        for name, hourly in PAY_ROLES.items()
    }
    for name, hourly in PAY_AWARD.items():
        services.pay_rate_set(actor=senco, role=roles[name], hourly_cost=hourly, valid_from=award_on, via=VIA)
    found = {}
    for name, area, setting, per_week, minutes, size, role, resources, measure, scale, _grouped in CATALOGUES[key]:
        found[name] = services.intervention_save(
            actor=senco,
            name=name,
            broad_area=area,
            barrier_keys=[],
            setting=setting,
            kind=Provision.Kind.ADULT_SUPPORT if setting == IN_CLASS else Provision.Kind.INTERVENTION,
            sessions_per_week=Decimal(per_week),
            minutes_per_session=minutes,
            group_size=size,
            pay_role=roles[role],
            resources_cost=Decimal(resources),
            measure_name=measure,
            measure_scale=scale,
            via=VIA,
        )
    return found


def _candidates(school, keep: set[int], today: dt.date) -> list[Pupil]:
    """Pupils with an agreed plan and no draft, and a few with an EHC plan and no SEN Support plan
    here yet (their first plan is the support the demo gives them; pupils on SEN Support without a
    plan stay so: they are the coverage gaps the home page shows); never the pupils whose stories
    the demo tells elsewhere."""
    # Not the plans whose review is overdue or due soon: those stay as the home page shows them.
    current = (
        Plan.objects.current()
        .filter(pupil__school=school, review_date__gte=today + dt.timedelta(days=30))
        .values("pupil_id")
    )
    any_plan = Plan.objects.filter(pupil__school=school).values("pupil_id")
    drafting = Plan.objects.filter(pupil__school=school, status=Plan.Status.DRAFT).values("pupil_id")
    with_plan = list(
        Pupil.objects.filter(pk__in=current).exclude(pk__in=drafting).exclude(pk__in=keep).order_by("surname", "pk")
    )
    without = list(
        Pupil.objects.filter(school=school, sen_status="E")
        .exclude(pk__in=any_plan)
        .exclude(pk__in=keep)
        .order_by("surname", "pk")[:8]
    )
    return with_plan + without


def _agree(pupil: Pupil, senco: User, agreed_on: dt.date, today: dt.date) -> None:
    draft = pupil.plans.get(status=Plan.Status.DRAFT)
    if not draft.outcomes.exists():
        plans.outcome_save(
            plan=draft,
            actor=senco,
            expected_edit_version=None,
            description=f"{pupil.forename} makes progress from their own starting point in what the support targets.",
            how_we_will_know="The entry and exit scores of each intervention, and the class teacher's view.",
            via=VIA,
        )
    plans.plan_update_draft(
        plan=draft,
        actor=senco,
        expected_edit_version=None,
        review_date=today + dt.timedelta(weeks=6),
        via=VIA,
    )
    plans.plan_agree(
        plan=Plan.objects.get(pk=draft.pk),
        actor=senco,
        agreed_on=agreed_on,
        how=Plan.AgreedHow.MEETING,
        agreed_with="Parent",
        via=VIA,
    )


def _one_to_one(pupil: Pupil, senco: User, intervention: Intervention, *, minutes: int, per_week: int) -> None:
    """A line with no dates (all year) in the pupil's draft, costed from the catalogue."""
    draft = pupil.plans.filter(status=Plan.Status.DRAFT).first() or plans.plan_create_draft(
        pupil=pupil, actor=senco, via=VIA
    )
    line = plans.provision_save(
        plan=draft,
        actor=senco,
        expected_edit_version=None,
        barrier_ids=[],
        kind=intervention.kind,
        description=intervention.name,
        delivered_by=intervention.pay_role.name,
        sessions_per_week=Decimal(per_week),
        minutes_per_session=minutes,
        group_size=1,
        setting=intervention.setting,
        replaces_lessons="Part of English and maths lessons" if intervention.setting == WITHDRAWN else "",
        via=VIA,
    )
    services.support_costing_set(actor=senco, provision=line, intervention=intervention, via=VIA)


def _sessions(group, ta: User, today: dt.date, rng: random.Random) -> tuple[int, int]:
    members = list(group.teaching_group.pupils.all())
    held = cancelled = 0
    day = group.starts_on
    slots = list(group.slots.all())
    while day <= today:
        for slot in slots:
            if slot.weekday != day.weekday() or (day == today and slot.starts_at.hour >= 12):
                continue
            if rng.random() < 0.12:
                groups.session_log(
                    actor=ta,
                    group=group,
                    date=day,
                    starts_at=slot.starts_at,
                    status=Session.Status.CANCELLED,
                    cancel_reason=rng.choice(Session.CancelReason.values),
                    note="TA covering a class" if rng.random() < 0.5 else "",
                    via=VIA,
                )
                cancelled += 1
            elif members:
                came = [p for p in members if rng.random() < 0.9] or members[:1]
                groups.session_log(
                    actor=ta, group=group, date=day, starts_at=slot.starts_at, status="held", attended=came, via=VIA
                )
                held += 1
        day += dt.timedelta(days=1)
    return held, cancelled


def _school(
    *, key: str, school, senco: User, ta: User, keep: set[int], today: dt.date, rng: random.Random
) -> dict[str, int]:
    fy_start = rules.financial_year_start(today)
    award_on = dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    catalogue = _catalogue(senco, key, rules.financial_year_start(fy_start - dt.timedelta(days=1)), award_on)
    starts_on = _term_start(today)
    pupils = _candidates(school, keep, today)
    rng.shuffle(pupils)
    heavy, near, pupils = (pupils[0] if pupils else None), (pupils[1] if len(pupils) > 1 else None), pupils[2:]
    other_ta = User.objects.filter(school=school, role=Role.TEACHING_ASSISTANT).exclude(pk=ta.pk).first()
    made_groups = []
    placed: set[int] = set()
    cursor = 0
    for n, spec in enumerate(CATALOGUES[key]):
        name, _area, _setting, per_week, _minutes, size, *_rest, grouped = spec
        if not grouped:
            continue
        intervention = catalogue[name]
        weekdays = sorted(rng.sample(range(5), min(int(per_week), 5)))
        group = groups.group_create(
            actor=senco,
            intervention=intervention,
            name=f"{name} ({school.name.split()[0]})",
            staff=[ta] if n % 3 or other_ta is None else [ta, other_ta],
            starts_on=starts_on,
            ends_on=None,
            slots=[(day, dt.time(9 + n % 5, 15 if n % 2 else 40)) for day in weekdays],
            via=VIA,
        )
        made_groups.append(group)
        members = pupils[cursor : cursor + min(size, 4)] or pupils[: min(size, 4)]
        cursor += len(members)
        if n == 0 and heavy is not None:
            members = [heavy, *members][:size]
        for pupil in members:
            groups.group_pupil_place(
                actor=senco,
                group=group,
                pupil=pupil,
                replaces_lessons="Part of guided reading",
                joins_on=starts_on,
                via=VIA,
            )
            placed.add(pupil.pk)
    # Over £6,000 a year: daily one-to-one support in class and bought-in speech and language therapy.
    if heavy is not None:
        _one_to_one(heavy, senco, catalogue["1:1 TA support in class"], minutes=60, per_week=5)
        _one_to_one(heavy, senco, catalogue["Speech and language therapy (bought in)"], minutes=60, per_week=1)
        placed.add(heavy.pk)
    # Approaching it (80% to 100%): a little less of the same, no groups.
    if near is not None:
        _one_to_one(near, senco, catalogue["1:1 TA support in class"], minutes=50, per_week=5)
        _one_to_one(near, senco, catalogue["Speech and language therapy (bought in)"], minutes=60, per_week=1)
        placed.add(near.pk)
    for pupil in Pupil.objects.filter(pk__in=placed):
        _agree(pupil, senco, min(today, starts_on + dt.timedelta(days=3)), today)
    held = cancelled = scored = 0
    for group in made_groups:
        runner = group.teaching_group.staff.order_by("pk").first()
        h, c = _sessions(group, runner, today, rng)
        held, cancelled = held + h, cancelled + c
        for pupil in group.teaching_group.pupils.all():
            entry = Decimal(rng.randint(8, 25))
            exit_ = entry + Decimal(rng.randint(-1, 9)) if rng.random() < 0.7 else None
            groups.score_record(actor=runner, group=group, pupil=pupil, entry=entry, exit=exit_, via=VIA)
            scored += 1
    return {"groups": len(made_groups), "sessions held": held, "sessions cancelled": cancelled, "scores": scored}


def _cost_peter(peter: Pupil, senco: User) -> None:
    """Peter's support with sessions (his TA's check-ins) is costed from Oakfield's catalogue; his
    adjustments in class cost nothing and say so."""
    checkin = Intervention.objects.get(school=peter.school, name="Morning check-in (1:1 TA)")
    # His current plan and, if another story has started one, the draft of his next (the working plan).
    working = Plan.objects.filter(pupil=peter, status__in=[Plan.Status.DRAFT, Plan.Status.AGREED, Plan.Status.ACTIVE])
    for line in Provision.objects.filter(plan__in=working):
        if line.sessions_per_week and line.minutes_per_session:
            services.support_costing_set(actor=senco, provision=line, intervention=checkin, via=VIA)


def load(
    *, schools: dict, sencos: dict, peter: Pupil, keep: list[Pupil], today: dt.date, rng: random.Random
) -> dict[str, int]:
    """Called once from demo.builder.demo_load, after the stories."""
    keep_ids = {p.pk for p in [peter, *keep] if p is not None}
    counts: dict[str, int] = {}
    for key, school in schools.items():
        if key not in CATALOGUES:
            continue
        ta = User.objects.filter(school=school, role=Role.TEACHING_ASSISTANT).order_by("pk").first()  # the login TA
        found = _school(key=key, school=school, senco=sencos[key], ta=ta, keep=keep_ids, today=today, rng=rng)
        for name, value in found.items():
            counts[f"provision: {name}"] = counts.get(f"provision: {name}", 0) + value
    _cost_peter(peter, sencos["oak"])
    return counts
