"""Demoshire's Local Offer (issue 13): 40+ services from the council, the NHS, voluntary groups and
the three schools' SEN offers, across categories, needs and ages; a few not checked for over a
year; one change a provider has proposed and the LA has not yet decided; Peter's plan signposting
one support line to a service. Written in bulk (the demo describes a past), except the pending
change and the signpost, which go through the services."""

from __future__ import annotations

import datetime as dt

from sensupport.accounts.models import Role
from sensupport.audit.models import AuditEvent
from sensupport.local_offer import services
from sensupport.local_offer.models import (
    Location,
    OpeningTime,
    Provider,
    ProviderEditor,
    Service,
    ServiceChange,
    Taxonomy,
    TaxonomyTerm,
)
from sensupport.plans.models import Plan

from .register import new_user

COMMAND = AuditEvent.Via.COMMAND

CATEGORIES = {
    "education": ("Education and learning", "Support in nurseries, schools and colleges"),
    "health": ("Health", "NHS and therapy services"),
    "mental": ("Mental health and wellbeing", "Emotional and mental health support"),
    "care": ("Social care and short breaks", "Care, respite and short breaks for families"),
    "leisure": ("Leisure and activities", "Clubs, sport and things to do"),
    "advice": ("Advice and family support", "Information, advice and support for parents and carers"),
    "adult": ("Preparing for adulthood", "Moving on to work, college and independent living"),
    "early": ("Early years", "Support before school age"),
    "school": ("Schools' SEN offers", "What each school offers pupils with SEN"),
}
NEEDS = {  # the DfE census codes (../shared/data/sen_codes_compiled.csv)
    "ASD": "Autism",
    "SLCN": "Speech, language and communication needs",
    "SEMH": "Social, emotional and mental health",
    "SPLD": "Specific learning difficulty (such as dyslexia)",
    "MLD": "Moderate learning difficulty",
    "SLD": "Severe learning difficulty",
    "PMLD": "Profound and multiple learning difficulty",
    "HI": "Hearing impairment",
    "VI": "Vision impairment",
    "PD": "Physical disability",
}
AREAS = ("Northgate", "Riverside", "Eastmoor", "Westbrook", "Southfield")

PROVIDERS = {
    "council": ("Demoshire County Council", "la", "The council's SEND, education and social care services."),
    "sendiass": ("Demoshire SENDIASS", "la", "Free, impartial information, advice and support about SEND."),
    "nhs": ("Demoshire Community Health NHS Trust", "health", "Community children's health services."),
    "camhs": ("Demoshire CAMHS", "health", "Child and adolescent mental health services."),
    "forum": ("Demoshire Parent Carer Forum", "voluntary", "Parents and carers of children with SEND."),
    "autism": ("Autism Support Demoshire", "voluntary", "A charity run by and for autistic people and families."),
    "youth": ("Riverside Youth Trust", "voluntary", "Youth clubs and holiday schemes across Demoshire."),
    "deaf": ("Sound Start", "voluntary", "Support for deaf children and their families."),
    "sight": ("Clear Sight Demoshire", "voluntary", "Support for children with vision impairment."),
    "minds": ("Young Minds Together Demoshire", "voluntary", "Wellbeing groups for children and teenagers."),
}

WEEKDAYS_9_TO_5 = [(d, "09:00", "17:00") for d in range(5)]

# (provider, name, categories, needs, min age, max age, cost, area or "" for online, times, how to access, what)
SERVICES = [
    (
        "council",
        "SEND Information Point",
        ["advice"],
        [],
        0,
        25,
        "",
        "Northgate",
        WEEKDAYS_9_TO_5,
        "Phone, email or drop in.",
        "Help finding your way around SEND support in Demoshire.",
    ),
    (
        "council",
        "Educational Psychology Service",
        ["education"],
        ["SEMH", "MLD", "SPLD", "ASD"],
        0,
        25,
        "",
        "Northgate",
        WEEKDAYS_9_TO_5,
        "Through your child's school or nursery.",
        "Assessment and advice for children whose learning or wellbeing is a concern.",
    ),
    (
        "council",
        "Specialist Teaching Outreach",
        ["education"],
        ["ASD", "SLCN", "SPLD", "MLD"],
        4,
        16,
        "",
        "Riverside",
        WEEKDAYS_9_TO_5,
        "Schools refer; parents can ask the SENCO.",
        "Specialist teachers who advise schools and work with pupils.",
    ),
    (
        "council",
        "Sensory Support Service",
        ["education"],
        ["HI", "VI"],
        0,
        25,
        "",
        "Eastmoor",
        WEEKDAYS_9_TO_5,
        "Referral by a health professional or school.",
        "Teachers of the deaf and of children with vision impairment.",
    ),
    (
        "council",
        "SEND Transport",
        ["education"],
        [],
        4,
        19,
        "",
        "",
        WEEKDAYS_9_TO_5,
        "Apply online; the council decides within 20 school days.",
        "Home to school travel for eligible pupils.",
    ),
    (
        "council",
        "Short Breaks Team",
        ["care"],
        ["SLD", "PMLD", "ASD", "PD"],
        0,
        18,
        "",
        "Westbrook",
        WEEKDAYS_9_TO_5,
        "Ask for a short breaks assessment.",
        "Breaks for disabled children and their carers.",
    ),
    (
        "council",
        "Children with Disabilities Social Work Team",
        ["care"],
        ["SLD", "PMLD", "PD"],
        0,
        18,
        "",
        "Northgate",
        WEEKDAYS_9_TO_5,
        "Contact the Front Door team.",
        "Social work support for disabled children.",
    ),
    (
        "council",
        "Preparing for Adulthood Team",
        ["adult"],
        [],
        14,
        25,
        "",
        "Southfield",
        WEEKDAYS_9_TO_5,
        "Through the EHC plan annual review from Year 9.",
        "Planning for work, housing and independence.",
    ),
    (
        "council",
        "Supported Internships",
        ["adult", "education"],
        ["MLD", "SLD", "ASD"],
        16,
        24,
        "",
        "Riverside",
        [(0, "09:00", "15:00"), (2, "09:00", "15:00")],
        "Apply through your college.",
        "A year of learning at work with a job coach.",
    ),
    (
        "council",
        "Early Years Inclusion Team",
        ["early"],
        ["SLCN", "ASD", "PD"],
        0,
        5,
        "",
        "Eastmoor",
        WEEKDAYS_9_TO_5,
        "Through your nursery or health visitor.",
        "Support for young children in early years settings.",
    ),
    (
        "council",
        "Portage Home Visiting",
        ["early"],
        ["SLD", "PMLD", "PD"],
        0,
        4,
        "",
        "",
        WEEKDAYS_9_TO_5,
        "Referral by a health visitor or paediatrician.",
        "Home visits to help young children learn through play.",
    ),
    (
        "council",
        "Inclusive Play Scheme",
        ["leisure", "care"],
        ["ASD", "SLD", "PD"],
        5,
        14,
        "£10 a day",
        "Westbrook",
        [(0, "10:00", "15:00"), (1, "10:00", "15:00"), (2, "10:00", "15:00")],
        "Book online for the school holidays.",
        "Holiday play with trained staff for disabled children.",
    ),
    (
        "sendiass",
        "SENDIASS Helpline",
        ["advice"],
        [],
        0,
        25,
        "",
        "",
        [(d, "09:30", "16:30") for d in range(5)],
        "Phone or email; no referral needed.",
        "Impartial advice on SEN Support, EHC plans and appeals.",
    ),
    (
        "sendiass",
        "Independent Supporters for EHC needs assessments",
        ["advice"],
        [],
        0,
        25,
        "",
        "",
        WEEKDAYS_9_TO_5,
        "Ask the helpline.",
        "Someone to help your family through an EHC needs assessment.",
    ),
    (
        "sendiass",
        "Young People's SEND Advice",
        ["advice", "adult"],
        [],
        16,
        25,
        "",
        "",
        [(3, "12:00", "18:00")],
        "Message or phone.",
        "Advice for young people in their own right.",
    ),
    (
        "nhs",
        "Children's Speech and Language Therapy",
        ["health"],
        ["SLCN", "ASD"],
        0,
        18,
        "",
        "Riverside",
        WEEKDAYS_9_TO_5,
        "Parents can refer themselves, or through the school or GP.",
        "Assessment and therapy for talking, understanding and swallowing.",
    ),
    (
        "nhs",
        "Children's Occupational Therapy",
        ["health"],
        ["PD", "ASD", "SPLD"],
        0,
        18,
        "",
        "Eastmoor",
        WEEKDAYS_9_TO_5,
        "Referral by a GP, paediatrician or school.",
        "Help with everyday skills and sensory needs.",
    ),
    (
        "nhs",
        "Children's Physiotherapy",
        ["health"],
        ["PD", "PMLD"],
        0,
        18,
        "",
        "Eastmoor",
        WEEKDAYS_9_TO_5,
        "Referral by a GP or paediatrician.",
        "Help with movement and posture.",
    ),
    (
        "nhs",
        "Community Paediatrics",
        ["health"],
        ["ASD", "PD", "SLD"],
        0,
        18,
        "",
        "Northgate",
        WEEKDAYS_9_TO_5,
        "Referral by a GP.",
        "Doctors for children with developmental and complex needs.",
    ),
    (
        "nhs",
        "Neurodevelopmental Assessment Pathway",
        ["health"],
        ["ASD"],
        4,
        18,
        "",
        "Northgate",
        WEEKDAYS_9_TO_5,
        "Referral by the school SENCO or GP.",
        "Assessment for autism and ADHD.",
    ),
    (
        "nhs",
        "School Nursing",
        ["health"],
        [],
        5,
        19,
        "",
        "",
        WEEKDAYS_9_TO_5,
        "Through school, or text the ChatHealth line.",
        "Health advice and care plans in school.",
    ),
    (
        "nhs",
        "Audiology",
        ["health"],
        ["HI"],
        0,
        18,
        "",
        "Southfield",
        WEEKDAYS_9_TO_5,
        "Referral by a GP or health visitor.",
        "Hearing tests and hearing aids.",
    ),
    (
        "nhs",
        "Children's Continence Service",
        ["health"],
        [],
        4,
        19,
        "",
        "Westbrook",
        [(1, "09:00", "13:00")],
        "Referral by a GP or school nurse.",
        "Help with toilet training and continence.",
    ),
    (
        "camhs",
        "CAMHS Getting Help",
        ["mental", "health"],
        ["SEMH"],
        5,
        18,
        "",
        "Northgate",
        WEEKDAYS_9_TO_5,
        "Referral by a GP or school; 16 and over can refer themselves.",
        "Assessment and therapy for mental health.",
    ),
    (
        "camhs",
        "Mental Health Support Team in Schools",
        ["mental"],
        ["SEMH"],
        5,
        18,
        "",
        "",
        WEEKDAYS_9_TO_5,
        "Through a school in the scheme.",
        "Low-intensity support for anxiety and low mood in school.",
    ),
    (
        "camhs",
        "CAMHS Learning Disability Team",
        ["mental", "health"],
        ["SLD", "PMLD", "SEMH"],
        5,
        18,
        "",
        "Riverside",
        WEEKDAYS_9_TO_5,
        "Referral by a professional.",
        "Mental health support for children with a learning disability.",
    ),
    (
        "forum",
        "Parent Carer Coffee Mornings",
        ["advice"],
        [],
        0,
        25,
        "",
        "Westbrook",
        [(2, "10:00", "12:00")],
        "Drop in.",
        "Meet other parents and carers of children with SEND.",
    ),
    (
        "forum",
        "Understanding SEN Support workshop",
        ["advice"],
        [],
        0,
        25,
        "",
        "",
        [(3, "19:00", "20:30")],
        "Book online.",
        "What SEN Support should look like, and how to work with your child's school.",
    ),
    (
        "autism",
        "Autism Family Support Group",
        ["advice", "mental"],
        ["ASD"],
        0,
        25,
        "",
        "Riverside",
        [(5, "10:00", "12:00")],
        "Drop in; no diagnosis needed.",
        "The local autism support group for parents and carers.",
    ),
    (
        "autism",
        "Autistic Teens Social Club",
        ["leisure"],
        ["ASD"],
        12,
        18,
        "£3 a session",
        "Northgate",
        [(4, "18:00", "20:00")],
        "Phone to arrange a first visit.",
        "A calm social evening for autistic teenagers.",
    ),
    (
        "autism",
        "After Diagnosis Course",
        ["advice"],
        ["ASD"],
        0,
        18,
        "",
        "",
        [(1, "19:00", "21:00")],
        "Book online.",
        "Six sessions for parents after their child's autism diagnosis.",
    ),
    (
        "youth",
        "Riverside Inclusive Youth Club",
        ["leisure"],
        ["MLD", "SLD", "ASD"],
        11,
        19,
        "£2 a session",
        "Riverside",
        [(1, "18:00", "20:30")],
        "Just come along with a parent the first time.",
        "A youth club with extra staff and a quiet room.",
    ),
    (
        "youth",
        "Holiday Activity Scheme",
        ["leisure"],
        [],
        5,
        16,
        "Free for children on free school meals, £15 a day otherwise",
        "Southfield",
        [(0, "09:00", "15:00"), (1, "09:00", "15:00")],
        "Book online.",
        "Sport and crafts in the holidays.",
    ),
    (
        "youth",
        "Wheelchair Sports Club",
        ["leisure"],
        ["PD"],
        8,
        18,
        "£4 a session",
        "Eastmoor",
        [(5, "09:30", "11:30")],
        "Phone the club.",
        "Basketball and other sports for wheelchair users.",
    ),
    (
        "deaf",
        "Sound Start Family Group",
        ["advice", "early"],
        ["HI"],
        0,
        11,
        "",
        "Southfield",
        [(5, "10:00", "12:00")],
        "Drop in.",
        "Play and support for deaf children and their families.",
    ),
    (
        "deaf",
        "Sign Language for Families",
        ["advice"],
        ["HI"],
        0,
        25,
        "£20 a term",
        "",
        [(2, "18:30", "20:00")],
        "Book online.",
        "British Sign Language classes for families.",
    ),
    (
        "sight",
        "Clear Sight Children's Group",
        ["leisure", "advice"],
        ["VI"],
        5,
        16,
        "",
        "Westbrook",
        [(5, "13:00", "15:00")],
        "Phone to join.",
        "Activities and mobility skills for children with vision impairment.",
    ),
    (
        "minds",
        "Calm Kids anxiety group",
        ["mental"],
        ["SEMH"],
        7,
        11,
        "",
        "Riverside",
        [(2, "16:00", "17:00")],
        "Parents can book a place; schools can signpost.",
        "A small group where 7 to 11 year olds learn ways to manage worry.",
    ),
    (
        "minds",
        "Teen Wellbeing Drop-in",
        ["mental"],
        ["SEMH"],
        12,
        18,
        "",
        "Northgate",
        [(3, "15:30", "18:00")],
        "Drop in.",
        "Someone to talk to about stress, worry and low mood.",
    ),
    (
        "minds",
        "Parents' Anxiety Workshop",
        ["mental", "advice"],
        ["SEMH"],
        0,
        18,
        "",
        "",
        [(1, "19:00", "20:30")],
        "Book online.",
        "How to help an anxious child at home.",
    ),
]
SCHOOL_OFFERS = {
    "oak": ("Oakfield Primary School SEN offer", ["SEMH", "SLCN", "SPLD", "MLD"], 4, 11, "Eastmoor"),
    "hillcrest": ("Hillcrest Academy SEN offer", ["ASD", "SPLD", "SEMH", "MLD"], 11, 16, "Northgate"),
    "willow": ("Willow Bank School SEN offer", ["SLD", "PMLD", "ASD", "PD"], 4, 19, "Westbrook"),
}
STALE = {"Children's Continence Service", "Wheelchair Sports Club", "Sign Language for Families"}


def _time(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def load(*, la, schools: dict, sencos: dict, peter, password_hash: str, logins: list, today: dt.date) -> dict[str, int]:
    from .builder import DEMO_DOMAIN, DemoLogin

    taxonomy = Taxonomy.objects.create(
        local_authority=la,
        name="Demoshire Local Offer categories",
        description="The kinds of service in Demoshire's Local Offer, chosen by the council",
        purpose=Taxonomy.Purpose.CATEGORY,
    )
    needs_taxonomy = Taxonomy.objects.create(
        local_authority=la,
        name="Special educational needs",
        description="The needs a service is for, by the DfE school census codes",
        purpose=Taxonomy.Purpose.NEED,
    )
    category = {
        key: TaxonomyTerm.objects.create(taxonomy=taxonomy, name=name, description=text)
        for key, (name, text) in CATEGORIES.items()
    }
    need = {
        code: TaxonomyTerm.objects.create(taxonomy=needs_taxonomy, code=code, name=name, description=f"DfE code {code}")
        for code, name in NEEDS.items()
    }
    providers = {
        key: Provider.objects.create(local_authority=la, name=name, kind=kind, description=text)
        for key, (name, kind, text) in PROVIDERS.items()
    }
    places = {
        area: Location.objects.create(
            name=f"{area} Family Hub",
            address_1=f"{10 + i} Market Street",
            city="Demochester",
            area=area,
            postcode=f"DM{i + 1} 2AB",
        )
        for i, area in enumerate(AREAS)
    }
    rows = list(SERVICES)
    for key, (name, needs, low, high, area) in SCHOOL_OFFERS.items():
        school = schools[key]
        providers[key] = Provider.objects.create(
            local_authority=la,
            name=school.name,
            kind=Provider.Kind.SCHOOL,
            school=school,
            description=f"{school.name}'s offer for pupils with special educational needs.",
        )
        rows.append(
            (
                key,
                name,
                ["school", "education"],
                needs,
                low,
                high,
                "",
                area,
                [(d, "08:45", "15:15") for d in range(5)],
                "Talk to the SENCO; you do not need a diagnosis.",
                f"How {school.name} identifies and supports pupils with SEN.",
            )
        )
    made = []
    for n, (provider, name, cats, codes, low, high, fees, area, times, how, what) in enumerate(rows):
        checked = today - dt.timedelta(days=400 + 30 * n % 200 if name in STALE else (n * 7) % 300)
        service = Service(
            provider=providers[provider],
            name=name,
            description=what,
            how_to_access=how,
            fees=fees,
            minimum_age=low,
            maximum_age=high,
            location=places.get(area),
            contact_name="Duty officer" if provider == "council" else "",
            email=f"{provider}@{DEMO_DOMAIN}",
            phone=f"01632 9{n:05d}"[:12],
            last_checked_on=checked,
        )
        made.append((service, [category[c] for c in cats] + [need[c] for c in codes], times))
    Service.objects.bulk_create([s for s, _, _ in made])
    Service.terms.through.objects.bulk_create(
        [Service.terms.through(service_id=s.pk, taxonomyterm_id=t.pk) for s, terms, _ in made for t in terms]
    )
    OpeningTime.objects.bulk_create(
        [
            OpeningTime(service=s, weekday=d, opens_at=_time(o), closes_at=_time(c))
            for s, _, times in made
            for d, o, c in times
        ]
    )

    # Editors: Oakfield's SENCO keeps the school's offer; a voluntary group's coordinator their group's.
    coordinator = new_user(
        f"provider@{DEMO_DOMAIN}",
        Role.PROFESSIONAL,
        "Sam",
        "Okafor",
        password_hash,
        organisation_name="Young Minds Together Demoshire",
    )
    coordinator.save()
    ProviderEditor.objects.bulk_create(
        [
            ProviderEditor(provider=providers["minds"], user=coordinator),
            ProviderEditor(provider=providers["oak"], user=sencos["oak"]),
        ]
    )
    logins.append(
        DemoLogin(
            coordinator.email, Role.PROFESSIONAL.label, PROVIDERS["minds"][0], "edits the group's Local Offer entries"
        )
    )
    # One change waiting for the LA: the teen drop-in adds a Friday session.
    drop_in = Service.objects.get(provider=providers["minds"], name="Teen Wellbeing Drop-in")
    proposal = services.current_values(drop_in)
    proposal["opening_times"] += "\nFriday 15:30-18:00"
    proposal["description"] = drop_in.description + " Now on Fridays too."
    services.service_change_propose(
        actor=coordinator, service=drop_in, proposed=proposal, note="We have a second youth worker.", via=COMMAND
    )
    # Peter's plan in force: one support line points to the anxiety group.
    plan = peter.plans.filter(status__in=[Plan.Status.AGREED, Plan.Status.ACTIVE]).order_by("-version").first()
    signposts = 0
    if plan is not None and (line := plan.provisions.order_by("order", "id").first()) is not None:
        group = Service.objects.get(name="Calm Kids anxiety group")
        services.signpost_set(actor=sencos["oak"], provision=line, service=group, via=COMMAND)
        signposts = 1
    return {"Local Offer services": len(made), "Local Offer signposts": signposts}


def wipe(la) -> int:
    """The demo LA's Local Offer (plans' signposts went with the pupils), before its schools go."""
    if la is None:
        return 0
    services_qs = Service.objects.filter(provider__local_authority=la)
    # The trail of the Local Offer's own rows (no pupil, no school: the builder's wipe misses them).
    row_ids = [str(pk) for pk in services_qs.values_list("pk", flat=True)]
    row_ids += [str(pk) for pk in ServiceChange.objects.filter(service__in=services_qs).values_list("pk", flat=True)]
    row_ids += [str(pk) for pk in la.local_offer_feedback.values_list("pk", flat=True)]
    AuditEvent.objects.filter(
        pupil=None,
        target__in=[
            AuditEvent.Target.LOCAL_OFFER_SERVICE,
            AuditEvent.Target.LOCAL_OFFER_CHANGE,
            AuditEvent.Target.LOCAL_OFFER_FEEDBACK,
        ],
        target_id__in=row_ids,
    ).delete()
    location_ids = list(services_qs.exclude(location=None).values_list("location_id", flat=True))
    removed = services_qs.delete()[0]
    removed += Location.objects.filter(pk__in=location_ids).delete()[0]
    removed += Provider.objects.filter(local_authority=la).delete()[0]
    removed += TaxonomyTerm.objects.filter(taxonomy__local_authority=la).delete()[0]
    removed += Taxonomy.objects.filter(local_authority=la).delete()[0]
    removed += la.local_offer_feedback.all().delete()[0]
    return removed
