"""The demo's register: pupils drafted in memory with believable SEN histories, then written in a
few bulk inserts. Used by the demo (builder.py) and the benchmarks (register_fill).

Seed data is written in bulk (every status entry says source "demo"); it skips the register's
checks because it describes a past that the services would refuse to record today (dates years
back, historic census codes), but a pupil's status, history and needs go through the register's
one writer, in its bulk form (pupils.services.sen_status_apply_many).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from sensupport.accounts.models import Role, User
from sensupport.organisations.models import LocalAuthority, School
from sensupport.pupils import codes
from sensupport.pupils.census import RankedNeed, upn_check_letter
from sensupport.pupils.ehc import add_months
from sensupport.pupils.models import (
    Concern,
    ConcernNote,
    EhcPlanSummary,
    ParentConversation,
    Pupil,
    SenStatusChange,
    TeachingGroup,
)
from sensupport.pupils.services import StatusEntry, sen_status_apply_many, sen_status_rows

from . import names

DEFAULT_SEED = 2026


SEN_SUPPORT_BEGAN = dt.date(2014, 9, 1)  # the 2014 reforms: K and E replace A, P and S


K, E, M, N = codes.STATUS_SUPPORT, codes.STATUS_EHC, codes.STATUS_MONITORING, codes.STATUS_NONE


Area = codes.BroadArea


@dataclass(frozen=True)
class SchoolSpec:
    key: str  # the part of staff email addresses before .demo.sensupport.test
    name: str
    urn: str
    establishment_number: str
    phase: str
    establishment_type: int  # GIAS type of establishment code
    pupils_per_year: dict[str, int]
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # (name, year groups it holds)
    support: int  # pupils on SEN Support (K)
    ehc: int  # pupils with an EHC plan (E)
    monitoring: int  # pupils with an open concern, not yet on SEN Support
    closed_concerns: int  # pupils whose concern ended with no further action
    feeders: tuple[str, ...]  # establishment numbers that issued the pupils' UPNs
    staff: dict[str, tuple[str, str]]  # role: (first name, last name) of the memorable logins
    named_class: str  # the class that teacher@ and ta@ work in


# Primary need weights, after the national January census pattern: SLCN leads on SEN Support
# (more in primary, SPLD more in secondary), ASD leads on EHC plans. NSA only with SEN Support.
PRIMARY_NEED_WEIGHTS = {
    (K, School.Phase.PRIMARY): {
        "SLCN": 32,
        "SEMH": 18,
        "MLD": 12,
        "SPLD": 8,
        "ASD": 9,
        "NSA": 8,
        "OTH": 4,
        "PD": 3,
        "HI": 2,
        "VI": 1,
        "SLD": 1,
    },
    (K, School.Phase.SECONDARY): {
        "SEMH": 22,
        "SPLD": 21,
        "SLCN": 23,
        "MLD": 11,
        "ASD": 9,
        "NSA": 5,
        "OTH": 4,
        "PD": 2,
        "HI": 2,
        "VI": 1,
    },
    (K, School.Phase.SPECIAL): {"ASD": 2, "SLCN": 2, "SEMH": 1},
    (E, School.Phase.PRIMARY): {
        "ASD": 35,
        "SLCN": 20,
        "SEMH": 14,
        "MLD": 8,
        "SLD": 5,
        "PD": 6,
        "HI": 3,
        "VI": 2,
        "OTH": 3,
        "SPLD": 2,
        "MSI": 1,
        "PMLD": 1,
    },
    (E, School.Phase.SECONDARY): {
        "ASD": 36,
        "SEMH": 19,
        "SLCN": 13,
        "MLD": 9,
        "SPLD": 6,
        "PD": 5,
        "SLD": 4,
        "HI": 3,
        "VI": 2,
        "OTH": 3,
    },
    (E, School.Phase.SPECIAL): {
        "ASD": 38,
        "SLD": 20,
        "MLD": 12,
        "SLCN": 8,
        "PMLD": 7,
        "SEMH": 6,
        "PD": 5,
        "HI": 2,
        "VI": 1,
        "MSI": 1,
    },
}


SECONDARY_NEED_WEIGHTS = {
    "SEMH": 22,
    "SLCN": 20,
    "ASD": 12,
    "SPLD": 12,
    "MLD": 10,
    "OTH": 8,
    "PD": 5,
    "HI": 4,
    "VI": 3,
    "SLD": 2,
    "MSI": 1,
}


SECONDARY_NEED_SHARE = 1 / 3


AREA_WEIGHTS = {Area.SEMH: 4, Area.COMMUNICATION: 3, Area.COGNITION: 4, Area.SENSORY_PHYSICAL: 1}


@dataclass
class ConcernDraft:
    raised_by: User
    raised_on: dt.date
    noticed: str
    where_when: str
    broad_area: str
    notes: list[tuple[dt.date, str, User]] = field(default_factory=list)
    decision: str = ""
    decision_notes: str = ""
    decided_by: User | None = None
    decided_on: dt.date | None = None


@dataclass
class PupilDraft:
    pupil: Pupil
    spec: SchoolSpec
    group: str
    joined: dt.date
    status: str = N
    history: list[tuple[str, dt.date, str, str]] = field(default_factory=list)  # status, start, original code, reason
    needs: list[tuple[str, int | None, dt.date | None, str]] = field(default_factory=list)  # code, rank, start, notes
    concerns: list[ConcernDraft] = field(default_factory=list)
    conversations: list[dict] = field(default_factory=list)
    ehc: dict | None = None  # the EhcPlanSummary's fields, for a pupil with an EHC plan


def academic_year_start(today: dt.date) -> dt.date:
    """1 September of the current academic year."""
    return dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)


def year_offset(year_group: str) -> int:
    return 0 if year_group == "R" else int(year_group)


def birth_range(year_group: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """Pupils in a year group were born 1 September to 31 August: Year 6 in 2026/27 means born
    September 2015 to August 2016."""
    first = academic_year_start(today).year - year_offset(year_group) - 5
    return dt.date(first, 9, 1), dt.date(first + 1, 8, 31)


def date_between(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    if hi <= lo:
        return lo
    day = lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))
    # Schools record things on school days.
    while day.weekday() >= 5 and day > lo:
        day -= dt.timedelta(days=1)
    return day


def aware(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _quota(rng: random.Random, weights: dict[str, int], n: int) -> list[str]:
    """n codes in proportion to the weights (largest remainder), shuffled: the shape of the demo
    does not depend on luck."""
    total = sum(weights.values())
    exact = {code: n * w / total for code, w in weights.items()}
    counts = {code: int(x) for code, x in exact.items()}
    for code in sorted(exact, key=lambda c: exact[c] - counts[c], reverse=True)[: n - sum(counts.values())]:
        counts[code] += 1
    picks = [code for code, count in counts.items() for _ in range(count)]
    rng.shuffle(picks)
    return picks


def _weighted(rng: random.Random, weights: dict[str, int], exclude: set[str] = frozenset()) -> str:
    options = {k: v for k, v in weights.items() if k not in exclude}
    return rng.choices(list(options), weights=list(options.values()))[0]


def new_user(email: str, role: str, first: str, last: str, password_hash: str, **extra) -> User:
    return User(
        username=email, email=email, role=role, first_name=first, last_name=last, password=password_hash, **extra
    )


def email_part(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def draft_pupils(
    rng: random.Random,
    spec: SchoolSpec,
    school: School,
    la: LocalAuthority,
    today: dt.date,
    serials: dict[tuple[str, str], int],
) -> list[PupilDraft]:
    year_start = academic_year_start(today)
    group_of_year: dict[str, list[str]] = defaultdict(list)
    for name, years in spec.groups:
        for year in years:
            group_of_year[year].append(name)
    entry_offset = 7 if spec.phase == School.Phase.SECONDARY else 0
    drafts = []
    for year, count in spec.pupils_per_year.items():
        born_from, born_to = birth_range(year, today)
        reception_year = year_start.year - year_offset(year)
        for i in range(count):
            sex = "F" if rng.random() < 0.5 else "M"
            forename = rng.choice(names.FORENAMES_F if sex == "F" else names.FORENAMES_M)
            estab = spec.feeders[0] if len(spec.feeders) == 1 else rng.choice(spec.feeders)
            yy = f"{reception_year % 100:02d}"
            serials[(estab, yy)] += rng.randint(1, 3)
            body = f"{la.code}{estab}{yy}{serials[(estab, yy)]:03d}"
            pupil = Pupil(
                upn=upn_check_letter(body) + body,
                forename=forename,
                surname=rng.choice(names.SURNAMES),
                middle_names=rng.choice(names.MIDDLE_NAMES) if rng.random() < 0.4 else "",
                preferred_forename=names.PREFERRED.get(forename, "") if rng.random() < 0.5 else "",
                date_of_birth=born_from + dt.timedelta(days=rng.randint(0, (born_to - born_from).days)),
                sex=sex,
                year_group=year,
                school=school,
                home_local_authority=la,
            )
            if spec.phase == School.Phase.SPECIAL:
                joined_year = rng.randint(reception_year, year_start.year)
            else:
                joined_year = reception_year + entry_offset
            groups = group_of_year[year]
            drafts.append(
                PupilDraft(pupil=pupil, spec=spec, group=groups[i % len(groups)], joined=dt.date(joined_year, 9, 1))
            )
    return drafts


def _needs_for(rng: random.Random, primary: str, start: dt.date, today: dt.date, share: float = SECONDARY_NEED_SHARE):
    """A rank-1 need, and for about a third a rank-2 need (never NSA: it stands alone)."""
    needs = [(primary, 1, start, "")]
    if primary != "NSA" and rng.random() < share:
        second_start = min(today, start + dt.timedelta(days=rng.randint(0, 200)))
        needs.append((_weighted(rng, SECONDARY_NEED_WEIGHTS, exclude={primary}), 2, second_start, ""))
    return needs


def _start_support_conversation(rng, draft: PupilDraft, on: dt.date, senco: User) -> dict:
    return {
        "held_on": on,
        "method": rng.choice(list(ParentConversation.Method.values)),
        "purpose": ParentConversation.Purpose.START_SUPPORT,
        "parents_present": rng.choice(
            ["Mother", "Father", "Mother and father", "Grandmother (carer)", "Mother and stepfather"]
        ),
        "summary": rng.choice(names.START_SUPPORT_SUMMARIES),
        "parent_views": rng.choice(names.PARENT_VIEWS),
        "recorded_by": senco,
    }


def draft_support(rng, d: PupilDraft, need: str, today: dt.date, ctx) -> None:
    """SEN Support now; older pupils may carry an Early Years Action (A) or Action Plus (P) entry."""
    p = d.pupil
    senco, teacher = ctx["senco"][d.spec.key], ctx["teacher"][(d.spec.key, d.group)]
    floor = max(_years_after(p.date_of_birth, 3), SEN_SUPPORT_BEGAN)
    hi = today - dt.timedelta(days=21)
    lo = max(floor, d.joined) if max(floor, d.joined) < hi else floor
    if p.date_of_birth < dt.date(2012, 1, 1) and rng.random() < 0.5:
        code = rng.choice("AP")
        label = {"A": "Early Years Action", "P": "Early Years Action Plus"}[code]
        d.history.append(
            (
                K,
                date_between(rng, dt.date(2015, 1, 12), dt.date(2015, 3, 27)),
                code,
                f"{label} at nursery (historic code {code}), recorded as SEN Support",
            )
        )
        ended = date_between(rng, dt.date(2016, 7, 1), dt.date(2019, 7, 15))
        d.history.append((N, ended, "", "Support ended at review: needs met in class (parents involved)"))
        lo = max(lo, ended + dt.timedelta(days=90))
    k_start = date_between(rng, min(lo, hi), hi)
    if (today - k_start).days < 450 and rng.random() < 0.6:
        raised = k_start - dt.timedelta(days=rng.randint(35, 70))
        area = codes.broad_area_of(need) or Area.COGNITION
        d.history.append((M, raised, "", "Concern raised"))
        d.concerns.append(
            ConcernDraft(
                raised_by=teacher,
                raised_on=raised,
                noticed=rng.choice(names.NOTICED[area]),
                where_when=rng.choice(names.WHERE_WHEN),
                broad_area=area,
                notes=[(raised + dt.timedelta(days=14), rng.choice(names.CONCERN_NOTES), senco)],
                decision=Concern.Decision.SEN_SUPPORT,
                decision_notes=rng.choice(names.SUPPORT_DECISION_NOTES),
                decided_by=senco,
                decided_on=k_start,
            )
        )
        d.conversations.append(
            {**_start_support_conversation(rng, d, raised + dt.timedelta(days=rng.randint(20, 30)), senco)}
        )
    else:
        d.conversations.append(
            _start_support_conversation(rng, d, k_start - dt.timedelta(days=rng.randint(3, 30)), senco)
        )
    d.history.append((K, k_start, "", "Placed on SEN Support after talking with parents"))
    d.needs = _needs_for(rng, need, k_start, today)
    if rng.random() < 0.5:  # the termly meeting with parents (Code 6.65)
        held_on = date_between(
            rng, max(k_start + dt.timedelta(days=1), today - dt.timedelta(days=70)), today - dt.timedelta(days=5)
        )
        termly = {
            "method": ParentConversation.Method.MEETING,
            "purpose": ParentConversation.Purpose.OTHER,
            "parents_present": "Mother",
            "summary": "Termly review of the SEN Support plan: outcomes reviewed, next steps agreed.",
            "parent_views": rng.choice(names.PARENT_VIEWS),
            "recorded_by": senco,
        }
        d.conversations.append({**termly, "held_on": held_on})
        # Many of these families were also met in the two terms before, so some pupils reach the
        # Code's three meetings in 12 months and some fall short: the gap the home page shows.
        # A generator of the pupil's own keeps the rest of the demo as it was.
        own = random.Random(p.upn)
        for lo_days, hi_days, share in ((190, 120, 0.7), (320, 250, 0.6)):
            held_on = date_between(own, today - dt.timedelta(days=lo_days), today - dt.timedelta(days=hi_days))
            if held_on > k_start and own.random() < share:
                d.conversations.append({**termly, "held_on": held_on})
    d.status = K


def draft_ehc(rng, d: PupilDraft, need: str, today: dt.date, ctx) -> None:
    """An EHC plan now: SEN Support first, then the plan; Year 11 may have had a statement (S)."""
    p = d.pupil
    senco = ctx["senco"][d.spec.key]
    floor = max(_years_after(p.date_of_birth, 3), SEN_SUPPORT_BEGAN)
    hi = today - dt.timedelta(days=28)
    if p.date_of_birth < dt.date(2011, 3, 1) and rng.random() < 0.6:
        d.history.append(
            (
                E,
                date_between(rng, dt.date(2014, 3, 3), dt.date(2014, 7, 18)),
                "S",
                "Statement of SEN (historic code S), recorded as EHC plan",
            )
        )
        e_start = date_between(rng, dt.date(2016, 9, 5), dt.date(2018, 3, 29))
        d.history.append((E, e_start, "", "Statement transferred to an EHC plan"))
    else:
        k_start = date_between(rng, floor, max(floor, hi - dt.timedelta(days=240)))
        e_start = min(hi, k_start + dt.timedelta(days=rng.randint(140, 700)))
        d.conversations.append(
            _start_support_conversation(rng, d, k_start - dt.timedelta(days=rng.randint(3, 30)), senco)
        )
        d.history.append((K, k_start, "", "Placed on SEN Support after talking with parents"))
        d.history.append((E, e_start, "", f"EHC plan issued by {d.pupil.home_local_authority.name}"))
    d.needs = _needs_for(rng, need, e_start, today, share=0.4)
    d.status = E
    d.ehc = _ehc_summary(p, need, e_start, today)


# What an EHC plan's outcomes (section E) and provision (section F) say, in brief, by primary need.
EHC_WORDS = {
    "ASD": (
        "{name} will manage changes to the school day with a visual timetable and a warning beforehand.\n"
        "{name} will take part in a small-group activity with peers for 15 minutes.",
        "Visual timetable and now/next board in every lesson. Social communication group twice a week (ELSA). "
        "A quiet space to go to when overwhelmed. Autism outreach advice each term.",
    ),
    "SLCN": (
        "{name} will follow two-step spoken instructions in class.\n"
        "{name} will use new topic words in sentences when talking about their learning.",
        "Speech and language therapy programme delivered by a trained TA, 3 x 20 minutes a week; therapist "
        "review each half term. Key vocabulary pre-taught before each topic.",
    ),
    "SEMH": (
        "{name} will name how they feel and use an agreed strategy to calm down.\n"
        "{name} will stay in class for whole lessons on four days out of five.",
        "Daily check-in with a key adult. Nurture group three afternoons a week. Agreed calm space and exit "
        "card. Termly educational psychologist consultation.",
    ),
    "SPLD": (
        "{name} will read age-appropriate texts with 90% accuracy.\n"
        "{name} will record their ideas using assistive technology.",
        "Structured phonics intervention 4 x 30 minutes a week. Access to a laptop with text-to-speech. "
        "Extra time and a reader in assessments.",
    ),
}
EHC_WORDS_OTHER = (
    "{name} will become more independent in the classroom routine.\n"
    "{name} will make progress towards their personalised targets in literacy and numeracy.",
    "Small-group teaching in literacy and numeracy daily. Adult support for 15 hours a week across the "
    "curriculum. Specialist advice from the local authority's outreach service each term.",
)


def _ehc_summary(p: Pupil, need: str, issued: dt.date, today: dt.date) -> dict:
    """Annual reviews on or near each anniversary of the plan; about one in five a year behind,
    so a few are overdue as in real schools. A generator of the pupil's own keeps the rest of the
    demo as it was."""
    own = random.Random(f"ehc {p.upn}")
    years = (today - issued).days // 365
    reviewed = None
    if years >= 1:
        behind = 1 if years >= 2 and own.random() < 0.2 else 0
        reviewed = add_months(issued, 12 * (years - behind)) + dt.timedelta(days=own.randint(-21, 14))
        reviewed = max(issued + dt.timedelta(days=300), min(reviewed, today - dt.timedelta(days=7)))
    outcomes, provision = EHC_WORDS.get(need, EHC_WORDS_OTHER)
    return {
        "issuing_local_authority": p.home_local_authority,
        "issued_on": issued,
        "last_reviewed_on": reviewed,
        "outcomes": outcomes,  # {name} is filled in when saved: a story may rename the pupil
        "provision_summary": provision,
    }


def _draft_monitoring(rng, d: PupilDraft, today: dt.date, ctx) -> None:
    senco, teacher = ctx["senco"][d.spec.key], ctx["teacher"][(d.spec.key, d.group)]
    raised = date_between(rng, today - dt.timedelta(days=56), today - dt.timedelta(days=3))
    area = _weighted(rng, AREA_WEIGHTS)
    concern = ConcernDraft(
        raised_by=teacher,
        raised_on=raised,
        noticed=rng.choice(names.NOTICED[area]),
        where_when=rng.choice(names.WHERE_WHEN),
        broad_area=area,
    )
    for n in range(rng.choice([0, 0, 1, 2])):
        on = min(today, raised + dt.timedelta(days=7 * (n + 1)))
        concern.notes.append((on, rng.choice(names.CONCERN_NOTES), teacher if n == 0 else senco))
    d.concerns.append(concern)
    d.history.append((M, raised, "", "Concern raised"))
    d.status = M


def _draft_closed_concern(rng, d: PupilDraft, today: dt.date, ctx) -> None:
    senco, teacher = ctx["senco"][d.spec.key], ctx["teacher"][(d.spec.key, d.group)]
    raised = date_between(rng, max(d.joined, today - dt.timedelta(days=400)), today - dt.timedelta(days=70))
    decided = raised + dt.timedelta(days=rng.randint(21, 56))
    area = _weighted(rng, AREA_WEIGHTS)
    d.concerns.append(
        ConcernDraft(
            raised_by=teacher,
            raised_on=raised,
            noticed=rng.choice(names.NOTICED[area]),
            where_when=rng.choice(names.WHERE_WHEN),
            broad_area=area,
            notes=[(raised + dt.timedelta(days=10), rng.choice(names.CONCERN_NOTES), teacher)],
            decision=Concern.Decision.NO_FURTHER_ACTION,
            decision_notes=rng.choice(names.NO_ACTION_NOTES),
            decided_by=senco,
            decided_on=decided,
        )
    )
    d.conversations.append(
        {
            "held_on": raised + dt.timedelta(days=7),
            "method": ParentConversation.Method.PHONE,
            "purpose": ParentConversation.Purpose.CONCERN,
            "parents_present": "Mother",
            "summary": "Told parents what we had noticed and how we would look into it.",
            "parent_views": "",
            "recorded_by": teacher,
        }
    )
    d.history.append((M, raised, "", "Concern raised"))
    d.history.append((N, decided, "", "Concern closed: no further action"))
    d.status = N


def assign_register(rng, drafts: list[PupilDraft], spec: SchoolSpec, today: dt.date, ctx) -> None:
    order = list(range(len(drafts)))
    rng.shuffle(order)
    # Younger children are less often identified yet: fill SEN places from a list that puts
    # Reception last.
    order.sort(key=lambda i: drafts[i].pupil.year_group == "R" and rng.random() < 0.7)
    take = iter(order)
    ehc = [drafts[next(take)] for _ in range(spec.ehc)]
    support = [drafts[next(take)] for _ in range(spec.support)]
    monitoring = [drafts[next(take)] for _ in range(spec.monitoring)]
    closed = [drafts[next(take)] for _ in range(spec.closed_concerns)]
    phase = spec.phase if (K, spec.phase) in PRIMARY_NEED_WEIGHTS else School.Phase.SECONDARY
    for d, need in zip(ehc, _quota(rng, PRIMARY_NEED_WEIGHTS[(E, phase)], len(ehc))):
        draft_ehc(rng, d, need, today, ctx)
    for d, need in zip(support, _quota(rng, PRIMARY_NEED_WEIGHTS[(K, phase)], len(support))):
        draft_support(rng, d, need, today, ctx)
    for d in monitoring:
        _draft_monitoring(rng, d, today, ctx)
    for d in closed:
        _draft_closed_concern(rng, d, today, ctx)
    # A few pupils already on SEN Support have a new open concern about something else.
    for d in support[:3] if spec.phase != School.Phase.SPECIAL else []:
        _draft_monitoring(rng, d, today, ctx)
        d.history.pop()
        d.status = K


def claim(
    rng, drafts: list[PupilDraft], year: str, status: str, today: dt.date, ctx, group: str | None = None
) -> PupilDraft:
    """A pupil in `year` (and group) with `status`. If the draw gave none, a pupil elsewhere in
    the school gives up the place (and goes back to no SEN) so the school's totals stay put."""
    fits = [d for d in drafts if d.pupil.year_group == year and (group is None or d.group == group)]
    for d in fits:
        if d.status == status:
            return d
    donor = next(d for d in drafts if d.status == status and d.pupil.year_group != year)
    target = next(d for d in fits if d.status == N and not d.concerns)
    need = donor.needs[0][0]
    donor.status, donor.history, donor.needs, donor.concerns, donor.conversations = N, [], [], [], []
    (draft_support if status == K else draft_ehc)(rng, target, need, today, ctx)
    return target


def rename(d: PupilDraft, forename: str, surname: str, sex: str) -> None:
    d.pupil.forename, d.pupil.surname, d.pupil.sex, d.pupil.preferred_forename = forename, surname, sex, ""


def save_drafts(everyone: list[PupilDraft], groups: dict[tuple[str, str], TeachingGroup]) -> None:
    """Write the drafted pupils and everything hanging off them, a few bulk inserts per table."""
    # The pupils, their status history and needs: the register's one writer, in bulk.
    sen_status_apply_many(
        [
            sen_status_rows(
                pupil=d.pupil,
                entries=[StatusEntry(status, start, reason, original) for status, start, original, reason in d.history],
                source=SenStatusChange.Source.DEMO,
                needs=[RankedNeed(code, rank) for code, rank, _, _ in d.needs],
                need_starts={code: start for code, _, start, _ in d.needs},
                need_notes={code: notes for code, _, _, notes in d.needs},
            )
            for d in everyone
        ]
    )
    PupilLink = TeachingGroup.pupils.through
    PupilLink.objects.bulk_create(
        [PupilLink(teachinggroup_id=groups[(d.spec.key, d.group)].pk, pupil_id=d.pupil.pk) for d in everyone],
        batch_size=500,
    )
    ParentConversation.objects.bulk_create(
        [ParentConversation(pupil=d.pupil, **c) for d in everyone for c in d.conversations], batch_size=500
    )
    EhcPlanSummary.objects.bulk_create(
        [
            EhcPlanSummary(
                pupil=d.pupil,
                **{**d.ehc, "outcomes": d.ehc["outcomes"].format(name=d.pupil.preferred_forename or d.pupil.forename)},
            )
            for d in everyone
            if d.ehc and d.status == E
        ],
        batch_size=500,
    )
    _save_concerns(everyone)


def _save_concerns(everyone: list[PupilDraft]) -> None:
    pairs = [(d, c) for d in everyone for c in d.concerns]
    rows = []
    for d, c in pairs:
        status = Concern.Status.CLOSED if c.decision else (Concern.Status.GATHERING if c.notes else Concern.Status.OPEN)
        rows.append(
            Concern(
                pupil=d.pupil,
                raised_by=c.raised_by,
                noticed=c.noticed,
                where_when=c.where_when,
                broad_area=c.broad_area,
                status=status,
                decision=c.decision,
                decision_notes=c.decision_notes,
                decided_by=c.decided_by,
                decided_at=aware(c.decided_on, 15, 30) if c.decided_on else None,
            )
        )
    Concern.objects.bulk_create(rows, batch_size=500)
    # raised_at is auto_now_add: put the real dates back.
    for concern, (_, c) in zip(rows, pairs):
        concern.raised_at = aware(c.raised_on, 9, 15)
    Concern.objects.bulk_update(rows, ["raised_at"], batch_size=500)
    notes = [
        (
            ConcernNote(
                concern=concern,
                text=text,
                author=author,
                kind=ConcernNote.Kind.EVIDENCE if i == 0 else ConcernNote.Kind.NOTE,
            ),
            on,
        )
        for concern, (_, c) in zip(rows, pairs)
        for i, (on, text, author) in enumerate(c.notes)
    ]
    ConcernNote.objects.bulk_create([n for n, _ in notes], batch_size=500)
    for note, on in notes:
        note.created_at = aware(on, 16, 0)
    ConcernNote.objects.bulk_update([n for n, _ in notes], ["created_at"], batch_size=500)


def register_fill(
    *, school: School, senco: User, pupils: int, seed: int = DEFAULT_SEED, today: dt.date | None = None
) -> int:
    """Give an existing school a register of `pupils` pupils, Reception to Year 11, with the demo's
    SEN mix (14% SEN Support, 4% EHC plan, 3% monitoring), one class and teacher per year group.
    The benchmarks' data generator. Returns the number of pupils created."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    years = ("R",) + tuple(str(y) for y in range(1, 12))
    per_year = {y: pupils // len(years) + (1 if i < pupils % len(years) else 0) for i, y in enumerate(years)}
    estab = int(school.establishment_number)
    spec = SchoolSpec(
        key=f"urn{school.urn}",
        name=school.name,
        urn=school.urn,
        establishment_number=school.establishment_number,
        phase=school.phase,
        establishment_type=school.establishment_type,
        pupils_per_year=per_year,
        groups=tuple((f"Year {y}", (y,)) for y in years),
        support=round(pupils * 0.14),
        ehc=round(pupils * 0.04),
        monitoring=round(pupils * 0.03),
        closed_concerns=round(pupils * 0.01),
        feeders=tuple(f"{(estab + k) % 10000:04d}" for k in range(8)),
        staff={},
        named_class="",
    )
    teachers = [
        new_user(
            f"teacher.{y.lower()}@{spec.key}.bench.sensupport.test",
            Role.TEACHER,
            "Bench",
            f"Teacher {y}",
            make_password(None),
            school=school,
        )
        for y in years
    ]
    User.objects.bulk_create(teachers)
    groups = {(spec.key, name): TeachingGroup(school=school, name=name, year_group=ys[0]) for name, ys in spec.groups}
    TeachingGroup.objects.bulk_create(groups.values())
    StaffLink = TeachingGroup.staff.through
    StaffLink.objects.bulk_create(
        [StaffLink(teachinggroup_id=groups[(spec.key, f"Year {y}")].pk, user_id=t.pk) for y, t in zip(years, teachers)]
    )
    ctx = {"senco": {spec.key: senco}, "teacher": {(spec.key, f"Year {y}"): t for y, t in zip(years, teachers)}}
    drafts = draft_pupils(rng, spec, school, school.local_authority, today, defaultdict(int))
    assign_register(rng, drafts, spec, today, ctx)
    save_drafts(drafts, groups)
    return len(drafts)
