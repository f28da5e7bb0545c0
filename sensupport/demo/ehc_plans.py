"""The demo's EHC plans (issue 12): every pupil of Willow Bank School (the special school) recorded as
having an EHC plan gets the plan itself, issued by the demo LA's officer through the ehc app's
services, with its last annual review recorded; three reviews fall due within eight weeks and one is
overdue, and one Year 6 pupil's plan has already been amended for the move to secondary school.

The plan keeps the date the school's summary had (so the SEN status history stays as it was); the
last review meeting is placed so each plan's next review falls where the demo wants it.
"""

from __future__ import annotations

import datetime as dt

from sensupport.accounts.models import Role, User
from sensupport.ehc import plan_rules
from sensupport.ehc import plan_services as ehc
from sensupport.organisations.models import School
from sensupport.pupils.ehc import add_months
from sensupport.pupils.models import Pupil

NEED_WORDS = {
    "ASD": (
        "Autism: {name} finds changes to routine, busy rooms and unstructured times very hard, and "
        "communicates best with visual supports.",
        "A consistent visual timetable; a low-arousal work station; a trained adult to prepare {name} for "
        "changes; speech and language therapy programme reviewed each term.",
    ),
    "SLD": (
        "Severe learning difficulties: {name} is working well below age-related expectations and learns best "
        "through practical, sensory and repeated activities.",
        "Teaching in a class of no more than 10 with a high adult ratio; a personalised curriculum; "
        "Makaton and symbols across the day.",
    ),
    "PMLD": (
        "Profound and multiple learning difficulties with complex health needs: {name} communicates through "
        "facial expression, vocalisation and eye gaze.",
        "1:1 adult support throughout the day; a sensory curriculum; physiotherapy programme delivered daily "
        "by trained staff; intensive interaction sessions.",
    ),
    "SLCN": (
        "Speech, language and communication needs: {name} has difficulty understanding spoken instructions "
        "and putting sentences together.",
        "Speech and language therapy: 30 minutes weekly by a therapist and a daily programme by a trained "
        "assistant; key vocabulary pre-taught for each topic.",
    ),
    "SEMH": (
        "Social, emotional and mental health needs: {name} becomes very anxious at transitions and can "
        "leave the room when overwhelmed.",
        "A key adult at the start and end of each day; a calm space {name} can use; weekly sessions with the "
        "school's emotional literacy support assistant.",
    ),
    "PD": (
        "Physical disability: {name} uses a wheelchair and needs help with personal care and fine-motor tasks.",
        "Occupational therapy programme; adapted equipment; trained adults for moving and handling and "
        "personal care; a laptop for written work.",
    ),
}
OTHER_WORDS = (
    "Complex learning needs: {name} is working well below age-related expectations in most areas.",
    "Teaching in a small class with a high adult ratio; a personalised curriculum with termly targets.",
)
OUTCOMES = (
    "By the end of the key stage {name} will communicate their wants and needs to familiar and unfamiliar "
    "adults using their preferred method.\n"
    "{name} will take part in a group activity for 15 minutes with the support of one adult.\n"
    "{name} will travel to a familiar place in the community with support, following a visual route."
)
VIEWS = (
    "{name} enjoys music, swimming and being outside. {name}'s family want them to be as independent as "
    "possible and to have friends. {name} says they like their class and the sensory room."
)
# Days from today to each designated plan's next annual review: one overdue, three due soon.
OVERDUE_IN, DUE_SOON_IN = -12, (12, 27, 44)


def _officer(la_id) -> User | None:
    return User.objects.filter(role=Role.LA_OFFICER, local_authority_id=la_id, is_active=True).order_by("pk").first()


def _sections(pupil: Pupil, school: School) -> dict:
    name = pupil.preferred_forename or pupil.forename
    primary = pupil.needs.filter(rank=1, end_date__isnull=True).first()
    needs, provision = NEED_WORDS.get(primary.need_type if primary else "", OTHER_WORDS)
    return {
        "views": VIEWS.format(name=name),
        "needs": needs.format(name=name),
        "health_needs": "Seen by the community paediatrician each year."
        if primary and primary.need_type in ("PMLD", "PD")
        else "",
        "social_care_needs": "",
        "outcomes": OUTCOMES.format(name=name),
        "provision": provision.format(name=name),
        "health_provision": "",
        "social_care_provision_h1": "",
        "social_care_provision_h2": "Short breaks: one weekend a month.",
        "placement_name": school.name,
        "placement_type": "Community special school",
        "personal_budget": "",
        "advice": "Educational psychology advice; speech and language therapy report; the school's report.",
    }


def _past_review(plan, *, held: dt.date, senco, officer) -> None:
    review = ehc.annual_review_schedule(actor=senco, plan=plan, meeting_on=held, phase_transfer=False)
    ehc.annual_review_invitations(
        actor=senco,
        review=review,
        sent_on=held - dt.timedelta(days=21),
        invited="Parents, the pupil, the LA's SEN team, the class teacher, the speech and language therapist",
    )
    ehc.annual_review_meeting(actor=senco, review=review, held_on=held, attendees="Parents, class teacher, SENCO")
    ehc.annual_review_report(
        actor=senco,
        review=review,
        sent_on=held + dt.timedelta(days=9),
        report="Good progress towards most outcomes; the provision is working and should continue.",
        recommendation="no_change",
        family_views="We are happy with how things are going at school.",
        pupil_views="I like my class and swimming.",
    )
    ehc.annual_review_decide(
        actor=officer, review=review, decision="no_change", decided_on=held + dt.timedelta(days=20)
    )


def load(*, schools: dict, sencos: dict, today: dt.date, key: str = "willow") -> dict[str, int]:
    """Willow Bank's EHC plans and annual reviews. Returns counts for the demo's summary."""
    school, senco = schools[key], sencos[key]
    pupils = list(
        Pupil.objects.filter(school=school, sen_status="E")
        .select_related("school__local_authority", "home_local_authority", "ehc_summary")
        .order_by("surname", "forename", "pk")
    )
    # Designated plans: those old enough to have had a review (issued more than two years ago).
    old = [p for p in pupils if p.ehc_summary.issued_on <= today - dt.timedelta(days=730)]
    targets = {p.pk: today + dt.timedelta(days=d) for p, d in zip(old, (OVERDUE_IN, *DUE_SOON_IN))}
    counts = {"EHC plans": 0, "EHC annual reviews": 0}
    transfer_done = False
    for index, pupil in enumerate(pupils):
        officer = _officer(pupil.home_local_authority_id or school.local_authority_id)
        if officer is None:
            continue
        summary = pupil.ehc_summary
        issued = summary.issued_on
        draft = ehc.ehc_plan_start(actor=officer, pupil=pupil, sections=_sections(pupil, school))
        final = ehc.ehc_plan_issue(actor=officer, version=draft, issued_on=issued)
        counts["EHC plans"] += 1
        if pupil.pk in targets:
            held = add_months(targets[pupil.pk], -12)
        elif plan_rules.next_review_due(issued) <= today + dt.timedelta(days=plan_rules.DUE_SOON_DAYS):
            # Not designated but due (or overdue) by its own dates: reviewed 30 to 250 days ago, so
            # its next review is comfortably ahead.
            held = today - dt.timedelta(days=30 + (index * 37) % 220)
        else:
            held = None  # a young plan: its first review is more than eight weeks away
        if held is not None:
            _past_review(final.plan, held=held, senco=senco, officer=officer)
            counts["EHC annual reviews"] += 1
        if not transfer_done and pupil.year_group == "6" and pupil.pk not in targets:
            amended = ehc.ehc_plan_amend(actor=officer, plan=final.plan, reason="Phase transfer to secondary school")
            ehc.ehc_plan_draft_update(
                actor=officer,
                version=amended,
                sections={"placement_name": "Hillcrest Academy (resourced provision)", "placement_type": "Academy"},
            )
            ehc.ehc_plan_issue(actor=officer, version=amended, issued_on=today - dt.timedelta(days=14))
            transfer_done = True
    return counts
