"""Schedule 1 to the SEND Regulations 2014 (reg 51): what a school's SEN information report must
say, one item each, with words a school starts from. Pure: plain values in, text out.

The keys are stable (they name the stored words and the item's page); the order is the Schedule's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Where the site's own Local Offer lives (the local_offer app, issue 13 item 3): one constant until
# that app offers a URL name to reverse.
LOCAL_OFFER_PATH = "/local-offer/"
MAX_WORDS_LENGTH = 6000


@dataclass(frozen=True)
class Item:
    key: str
    ref: str  # the Schedule's paragraph: "1", "3(a)"
    title: str
    hint: str  # what the regulation asks, in plain words, for the form
    draft: str  # a first draft; {school}, {la}, {senco}, {senco_email} filled in


ITEMS: tuple[Item, ...] = (
    Item(
        "kinds_of_sen",
        "1",
        "The kinds of special educational needs we provide for",
        "The kinds of special educational needs the school makes provision for.",
        "{school} is a mainstream school that welcomes children with special educational needs and "
        "disabilities. We provide for needs in all four broad areas of the SEND Code of Practice: communication "
        "and interaction; cognition and learning; social, emotional and mental health; and sensory and/or "
        "physical needs.",
    ),
    Item(
        "identification",
        "2",
        "How we identify and assess special educational needs",
        "The school's policies for identifying children with SEN and assessing their needs.",
        "Teachers check every pupil's progress each term. When a pupil makes less progress than expected, the "
        "class teacher talks to the SENCO and the family. We gather what the pupil, their parents and their "
        "teachers know, use assessments where they help, and decide together whether the pupil needs SEN "
        "Support. Parents are told when their child is placed on SEN Support and why.",
    ),
    Item(
        "evaluating_provision",
        "3(a)",
        "How we check our support works",
        "How the school evaluates the effectiveness of its provision for pupils with SEN.",
        "Every intervention has a measure taken when a pupil starts and when they finish. The SENCO looks at "
        "these results each term with the head teacher and reports to the governing body once a year. Support "
        "that does not help is changed.",
    ),
    Item(
        "assessing_progress",
        "3(b)",
        "How we assess and review progress",
        "The school's arrangements for assessing and reviewing the progress of pupils with SEN.",
        "Each pupil on SEN Support has a plan with outcomes we agree with them and their family. We follow the "
        "graduated approach: assess, plan, do, review. Plans are reviewed with parents at least three times a "
        "year, and sooner if anyone asks.",
    ),
    Item(
        "teaching",
        "3(c)",
        "Our approach to teaching pupils with SEN",
        "The school's approach to teaching pupils with SEN.",
        "High-quality teaching, adapted for each pupil, comes first. Class teachers are responsible for the "
        "progress of every pupil in their class, including pupils who get extra support from teaching assistants "
        "or specialist staff.",
    ),
    Item(
        "adaptations",
        "3(d)",
        "How we adapt the curriculum and the learning environment",
        "How the school adapts the curriculum and learning environment for pupils with SEN.",
        "We adapt how lessons are taught and what pupils use to learn: visual timetables, pre-teaching of "
        "vocabulary, writing frames, quiet spaces and movement breaks. Our accessibility plan sets out how we "
        "make the buildings easier to use.",
    ),
    Item(
        "additional_support",
        "3(e)",
        "Additional support for learning",
        "Additional support for learning that is available to pupils with SEN.",
        "Beyond adapted teaching, pupils may take part in small-group or one-to-one interventions run by "
        "trained staff. The interventions we offer are listed below.",
    ),
    Item(
        "activities",
        "3(f)",
        "Taking part in everything the school does",
        "How the school enables pupils with SEN to engage in its activities, including physical activities, "
        "together with children who do not have SEN.",
        "Pupils with SEN take part in all school activities, trips, clubs and sport. We plan ahead with families "
        "so that reasonable adjustments are in place.",
    ),
    Item(
        "wellbeing",
        "3(g)",
        "Support for emotional, mental and social development",
        "Support available for improving the emotional, mental and social development of pupils with SEN.",
        "Every class has a trusted adult. We run social skills and emotional literacy groups, and work with "
        "school nursing and mental health support teams when a pupil needs more.",
    ),
    Item(
        "senco",
        "4",
        "Our SENCO",
        "The name and contact details of the SEN co-ordinator.",
        "Our special educational needs co-ordinator (SENCO) is {senco}. You can contact them at {senco_email} "
        "or through the school office.",
    ),
    Item(
        "staff_expertise",
        "5",
        "Staff expertise and training",
        "The expertise and training of staff in relation to SEN, and how specialist expertise is secured.",
        "All staff have training on special educational needs each year. Our SENCO holds, or is working "
        "towards, the national qualification for SENCOs. We buy in specialist advice, such as educational "
        "psychology and speech and language therapy, when a pupil needs it.",
    ),
    Item(
        "equipment",
        "6",
        "Equipment and facilities",
        "How equipment and facilities to support pupils with SEN are secured.",
        "We provide the equipment pupils need from our SEN budget, and ask health services and the local "
        "authority for specialist equipment.",
    ),
    Item(
        "consulting_parents",
        "7",
        "How we involve parents",
        "Arrangements for consulting parents of children with SEN and involving them in their child's education.",
        "Parents help write their child's plan and come to every review. They can see the plan, prepare for "
        "meetings and send us messages through sensupport, and can ask for a meeting at any time.",
    ),
    Item(
        "consulting_pupils",
        "8",
        "How we involve pupils",
        "Arrangements for consulting young people with SEN and involving them in their education.",
        "Pupils say what helps them and what they want to achieve, in their own words, and we write this into "
        "their plan. They are invited to their reviews.",
    ),
    Item(
        "complaints",
        "9",
        "Complaints",
        "Arrangements made by the governing body for complaints from parents of pupils with SEN about the "
        "provision made at the school.",
        "Please talk to the class teacher or SENCO first. If you are still unhappy, our complaints policy, on "
        "the school website, explains how to complain to the head teacher and then to the governing body.",
    ),
    Item(
        "other_bodies",
        "10",
        "Working with other services",
        "How the governing body involves other bodies, including health and social services, local authority "
        "support services and voluntary organisations, in meeting pupils' needs and supporting their families.",
        "We work with {la}'s support services, health services including speech and language therapy and "
        "CAMHS, social care and local voluntary groups. With the family's consent we refer pupils to them and "
        "act on their advice.",
    ),
    Item(
        "parent_support",
        "11",
        "Support services for parents",
        "Contact details of support services for parents of pupils with SEN, including the information, advice "
        "and support service (section 32 of the Children and Families Act 2014).",
        "{la}'s SEND Information, Advice and Support Service (SENDIASS) gives free, impartial, confidential "
        "advice to parents and young people. Its contact details are in the Local Offer.",
    ),
    Item(
        "transitions",
        "12",
        "Moving on: transitions",
        "Arrangements for supporting pupils with SEN moving between phases of education, or preparing for "
        "adulthood and independent living.",
        "We plan each move with the pupil, their family and the next school: extra visits, a transition book "
        "and a meeting between SENCOs. The pupil's plan and records go with them.",
    ),
    Item(
        "local_offer",
        "13",
        "The local authority's Local Offer",
        "Where the local authority's Local Offer is published.",
        "{la}'s Local Offer lists the services for children and young people with SEND and their families in the area.",
    ),
)

BY_KEY = {item.key: item for item in ITEMS}


def drafted_words(*, school: str, la: str, senco: str = "", senco_email: str = "") -> dict[str, str]:
    """A first draft of every item, in the school's name."""
    values = {
        "school": school,
        "la": la,
        "senco": senco or "[the SENCO's name]",
        "senco_email": senco_email or "[the SENCO's email address]",
    }
    return {item.key: item.draft.format(**values) for item in ITEMS}


def missing_items(words: dict[str, str]) -> list[Item]:
    """The items with no words: a report cannot be published with any (Schedule 1 asks for all)."""
    return [item for item in ITEMS if not (words.get(item.key) or "").strip()]


REVIEW_EVERY_DAYS = 365
REMIND_DAYS_BEFORE = 30


def review_due(published_on: dt.date) -> dt.date:
    """When a report published on this date should be reviewed: a year on (reg 51: "updated annually")."""
    return published_on + dt.timedelta(days=REVIEW_EVERY_DAYS)
