"""Reads for the family portal: a child's plan in plain language, meeting dates, written
summaries, earlier versions and consents. Callers fetch the pupil and plan through
sensupport.pupils.access / sensupport.plans.access first; these only shape what is shown."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from sensupport.family.models import Consent, MeetingSummary
from sensupport.plans.models import Plan, Provision
from sensupport.plans.selectors import current_plan
from sensupport.plans.snapshot import plan_content
from sensupport.pupils.models import ParentConversation, Pupil

# Short forms staff often write. Shown spelled out, so a family never meets an unexplained acronym.
ACRONYMS: dict[str, str] = {
    "TA": "teaching assistant",
    "HLTA": "higher level teaching assistant",
    "LSA": "learning support assistant",
    "SENCO": "special educational needs co-ordinator",
    "SENCo": "special educational needs co-ordinator",
    "SEN": "special educational needs",
    "SEND": "special educational needs and disabilities",
    "EHC": "education, health and care",
    "EHCP": "education, health and care plan",
    "ELSA": "emotional literacy support assistant",
    "EP": "educational psychologist",
    "SALT": "speech and language therapist",
    "SLT": "speech and language therapist",
    "OT": "occupational therapist",
    "CAMHS": "child and adolescent mental health services",
    "SEMH": "social, emotional and mental health",
    "SLCN": "speech, language and communication needs",
    "ASD": "autism spectrum disorder",
    "ASC": "autism spectrum condition",
    "ADHD": "attention deficit hyperactivity disorder",
    "SpLD": "specific learning difficulty",
    "MLD": "moderate learning difficulty",
    "PE": "physical education",
    "PSHE": "personal, social, health and economic education",
    "IEP": "individual education plan",
    "SENDIASS": "special educational needs and disabilities information, advice and support service",
}
_ACRONYM_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, ACRONYMS), key=len, reverse=True)) + r")\b")

KIND_PLAIN = {
    Provision.Kind.ADJUSTMENT: "A change to how things are done in class",
    Provision.Kind.INTERVENTION: "Extra sessions",
    Provision.Kind.EQUIPMENT: "Equipment",
    Provision.Kind.ADULT_SUPPORT: "Help from an adult",
    Provision.Kind.SPECIALIST: "A specialist programme",
}
METHOD_PLAIN = {
    ParentConversation.Method.MEETING: "Meeting",
    ParentConversation.Method.PHONE: "Phone call",
    ParentConversation.Method.VIDEO: "Video call",
    ParentConversation.Method.WRITTEN: "Letter or email",
}
PURPOSE_PLAIN = {
    ParentConversation.Purpose.CONCERN: "talking about a worry",
    ParentConversation.Purpose.START_SUPPORT: "starting special educational needs (SEN) support",
    ParentConversation.Purpose.END_SUPPORT: "ending special educational needs (SEN) support",
    ParentConversation.Purpose.OTHER: "talking with the school",
}


def expand_acronyms(text: str) -> str:
    """'TA' becomes 'teaching assistant (TA)'. For short fields such as who gives the support."""
    return _ACRONYM_RE.sub(lambda m: f"{ACRONYMS[m.group(1)]} ({m.group(1)})", text or "")


def acronyms_in(*texts: str) -> list[tuple[str, str]]:
    """The short forms used in the school's own words, with what they mean (a word list)."""
    found: dict[str, str] = {}
    for text in texts:
        for match in _ACRONYM_RE.finditer(text or ""):
            found.setdefault(match.group(1), ACRONYMS[match.group(1)])
    return sorted(found.items())


def first_name(pupil: Pupil) -> str:
    return pupil.preferred_forename or pupil.forename


def is_own_record(user, pupil: Pupil) -> bool:
    """A young person reading their own record: the page speaks to them as "you"."""
    return bool(user.own_pupil_record_id and user.own_pupil_record_id == pupil.pk)


# ---- Children


@dataclass(frozen=True)
class ChildRow:
    pupil: Pupil
    plan: Plan | None
    consents_waiting: int = 0

    @property
    def next_review(self) -> dt.date | None:
        return self.plan.review_date if self.plan is not None and self.plan.is_current else None

    @property
    def review_is_late(self) -> bool:
        """The review date has passed: it is not a 'next' review any more (the plan page says so too)."""
        return bool(self.next_review and self.next_review < timezone.localdate())


def family_children(user) -> list[ChildRow]:
    """Every child this user may see (the one scope rule), each with the plan in force."""
    waiting = Count(
        "consents", filter=Q(consents__given_at__isnull=True, consents__withdrawn_at__isnull=True), distinct=True
    )
    pupils = (
        Pupil.objects.visible_to(user)
        .select_related("school")
        .annotate(consents_waiting=waiting)
        .order_by("forename", "surname", "pk")
    )
    return [ChildRow(pupil=p, plan=current_plan(p), consents_waiting=p.consents_waiting) for p in pupils]


# ---- The plan in plain language


@dataclass(frozen=True)
class PlainBarrier:
    title: str
    description: str


@dataclass(frozen=True)
class PlainSupport:
    heading: str
    what: str
    who: str
    how_often: str
    where: str
    group: str
    helps_with: list[str]
    when: str = ""
    ended: bool = False


@dataclass(frozen=True)
class PlainOutcome:
    hope: str
    how_we_will_know: str


@dataclass
class PlainPlan:
    plan: Plan
    name: str  # the child's first name, or "you" for a young person's own record
    is_self: bool
    barriers: list[PlainBarrier]
    support: list[PlainSupport]
    school_will: str
    home: str
    pupil_will: str
    hopes: list[PlainOutcome]
    review_date: dt.date | None
    review_held_on: dt.date | None
    review_is_late: bool
    glossary: list[tuple[str, str]] = field(default_factory=list)

    @property
    def possessive(self) -> str:
        return "your" if self.is_self else f"{self.name}’s"


def _times_a_week(sessions: Decimal) -> str:
    if sessions == 1:
        return "once a week"
    if sessions == 2:
        return "twice a week"
    if sessions == Decimal("0.5"):
        return "once every 2 weeks"
    if sessions == 5:
        return "every school day"
    return f"{sessions:g} times a week"


def how_often(provision: Provision, name: str) -> str:
    sessions, minutes = provision.sessions_per_week, provision.minutes_per_session
    if sessions and minutes:
        return f"{_times_a_week(sessions).capitalize()}, for {minutes} minutes each time."
    if sessions:
        return f"{_times_a_week(sessions).capitalize()}."
    if minutes:
        return f"{minutes} minutes each time."
    needs = "need" if name == "you" else "needs"
    return (
        f"Whenever {name} {needs} it."
        if provision.kind in (Provision.Kind.ADJUSTMENT, Provision.Kind.EQUIPMENT)
        else "Ask the school how often."
    )


def _withdrawn(provision: Provision) -> bool:
    return provision.setting == Provision.Setting.WITHDRAWN


def _heading(provision: Provision) -> str:
    """What kind of help it is. An adjustment is 'in class' only when it happens in class: a
    withdrawn line never says 'in class' anywhere on the page."""
    if provision.kind == Provision.Kind.ADJUSTMENT and _withdrawn(provision):
        return "A change to how things are done, out of class"
    return KIND_PLAIN.get(provision.kind, provision.get_kind_display())


def _where(provision: Provision, name: str) -> str:
    if _withdrawn(provision):
        text = f"Out of class. {name[0].upper() + name[1:]} will leave the classroom for this"
        return text + (f", instead of {provision.replaces_lessons}." if provision.replaces_lessons else ".")
    if provision.group_size:  # a group (or one adult) inside the class, not 'with the other children'
        return "In class."
    return "In class, with the other children."


def _on(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _when(provision: Provision, today: dt.date) -> str:
    """The dates of a support line, in the tense the dates call for ('' when it has none)."""
    start, end = provision.start_date, provision.end_date
    if end and end < today:
        return f"Ended on {_on(end)}."
    if start and start > today:
        return f"Starts on {_on(start)}" + (f", until {_on(end)}." if end else ".")
    if start and end:
        return f"Since {_on(start)}, until {_on(end)}."
    if start:
        return f"Since {_on(start)}."
    if end:
        return f"Until {_on(end)}."
    return ""


def _group(provision: Provision, name: str) -> str:
    if provision.group_size == 1:
        return f"Just {name} and an adult."
    if provision.group_size:
        return f"In a small group of {provision.group_size} children."
    return ""


def plain_plan(plan: Plan, *, is_self: bool, today: dt.date | None = None) -> PlainPlan:
    today = today or timezone.localdate()
    name = "you" if is_self else first_name(plan.pupil)
    content = plan_content(plan)  # an agreed version as the parents agreed it, from its snapshot
    support = []
    for p in content.provisions:
        support.append(
            PlainSupport(
                heading=_heading(p),
                what=p.description,
                who=expand_acronyms(p.delivered_by),
                how_often=how_often(p, name),
                where=_where(p, name),
                group=_group(p, name),
                helps_with=[b.title for b in p.for_barriers],
                when=_when(p, today),
                ended=bool(p.end_date and p.end_date < today),
            )
        )
    barriers = [
        PlainBarrier(title=line.barrier.title, description=line.barrier.description or line.barrier.effect)
        for line in content.barriers
    ]
    hopes = [PlainOutcome(hope=o.description, how_we_will_know=o.how_we_will_know) for o in content.outcomes]
    review = getattr(plan, "review", None) if plan.status in (Plan.Status.REVIEWED, Plan.Status.SUPERSEDED) else None
    glossary = acronyms_in(
        content.school_responsibilities,
        content.parent_responsibilities,
        content.pupil_responsibilities,
        *(b.title + " " + b.description for b in barriers),
        *(s.what for s in support),
        *(" ".join(s.helps_with) for s in support),
        *(h.hope + " " + h.how_we_will_know for h in hopes),
    )
    return PlainPlan(
        plan=plan,
        name=name,
        is_self=is_self,
        barriers=barriers,
        support=support,
        school_will=content.school_responsibilities,
        home=content.parent_responsibilities,
        pupil_will=content.pupil_responsibilities,
        hopes=hopes,
        review_date=plan.review_date,
        review_held_on=review.held_on if review is not None else None,
        review_is_late=bool(plan.is_current and plan.review_date and plan.review_date < today),
        glossary=glossary,
    )


# ---- Versions, meetings, summaries, consents


@dataclass(frozen=True)
class VersionRow:
    plan: Plan
    state: str


def plan_versions(pupil: Pupil) -> list[VersionRow]:
    """Every version a family may read (never a draft), newest first."""
    in_force = current_plan(pupil)
    rows = []
    for plan in pupil.plans.exclude(status=Plan.Status.DRAFT).order_by("-version"):
        if in_force is not None and plan.pk == in_force.pk:
            state = "In use now"
        elif plan.status == Plan.Status.REVIEWED:
            state = "Reviewed"
        else:
            state = "Replaced by a newer version"
        rows.append(VersionRow(plan=plan, state=state))
    return rows


@dataclass(frozen=True)
class MeetingDate:
    on: dt.date
    what: str


def meeting_dates(pupil: Pupil) -> list[MeetingDate]:
    """Reviews held and conversations with the family (meetings, calls), newest first."""
    from sensupport.reviews.models import Review

    dates = [
        MeetingDate(on=r.held_on, what=f"Review of the support plan (version {r.plan.version})")
        for r in Review.objects.filter(plan__pupil=pupil).select_related("plan")
    ]
    for conversation in pupil.parent_conversations.meetings():
        dates.append(
            MeetingDate(
                on=conversation.held_on,
                what=f"{METHOD_PLAIN.get(conversation.method, conversation.get_method_display())}: "
                f"{PURPOSE_PLAIN.get(conversation.purpose, conversation.get_purpose_display().lower())}",
            )
        )
    return sorted(dates, key=lambda d: d.on, reverse=True)


def meeting_summaries(pupil: Pupil) -> list[MeetingSummary]:
    """Newest first, each with plain_title (short forms spelled out)."""
    summaries = list(pupil.meeting_summaries.order_by("-held_on", "-id"))
    for summary in summaries:
        summary.plain_title = expand_acronyms(summary.title)
    return summaries


def get_meeting_summary(pupil: Pupil, summary_id) -> MeetingSummary:
    """Raises MeetingSummary.DoesNotExist for another child's summary."""
    summary = pupil.meeting_summaries.get(pk=summary_id)
    summary.plain_title = expand_acronyms(summary.title)
    return summary


def consents_for(pupil: Pupil):
    return pupil.consents.select_related(
        "professional", "requested_by", "requested_by__school", "given_by", "withdrawn_by"
    )


def consent_title(consent: Consent, possessive: str) -> str:
    """possessive: "Peter’s", or "your" on a young person's own record."""
    if consent.kind == Consent.Kind.SHARING:
        who = consent.professional.display_name if consent.professional else "an outside professional"
        org = (
            f" ({consent.professional.organisation_name})"
            if consent.professional and consent.professional.organisation_name
            else ""
        )
        return f"Sharing {possessive} record with {who}{org}"
    if consent.professional:
        return f"A referral to {consent.professional.display_name}" + (
            f" ({consent.professional.organisation_name})" if consent.professional.organisation_name else ""
        )
    return "A referral to an outside service"


CONCERN_DECISIONS_SHOWN_FOR = dt.timedelta(days=120)


def concerns_for_family(pupil, *, name: str, is_self: bool, now=None) -> list[dict]:
    """Open concerns, and decisions of the last four months, in the family's words
    (portal/concern_words.py): never the staff's notes or who raised it."""
    from sensupport.pupils.models import Concern

    from .concern_words import concern_for_family

    since = (now or timezone.now()) - CONCERN_DECISIONS_SHOWN_FOR
    rows = pupil.concerns.filter(~Q(status=Concern.Status.CLOSED) | Q(decided_at__gte=since)).order_by("-raised_at")
    return [
        {
            "raised_on": concern.raised_at,
            "decided_on": concern.decided_at,
            "words": concern_for_family(
                name=name,
                is_self=is_self,
                broad_area=concern.broad_area,
                is_open=concern.is_open,
                decision=concern.decision,
            ),
        }
        for concern in rows.only("raised_at", "decided_at", "broad_area", "status", "decision")
    ]
