"""Seventeen more Demoshire schools, so the LA's oversight dashboard compares something (issue 13):
primaries, secondaries and special schools of several GIAS types and sizes, each with a register
drafted as the demo's (register.py) and its own quality of practice: how many SEN Support pupils
have an agreed plan, how many reviews are on time, whether the teachers have read the plans,
whether every barrier has support, how often parents are met.

Written in bulk as seed data (register.py's way: the past is described, not re-enacted through the
services). Apps above the demo that keep figures of their own (oversight's per-school summaries)
register on `AFTER_LOAD` and are run last, with the LA, once the whole demo is in.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from sensupport.accounts.models import Role, User
from sensupport.organisations.models import LocalAuthority, School
from sensupport.plans.models import Barrier, Plan, Provision
from sensupport.pupils.models import ParentConversation, Pupil, TeachingGroup
from sensupport.reviews.models import PlanReadReceipt, Review

from . import names
from .register import E, K, SchoolSpec, assign_register, draft_pupils, new_user, save_drafts

# Apps above the demo run these after the whole demo is loaded (oversight recounts its summaries).
AFTER_LOAD: list[Callable[[LocalAuthority], object]] = []

PRIMARY = ("R", "1", "2", "3", "4", "5", "6")
SECONDARY = ("7", "8", "9", "10", "11")
ALL_AGES = ("R", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11")


@dataclass(frozen=True)
class Extra:
    key: str
    name: str
    estab: str
    phase: str
    type_code: int  # GIAS type of establishment
    years: tuple[str, ...]
    per_year: int
    support: float  # share of pupils on SEN Support
    ehc: float  # share with an EHC plan
    practice: float  # 0 to 1: how much of the graduated approach is on the record


P, S, SP = School.Phase.PRIMARY, School.Phase.SECONDARY, School.Phase.SPECIAL
EXTRAS: tuple[Extra, ...] = (
    Extra("ashby", "Ashby Church of England Primary School", "5101", P, 3, PRIMARY, 15, 0.12, 0.02, 0.9),
    Extra("brook", "Brookside Primary School", "5102", P, 1, PRIMARY, 30, 0.16, 0.03, 0.55),
    Extra("castle", "Castle Hill Infant and Junior School", "5103", P, 1, PRIMARY, 45, 0.14, 0.02, 0.75),
    Extra("dale", "Dalesford Village Primary", "5104", P, 2, PRIMARY, 8, 0.10, 0.01, 0.6),
    Extra("elmwood", "Elmwood Academy", "5105", P, 34, PRIMARY, 30, 0.19, 0.04, 0.35),
    Extra("fairfield", "Fairfield St Mary's Catholic Primary", "5106", P, 2, PRIMARY, 22, 0.11, 0.02, 0.85),
    Extra("greystone", "Greystone Primary Academy", "5107", P, 28, PRIMARY, 40, 0.21, 0.03, 0.45),
    Extra("hartley", "Hartley Green Primary School", "5108", P, 5, PRIMARY, 18, 0.13, 0.02, 0.7),
    Extra("ivy", "Ivy Lane Free School", "5109", P, 35, PRIMARY, 14, 0.09, 0.01, 0.5),
    Extra("juniper", "Juniper Park Primary", "5110", P, 1, PRIMARY, 25, 0.15, 0.03, 0.95),
    Extra("kings", "King's Meadow Academy", "5111", S, 34, SECONDARY, 90, 0.13, 0.04, 0.65),
    Extra("longford", "Longford School", "5112", S, 1, SECONDARY, 70, 0.17, 0.05, 0.4),
    Extra("marsh", "Marshfield Academy", "5113", S, 28, SECONDARY, 120, 0.11, 0.04, 0.8),
    Extra("northgate", "Northgate Church of England Academy", "5114", S, 34, SECONDARY, 80, 0.15, 0.04, 0.55),
    Extra(
        "oakhurst", "Oakhurst All-through School", "5115", School.Phase.ALL_THROUGH, 35, ALL_AGES, 30, 0.14, 0.03, 0.7
    ),
    Extra("pinewood", "Pinewood Special School", "5116", SP, 7, ALL_AGES, 5, 0.05, 0.90, 0.85),
    Extra("quarry", "Quarry Bank Academy Special School", "5117", SP, 44, SECONDARY, 9, 0.05, 0.90, 0.6),
)


def _spec(extra: Extra) -> SchoolSpec:
    pupils = extra.per_year * len(extra.years)
    return SchoolSpec(
        key=extra.key,
        name=extra.name,
        urn=f"99{extra.estab[1:]}0",
        establishment_number=extra.estab,
        phase=extra.phase,
        establishment_type=extra.type_code,
        pupils_per_year=dict.fromkeys(extra.years, extra.per_year),
        groups=tuple((f"Year {y}" if y != "R" else "Reception", (y,)) for y in extra.years),
        support=round(pupils * extra.support),
        ehc=round(pupils * extra.ehc),
        monitoring=round(pupils * 0.02),
        closed_concerns=round(pupils * 0.01),
        feeders=(extra.estab,),
        staff={},
        named_class="",
    )


def load(*, la: LocalAuthority, today: dt.date, seed: int, password_hash: str) -> dict[str, int]:
    """Add the schools, their staff, registers and records of practice; then run AFTER_LOAD."""
    rng = random.Random(seed + 13)
    specs = [(extra, _spec(extra)) for extra in EXTRAS]
    schools = {
        extra.key: School(
            urn=spec.urn,
            name=spec.name,
            local_authority=la,
            establishment_number=spec.establishment_number,
            phase=spec.phase,
            establishment_type=spec.establishment_type,
        )
        for extra, spec in specs
    }
    School.objects.bulk_create(schools.values())
    domain = "demo.sensupport.test"
    users, sencos, teachers = [], {}, {}
    for extra, spec in specs:
        school = schools[extra.key]
        first, last = rng.choice(names.ADULT_FORENAMES), rng.choice(names.SURNAMES)
        sencos[extra.key] = new_user(
            f"senco@{extra.key}.{domain}", Role.SENCO, first, last, password_hash, school=school
        )
        users.append(sencos[extra.key])
        for group, _ in spec.groups:
            first, last = rng.choice(names.ADULT_FORENAMES), rng.choice(names.SURNAMES)
            slug = group.lower().replace(" ", "")
            teachers[(extra.key, group)] = new_user(
                f"teacher.{slug}@{extra.key}.{domain}", Role.TEACHER, first, last, password_hash, school=school
            )
            users.append(teachers[(extra.key, group)])
    User.objects.bulk_create(users)
    groups = {
        (extra.key, name): TeachingGroup(school=schools[extra.key], name=name, year_group=years[0])
        for extra, spec in specs
        for name, years in spec.groups
    }
    TeachingGroup.objects.bulk_create(groups.values())
    StaffLink = TeachingGroup.staff.through
    StaffLink.objects.bulk_create(
        [StaffLink(teachinggroup_id=groups[key].pk, user_id=teachers[key].pk) for key in groups]
    )
    ctx = {"senco": sencos, "teacher": teachers}
    serials: dict = defaultdict(int)
    everyone = []
    for extra, spec in specs:
        drafts = draft_pupils(rng, spec, schools[extra.key], la, today, serials)
        assign_register(rng, drafts, spec, today, ctx)
        everyone += drafts
    save_drafts(everyone, groups)
    plans = add_practice(quality={schools[e.key].pk: e.practice for e, _ in specs}, today=today, rng=rng)
    for hook in AFTER_LOAD:
        hook(la)
    return {"more schools": len(schools), "pupils in them": len(everyone), "plan versions in them": plans}


def add_practice(*, quality: dict[int, float], today: dt.date, rng: random.Random) -> int:
    """Plans, reviews, barriers and support, read receipts and meetings for the pupils with SEN at
    these schools ({school id: practice, 0 to 1}), as well kept as each school's practice. The demo's
    schools and the oversight benchmark use it. Returns the number of plan versions written."""
    from sensupport.accounts.models import CLASS_ROLES

    group_of = dict(
        TeachingGroup.pupils.through.objects.filter(pupil__school_id__in=list(quality)).values_list(
            "pupil_id", "teachinggroup_id"
        )
    )
    teacher_of = dict(
        TeachingGroup.staff.through.objects.filter(
            teachinggroup__school_id__in=list(quality), user__role__in=sorted(CLASS_ROLES)
        ).values_list("teachinggroup_id", "user_id")
    )
    senco_of = dict(
        User.objects.filter(school_id__in=list(quality), role=Role.SENCO).order_by("-pk").values_list("school_id", "pk")
    )
    pupils = list(
        Pupil.objects.filter(school_id__in=list(quality), sen_status__in=[K, E])
        .order_by("pk")
        .only("pk", "school_id", "sen_status", "sen_status_since")
    )
    previous, current, reviews, meetings, key_of = [], [], [], [], {}
    for pupil in pupils:
        q = quality[pupil.school_id]
        if rng.random() > q:  # no plan agreed with the parents (a reviewed one at most)
            continue
        since = pupil.sen_status_since or today - dt.timedelta(days=400)
        agreed = max(since, today - dt.timedelta(days=rng.randint(20, 170)))
        if rng.random() < q:
            due = today + dt.timedelta(days=rng.randint(7, 90))  # the next review is booked ahead
        else:
            due = today - dt.timedelta(days=rng.randint(5, 60))  # the review is late
        plan = Plan(
            pupil_id=pupil.pk,
            version=1,
            status=Plan.Status.ACTIVE,
            agreed_on=agreed,
            agreed_how=Plan.AgreedHow.MEETING,
            agreed_with="Parents",
            review_date=due,
            parent_views=rng.choice(names.PARENT_VIEWS),
        )
        if (agreed - since).days > 120:  # an earlier cycle, reviewed
            held = agreed - dt.timedelta(days=rng.randint(0, 10))
            before = Plan(
                pupil_id=pupil.pk,
                version=1,
                status=Plan.Status.REVIEWED,
                agreed_on=held - dt.timedelta(days=91),
                agreed_how=Plan.AgreedHow.MEETING,
                agreed_with="Parents",
                review_date=held if rng.random() < q else held - dt.timedelta(days=rng.randint(15, 50)),
            )
            previous.append(before)
            plan.version = 2
            reviews.append((before, held, rng.random() < 0.5 + q / 2))
        current.append(plan)
        key_of[pupil.pk] = (q, teacher_of.get(group_of.get(pupil.pk)))
        for days_ago in (rng.randint(10, 100), rng.randint(130, 250)):
            if rng.random() < q:
                meetings.append(
                    ParentConversation(
                        pupil_id=pupil.pk,
                        held_on=today - dt.timedelta(days=days_ago),
                        method=ParentConversation.Method.MEETING,
                        purpose=ParentConversation.Purpose.OTHER,
                        parents_present="Parent",
                        summary="Termly meeting about the SEN Support plan: progress and next steps.",
                        recorded_by_id=senco_of.get(pupil.school_id),
                    )
                )
    Plan.objects.bulk_create(previous, batch_size=500)
    earlier = {p.pupil_id: p for p in previous}
    for plan in current:
        if plan.pupil_id in earlier:
            plan.previous = earlier[plan.pupil_id]
    Plan.objects.bulk_create(current, batch_size=500)
    Review.objects.bulk_create(
        [
            Review(
                plan=before,
                held_on=held,
                attendees="Parent, SENCO, class teacher",
                parent_present=parent,
                decision=Review.Decision.CONTINUE,
                summary="Outcomes reviewed with the family; the plan continues with small changes.",
            )
            for before, held, parent in reviews
        ],
        batch_size=500,
    )
    ParentConversation.objects.bulk_create(meetings, batch_size=500)
    # Two barriers a plan; support for the first always, for the second as often as practice allows.
    barriers, provisions, links, receipts = [], [], [], []
    for plan in current:
        q, teacher_id = key_of[plan.pupil_id]
        area = rng.choice(("Cognition and learning", "Social, emotional and mental health"))
        pair = [
            Barrier(pupil_id=plan.pupil_id, title="Gets lost in long instructions", broad_area=area),
            Barrier(pupil_id=plan.pupil_id, title="Finds unstructured times hard", broad_area=area),
        ]
        barriers += pair
        provisions.append(
            Provision(
                plan=plan,
                kind=Provision.Kind.ADJUSTMENT,
                description="Instructions chunked, with a visual checklist",
                delivered_by="Class teacher",
            )
        )
        covered = rng.random() < q
        if covered:
            provisions.append(
                Provision(
                    plan=plan,
                    kind=Provision.Kind.INTERVENTION,
                    description="Lunchtime club twice a week",
                    delivered_by="Teaching assistant",
                    sessions_per_week=2,
                    minutes_per_session=30,
                )
            )
        links.append((plan, pair, covered))
        if teacher_id and rng.random() < q:
            receipts.append(PlanReadReceipt(plan=plan, user_id=teacher_id))
    Barrier.objects.bulk_create(barriers, batch_size=500)
    Provision.objects.bulk_create(provisions, batch_size=500)
    by_plan = defaultdict(list)
    for provision in provisions:
        by_plan[provision.plan_id].append(provision)
    Link = Provision.barriers.through
    Link.objects.bulk_create(
        [
            Link(provision_id=by_plan[plan.pk][i].pk, barrier_id=pair[i].pk)
            for plan, pair, covered in links
            for i in range(2 if covered else 1)
        ],
        batch_size=500,
    )
    PlanReadReceipt.objects.bulk_create(receipts, batch_size=500)
    return len(previous) + len(current)
