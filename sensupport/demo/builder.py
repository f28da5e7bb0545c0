"""Build the demo: Demoshire County Council, three schools told in detail (about 600 pupils) and
seventeen more for the LA's oversight (sensupport/demo/oversight.py), staff of every role,
parents and an outside professional. Plain functions; the management command only calls them.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from sensupport.accounts.models import Role, User
from sensupport.audit.models import AuditEvent
from sensupport.demo import ehc_requests as demo_ehc_requests
from sensupport.demo import referrals as demo_referrals
from sensupport.organisations.models import LocalAuthority, School
from sensupport.pupils.census import upn_check_letter
from sensupport.pupils.models import Concern, ParentConversation, ParentLink, ProfessionalShare, Pupil, TeachingGroup

from . import ehc_plans as demo_ehc_plans
from . import funding as demo_funding
from . import information_report as demo_information_report
from . import local_offer as demo_local_offer
from . import names, stories
from . import oversight as demo_oversight
from . import progress as demo_progress
from . import provision as provision_demo
from . import timetable as demo_timetable
from .register import (
    DEFAULT_SEED,
    Area,
    ConcernDraft,
    E,
    K,
    M,
    PupilDraft,
    SchoolSpec,
    academic_year_start,
    assign_register,
    birth_range,
    claim,
    date_between,
    draft_pupils,
    email_part,
    new_user,
    rename,
    save_drafts,
    year_offset,
)

DEMO_PASSWORD = "demo-password-2026"  # documented in README.md; demo accounts only


DEMO_LA_CODE = "873"


DEMO_LA_NAME = "Demoshire County Council"


DEMO_DOMAIN = "demo.sensupport.test"


class DemoError(Exception):
    """The demo cannot be loaded or wiped; the message says why and what to do."""


PRIMARY_YEARS = ("R", "1", "2", "3", "4", "5", "6")


SCHOOLS: tuple[SchoolSpec, ...] = (
    SchoolSpec(
        key="oak",
        name="Oakfield Primary School",
        urn="990101",
        establishment_number="2345",
        phase=School.Phase.PRIMARY,
        establishment_type=1,  # Community school
        pupils_per_year=dict.fromkeys(PRIMARY_YEARS, 30),
        groups=tuple(
            (f"{'Reception' if y == 'R' else 'Year ' + y} {tree}", (y,))
            for y, tree in zip(PRIMARY_YEARS, ["Acorn", "Hazel", "Rowan", "Birch", "Oak", "Beech", "Cedar"])
        ),
        support=28,
        ehc=9,
        monitoring=7,
        closed_concerns=4,
        feeders=("2345",),
        staff={
            "senco": ("Helen", "Ashworth"),
            "head": ("David", "Okoro"),
            "teacher": ("Rachel", "Green"),
            "ta": ("Joanne", "Pike"),
            "school_admin": ("Sue", "Barker"),
        },
        named_class="Year 4 Oak",
    ),
    SchoolSpec(
        key="hillcrest",
        name="Hillcrest Academy",
        urn="990102",
        establishment_number="4012",
        phase=School.Phase.SECONDARY,
        establishment_type=34,  # Academy converter
        pupils_per_year={str(y): 66 for y in range(7, 12)},
        groups=tuple((f"{y}{letter}", (str(y),)) for y in range(7, 12) for letter in "HR"),
        support=48,
        ehc=17,
        monitoring=9,
        closed_concerns=4,
        feeders=("2345", "2101", "2156", "2210", "3302", "2275"),
        staff={
            "senco": ("Imran", "Qureshi"),
            "head": ("Catherine", "Doyle"),
            "teacher": ("Tom", "Reid"),
            "ta": ("Agnieszka", "Nowak"),
            "school_admin": ("Paula", "Jenkins"),
        },
        named_class="8R",
    ),
    SchoolSpec(
        key="willow",
        name="Willow Bank School",
        urn="990103",
        establishment_number="7003",
        phase=School.Phase.SPECIAL,
        establishment_type=7,  # Community special school
        pupils_per_year=dict(zip(("R",) + tuple(str(y) for y in range(1, 12)), (2, 3, 4, 4, 5, 5, 6, 6, 6, 6, 6, 7))),
        groups=(
            ("Kingfisher class", ("R", "1", "2")),
            ("Otter class", ("3", "4")),
            ("Badger class", ("5", "6")),
            ("Heron class", ("7", "8")),
            ("Fox class", ("9", "10", "11")),
        ),
        support=5,
        ehc=55,
        monitoring=0,
        closed_concerns=0,
        feeders=("7003", "2345", "2101", "2156"),
        staff={
            "senco": ("Bethan", "Lloyd"),
            "head": ("Martin", "Shaw"),
            "teacher": ("Funmi", "Adebayo"),
            "ta": ("Gary", "Holt"),
            "school_admin": ("Lesley", "Moss"),
        },
        named_class="Otter class",
    ),
)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    where: str
    notes: str = ""


@dataclass
class DemoSummary:
    logins: list[DemoLogin]
    counts: dict[str, int]


def demo_exists() -> bool:
    return (
        LocalAuthority.objects.filter(code=DEMO_LA_CODE).exists()
        or User.objects.filter(
            Q(username__endswith="." + DEMO_DOMAIN) | Q(username__endswith="@" + DEMO_DOMAIN)
        ).exists()
    )


def demo_users():
    return User.objects.filter(Q(username__endswith="." + DEMO_DOMAIN) | Q(username__endswith="@" + DEMO_DOMAIN))


@transaction.atomic
def demo_wipe() -> dict[str, int]:
    """Delete the demo local authority, its schools, their pupils and every demo account."""
    la = LocalAuthority.objects.filter(code=DEMO_LA_CODE).first()
    if la is not None and la.name != DEMO_LA_NAME:
        raise DemoError(
            f"Local authority {DEMO_LA_CODE} is {la.name!r}, not the demo's {DEMO_LA_NAME!r}: refusing to delete real "
            "data."
        )
    schools = list(School.objects.filter(local_authority=la)) if la else []
    school_ids = [s.pk for s in schools]
    pupil_ids = list(Pupil.objects.filter(school_id__in=school_ids).values_list("pk", flat=True))
    users = demo_users()
    usernames = list(users.values_list("username", flat=True))
    try:
        pupils_deleted = _delete_with_dependants(Pupil.objects.filter(pk__in=pupil_ids))
        AuditEvent.objects.filter(Q(pupil_id__in=pupil_ids) | Q(school_id__in=school_ids)).delete()
        users_deleted = _delete_with_dependants(users)
        demo_local_offer.wipe(la)  # before the schools: a school's SEN offer names its school
        TeachingGroup.objects.filter(school_id__in=school_ids).delete()
        School.objects.filter(pk__in=school_ids).delete()
        demo_referrals.wipe_services(la)
        if la is not None:
            la.delete()
    except ProtectedError as exc:
        raise DemoError(f"Other records still point at the demo data, so it cannot be wiped: {exc.args[0]}") from exc
    try:
        from axes.models import AccessAttempt

        AccessAttempt.objects.filter(username__in=usernames).delete()
    except ImportError:  # pragma: no cover - axes is installed
        pass
    return {"rows of pupil data": pupils_deleted, "rows of account data": users_deleted, "schools": len(school_ids)}


def _draft_peter(rng, drafts: list[PupilDraft], today: dt.date, ctx) -> PupilDraft:
    """The seed story: Peter, Year 4, on SEN Support for anxiety, sensory intolerance and fatigue."""
    d = claim(rng, drafts, "4", K, today, ctx, group="Year 4 Oak")
    p = d.pupil
    born_from, _ = birth_range("4", today)
    p.forename, p.surname, p.middle_names, p.preferred_forename, p.sex = "Peter", "Marsh", "James", "", "M"
    p.date_of_birth = born_from + dt.timedelta(days=194)
    senco, teacher = ctx["senco"]["oak"], ctx["teacher"][("oak", "Year 4 Oak")]
    raised = date_between(rng, today - dt.timedelta(days=395), today - dt.timedelta(days=380))
    k_start = raised + dt.timedelta(days=42)
    d.history = [
        (M, raised, "", "Concern raised"),
        (K, k_start, "", "Placed on SEN Support after talking with parents"),
    ]
    d.needs = [
        ("SEMH", 1, k_start, "Anxiety: worst at the start of the day, at transitions and in the dining room."),
        (
            "OTH",
            2,
            k_start,
            "Sensory intolerance (noise, crowds, clothing labels) and fatigue: effort fades after lunch. "
            "Paediatrician reviewing.",
        ),
    ]
    d.concerns = [
        ConcernDraft(
            raised_by=ctx["teacher"][("oak", "Year 3 Birch")],
            raised_on=raised,
            noticed=(
                "Peter cries at the classroom door most mornings and will not go into the dining hall; by the "
                "afternoon he puts his head on the desk."
            ),
            where_when="Arrival, lunchtime and afternoons.",
            broad_area=Area.SEMH,
            notes=[
                (
                    raised + dt.timedelta(days=8),
                    "Mum says he is exhausted after school and covers his ears in busy shops.",
                    senco,
                ),
                (
                    raised + dt.timedelta(days=20),
                    "Quiet lunch in the library with two friends for two weeks: ate his lunch every day.",
                    senco,
                ),
            ],
            decision=Concern.Decision.SEN_SUPPORT,
            decision_notes=(
                "Anxiety, sensory intolerance and fatigue are barriers to learning that class adjustments alone have "
                "not removed. SEN Support with a plan agreed with mum."
            ),
            decided_by=senco,
            decided_on=k_start,
        ),
        ConcernDraft(
            raised_by=teacher,
            raised_on=today - dt.timedelta(days=6),
            noticed="Peter has fallen asleep in two afternoon lessons this week and says his legs hurt on the stairs.",
            where_when="Afternoons; the stairs to the Year 4 classroom.",
            broad_area=Area.SENSORY_PHYSICAL,
            notes=[
                (
                    today - dt.timedelta(days=2),
                    "Moved his group's afternoon work to the ground-floor room for now.",
                    teacher,
                )
            ],
        ),
    ]
    d.conversations = [
        {
            "held_on": k_start - dt.timedelta(days=9),
            "method": ParentConversation.Method.MEETING,
            "purpose": ParentConversation.Purpose.START_SUPPORT,
            "parents_present": "Mother (Claire Marsh)",
            "summary": "Agreed Peter's barriers (anxiety, noise, fatigue) and a plan: calm start, quiet lunch, rest "
            "breaks. Review in a term.",
            "parent_views": "Wants Peter to enjoy school again; asks that he is not kept in at break to finish work.",
            "recorded_by": senco,
        },
        {
            "held_on": k_start + dt.timedelta(days=100),
            "method": ParentConversation.Method.MEETING,
            "purpose": ParentConversation.Purpose.OTHER,
            "parents_present": "Mother (Claire Marsh)",
            "summary": "Review: mornings much better; fatigue still limits afternoons. Continue, add a movement break.",
            "parent_views": "Pleased with mornings.",
            "recorded_by": senco,
        },
        {
            "held_on": today - dt.timedelta(days=40),
            "method": ParentConversation.Method.PHONE,
            "purpose": ParentConversation.Purpose.OTHER,
            "parents_present": "Mother (Claire Marsh)",
            "summary": "Start of Year 4: new teacher briefed; plan carried over.",
            "parent_views": "",
            "recorded_by": teacher,
        },
    ]
    return d


def _delete_with_dependants(queryset, depth: int = 0) -> int:
    """Delete, first removing rows that PROTECT them (a plan's next version, a plan's review):
    everything that points at demo pupils was made in the demo."""
    try:
        return queryset.delete()[0]
    except ProtectedError as exc:
        if depth >= 20:
            raise
        removed = sum(
            _delete_with_dependants(type(row)._base_manager.filter(pk=row.pk), depth + 1)
            for row in exc.protected_objects
        )
        return removed + _delete_with_dependants(queryset, depth + 1)


@transaction.atomic
def demo_load(*, seed: int = DEFAULT_SEED, today: dt.date | None = None) -> DemoSummary:
    """Create the demo. Refuses if it is already there (wipe it first with demo_wipe)."""
    if demo_exists():
        raise DemoError(
            f"Demo data already exists ({DEMO_LA_NAME}, LA {DEMO_LA_CODE}, or accounts @{DEMO_DOMAIN}). "
            "Run `python manage.py load_demo --reset` to wipe it and load it again."
        )
    rng = random.Random(seed)
    today = today or timezone.localdate()
    password_hash = make_password(DEMO_PASSWORD)
    logins: list[DemoLogin] = []

    la = LocalAuthority.objects.create(code=DEMO_LA_CODE, name=DEMO_LA_NAME)
    schools = {
        spec.key: School.objects.create(
            urn=spec.urn,
            name=spec.name,
            local_authority=la,
            establishment_number=spec.establishment_number,
            phase=spec.phase,
            establishment_type=spec.establishment_type,
        )
        for spec in SCHOOLS
    }

    # Staff: the memorable logins, then a class teacher for every other class.
    staff: list[User] = []
    role_of = {
        "senco": Role.SENCO,
        "head": Role.HEAD,
        "teacher": Role.TEACHER,
        "ta": Role.TEACHING_ASSISTANT,
        "school_admin": Role.SCHOOL_ADMIN,
    }
    login_name = {"school_admin": "admin"}
    class_staff: dict[tuple[str, str], list[User]] = defaultdict(list)
    sencos: dict[str, User] = {}
    for spec in SCHOOLS:
        for key, (first, last) in spec.staff.items():
            email = f"{login_name.get(key, key)}@{spec.key}.{DEMO_DOMAIN}"
            user = new_user(email, role_of[key], first, last, password_hash, school=schools[spec.key])
            staff.append(user)
            if key == "senco":
                sencos[spec.key] = user
            note = f"{spec.named_class}" if key in ("teacher", "ta") else ""
            logins.append(DemoLogin(email, Role(role_of[key]).label, spec.name, note))
            if key in ("teacher", "ta"):
                class_staff[(spec.key, spec.named_class)].append(user)
        for group, _years in spec.groups:
            if group == spec.named_class:
                continue
            first, last = rng.choice(names.ADULT_FORENAMES), rng.choice(names.SURNAMES)
            email = f"{first[0].lower()}.{email_part(last)}.{email_part(group)}@{spec.key}.{DEMO_DOMAIN}"
            user = new_user(email, Role.TEACHER, first, last, password_hash, school=schools[spec.key])
            staff.append(user)
            class_staff[(spec.key, group)].append(user)
    officer = new_user(
        f"officer@demoshire.{DEMO_DOMAIN}", Role.LA_OFFICER, "Karen", "Whitlock", password_hash, local_authority=la
    )
    ep = new_user(
        f"ep@{DEMO_DOMAIN}",
        Role.PROFESSIONAL,
        "Priya",
        "Raman",
        password_hash,
        organisation_name="Demoshire Educational Psychology Service",
    )
    service = new_user(f"service@{DEMO_DOMAIN}", Role.SERVICE_ADMIN, "Alex", "Fenwick", password_hash, is_staff=True)
    User.objects.bulk_create([*staff, officer, ep, service])
    logins += [
        DemoLogin(officer.email, Role.LA_OFFICER.label, DEMO_LA_NAME, "pupils on SEN Support or with a plan in the LA"),
        DemoLogin(ep.email, Role.PROFESSIONAL.label, ep.organisation_name, "three pupils shared with her"),
        DemoLogin(service.email, Role.SERVICE_ADMIN.label, "the service", "runs the service; sees no pupils"),
    ]

    groups = {}
    for spec in SCHOOLS:
        for name, years in spec.groups:
            groups[(spec.key, name)] = TeachingGroup(
                school=schools[spec.key], name=name, year_group=years[0] if len(years) == 1 else ""
            )
    TeachingGroup.objects.bulk_create(groups.values())
    StaffLink = TeachingGroup.staff.through
    StaffLink.objects.bulk_create(
        [
            StaffLink(teachinggroup_id=groups[key].pk, user_id=user.pk)
            for key, users in class_staff.items()
            for user in users
        ]
    )

    ctx = {
        "senco": sencos,
        "teacher": {key: next(u for u in users if u.role == Role.TEACHER) for key, users in class_staff.items()},
    }
    serials: dict[tuple[str, str], int] = defaultdict(int)
    drafts: dict[str, list[PupilDraft]] = {}
    for spec in SCHOOLS:
        drafts[spec.key] = draft_pupils(rng, spec, schools[spec.key], la, today, serials)
        assign_register(rng, drafts[spec.key], spec, today, ctx)

    # The stories behind the memorable parent logins.
    peter = _draft_peter(rng, drafts["oak"], today, ctx)
    lily = claim(rng, drafts["hillcrest"], "8", K, today, ctx, group="8R")
    rename(lily, "Lily", "Marsh", "F")
    lily.pupil.upn = _reissue_upn(lily.pupil, la, SCHOOLS[0].establishment_number, today, serials)
    noah = claim(rng, drafts["hillcrest"], "10", E, today, ctx)
    rename(noah, "Noah", "Bennett", "M")

    everyone = [d for key in drafts for d in drafts[key]]
    save_drafts(everyone, groups)

    logins += _parents(rng, drafts, peter, lily, noah, password_hash)
    ProfessionalShare.objects.bulk_create(
        [
            ProfessionalShare(
                professional=ep,
                pupil=peter.pupil,
                shared_by=ctx["senco"]["oak"],
                purpose="EP consultation: anxiety and fatigue",
                ends_on=today + dt.timedelta(days=180),
            ),
            ProfessionalShare(
                professional=ep,
                pupil=noah.pupil,
                shared_by=ctx["senco"]["hillcrest"],
                purpose="Advice for the EHC plan annual review",
                ends_on=today + dt.timedelta(days=120),
            ),
        ]
    )

    # The graduated approach and the families' side, through the real services.
    def first_staff(pupil, role):
        return User.objects.filter(teaching_groups__pupils=pupil, role=role).order_by("id").first()

    senco_by_school = {schools[key].pk: user for key, user in sencos.items()}
    stage_counts = stories.load_stories(
        peter=peter.pupil,
        lily=lily.pupil,
        noah=noah.pupil,
        senco_by_school=senco_by_school,
        teacher_for=lambda p: first_staff(p, Role.TEACHER),
        ta_for=lambda p: first_staff(p, Role.TEACHING_ASSISTANT),
        today=today,
        rng=rng,
    )
    stage_counts |= provision_demo.load(  # the provision map (issue 10): sensupport/demo/provision.py
        schools=schools, sencos=sencos, peter=peter.pupil, keep=[lily.pupil, noah.pupil], today=today, rng=rng
    )
    stage_counts |= demo_timetable.load_timetables(schools=schools)
    stage_counts |= demo_funding.load_funding(schools=schools, sencos=sencos, today=today)
    stage_counts |= demo_information_report.load(schools=schools, sencos=sencos, today=today)
    stage_counts |= demo_local_offer.load(  # the Local Offer (issue 13): sensupport/demo/local_offer.py
        la=la,
        schools=schools,
        sencos=sencos,
        peter=peter.pupil,
        password_hash=password_hash,
        logins=logins,
        today=today,
    )
    stage_counts |= demo_ehc_plans.load(schools=schools, sencos=sencos, today=today)  # issue 12: ehc plans
    yp = stories.pick_young_person(today)
    if yp is not None:
        account = stories.young_person(yp, password_hash, f"young.person@{DEMO_DOMAIN}")
        logins.append(
            DemoLogin(
                account.email,
                Role.YOUNG_PERSON.label,
                yp.school.name,
                f"{yp.display_name}, Year {yp.year_group}, aged 16: own record",
            )
        )
    for school in schools.values():
        AuditEvent.objects.create(
            actor_label="system",
            action=AuditEvent.Action.IMPORT,
            school=school,
            target=AuditEvent.Target.DEMO_DATA,
            summary=f"Demo data loaded (seed {seed})",
            via=AuditEvent.Via.COMMAND,
        )
    counts = {
        "schools": len(schools),
        "pupils": len(everyone),
        "SEN Support (K)": sum(d.status == K for d in everyone),
        "EHC plan (E)": sum(d.status == E for d in everyone),
        "monitoring (M)": sum(d.status == M for d in everyone),
        "accounts": demo_users().count(),
        "concerns": Concern.objects.filter(pupil__school__local_authority=la).count(),
        **stage_counts,
        **demo_progress.load(schools=list(schools.values()), peter=peter.pupil, today=today, seed=seed),
    }
    # Seventeen more schools for the LA's oversight dashboard (issue 13): sensupport/demo/oversight.py.
    counts |= demo_oversight.load(la=la, today=today, seed=seed, password_hash=password_hash)
    counts |= demo_ehc_requests.load(la=la, today=today)  # EHC needs-assessment requests (issue 12)
    return DemoSummary(logins=logins, counts=counts)


def _reissue_upn(pupil: Pupil, la: LocalAuthority, estab: str, today: dt.date, serials) -> str:
    """Lily started school at Oakfield, so Oakfield issued her UPN."""
    yy = f"{(academic_year_start(today).year - year_offset(pupil.year_group)) % 100:02d}"
    serials[(estab, yy)] += 1
    body = f"{la.code}{estab}{yy}{serials[(estab, yy)]:03d}"
    return upn_check_letter(body) + body


def _parents(rng, drafts, peter: PupilDraft, lily: PupilDraft, noah: PupilDraft, password_hash: str) -> list[DemoLogin]:
    """Parents for about fifteen pupils: one parent with children at two schools, separated
    parents with an account each, and a step-parent without parental responsibility."""
    claire = new_user(f"parent@{DEMO_DOMAIN}", Role.PARENT, "Claire", "Marsh", password_hash)
    mother = new_user(f"mother@{DEMO_DOMAIN}", Role.PARENT, "Emma", "Clarke", password_hash)
    father = new_user(f"father@{DEMO_DOMAIN}", Role.PARENT, "Mark", "Bennett", password_hash)
    stepfather = new_user(f"stepfather@{DEMO_DOMAIN}", Role.PARENT, "Gareth", "Price", password_hash)
    links = [
        (claire, peter, "Mother", True),
        (claire, lily, "Mother", True),
        (mother, noah, "Mother", True),
        (father, noah, "Father", True),
        (stepfather, peter, "Stepfather", False),
    ]
    story = {id(peter), id(lily), id(noah)}
    candidates = [
        d for key in ("oak", "hillcrest", "willow") for d in drafts[key] if d.status in (K, E, M) and id(d) not in story
    ]
    others = []
    seen = {claire.email, mother.email, father.email, stepfather.email}
    for d in rng.sample(candidates, 12):
        female = rng.random() < 0.7
        first = rng.choice(names.ADULT_FORENAMES[:12] if female else names.ADULT_FORENAMES[12:])
        email = f"{email_part(first)}.{email_part(d.pupil.surname)}@parents.{DEMO_DOMAIN}"
        while email in seen:
            email = email.replace("@", "1@", 1)
        seen.add(email)
        user = new_user(email, Role.PARENT, first, d.pupil.surname, password_hash)
        others.append(user)
        links.append((user, d, "Mother" if female else "Father", True))
    User.objects.bulk_create([claire, mother, father, stepfather, *others])
    ParentLink.objects.bulk_create(
        [
            ParentLink(parent=user, pupil=d.pupil, relationship=rel, has_parental_responsibility=pr)
            for user, d, rel, pr in links
        ]
    )
    return [
        DemoLogin(claire.email, "Parent", "Oakfield and Hillcrest", "Peter (Year 4) and Lily (Year 8)"),
        DemoLogin(mother.email, "Parent", "Hillcrest Academy", "Noah (Year 10); separated, own account"),
        DemoLogin(father.email, "Parent", "Hillcrest Academy", "Noah (Year 10); separated, own account"),
        DemoLogin(
            stepfather.email,
            "Parent",
            "Oakfield Primary School",
            "Peter's stepfather: no parental responsibility, sees nothing",
        ),
        DemoLogin(
            others[0].email,
            "Parent",
            links[5][1].spec.name,
            f"one of {len(others)} more parents @parents.{DEMO_DOMAIN}",
        ),
    ]
