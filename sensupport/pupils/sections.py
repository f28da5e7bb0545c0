"""Which parts of the staff pupil page (`pupils:pupil`) each role sees. One decision, made here:
the view loads only these parts and the template shows only these parts; the register's open
concerns column asks the same question.

Scope (which pupils) is `Pupil.objects.visible_to`; this module only decides, for a pupil already
in scope, which parts of their record the role's work needs. Pure: a role in, plain values out.
"""

from __future__ import annotations

from dataclasses import dataclass

from sensupport.accounts.models import FAMILY_ROLES, SCHOOL_ROLES, Role

# Parents, carers and young people (accounts' FAMILY_ROLES) have their own pages in the family
# portal (`portal:child`: the plan in plain words, meetings and their written summaries, consents,
# messages). The staff page is written for staff; the school's working notes on it are not theirs
# to read there.


@dataclass(frozen=True)
class PupilPageSections:
    identity: bool = False  # legal and preferred name, UPN, date of birth, sex, year group, home LA
    classes: bool = False  # the classes and groups the pupil is taught in
    parents: bool = False  # names of parents and carers, and parental responsibility
    sen_status: bool = False  # current status and its dated history, with the recorded reasons
    needs: bool = False  # current ranked needs
    plan: bool = False  # the support plan summary and link (plans.view_plan decides the rest)
    concerns: bool = False  # what staff noticed, who raised it, the SENCO's decision
    parent_conversations: bool = False  # what was said with the family, in the school's notes
    with_the_family: bool = False  # links to messages, the pupil's voice, consents, leaving
    who_can_see: bool = False  # the people with access and why; the audit trail link


NOTHING = PupilPageSections()

# School staff keep the record: they see all of it (what they may *change* is permissions.py).
SCHOOL_STAFF = PupilPageSections(
    identity=True,
    classes=True,
    parents=True,
    sen_status=True,
    needs=True,
    plan=True,
    concerns=True,
    parent_conversations=True,
    with_the_family=True,
    who_can_see=True,
)

# The LA officer monitors SEN Support and EHC plans across the area and weighs requests for an
# EHC needs assessment: that needs who the pupil is, their status and its history (the dated
# record of the graduated approach, with the school's reasons), their needs and the plan. It does
# not need the school's working notes on concerns (unconfirmed observations, named staff) or the
# family's conversations with the school: when the LA needs evidence, the school sends it with a
# request and the family's consent. Classes and parents' names are the school's business.
LA_OFFICER = PupilPageSections(identity=True, sen_status=True, needs=True, plan=True)

# The outside professional (an educational psychologist, a speech and language therapist) was
# shared this pupil for a purpose, with the family's consent: to assess and advise. That needs the
# status, needs and plan, the class they will observe in and the names of the parents they will
# meet. Not the school's concern notes (the professional forms their own view; evidence the school
# wants them to see goes with the referral) nor the family's conversations with the school, which
# the family did not agree to share.
PROFESSIONAL = PupilPageSections(identity=True, classes=True, parents=True, sen_status=True, needs=True, plan=True)


def pupil_page_sections(role: str) -> PupilPageSections:
    """The parts of the staff pupil page a role sees. Families see none of it: they are sent to
    their own page in the family portal (`uses_family_portal`). Anyone else: nothing."""
    if role in SCHOOL_ROLES:
        return SCHOOL_STAFF
    if role == Role.LA_OFFICER:
        return LA_OFFICER
    if role == Role.PROFESSIONAL:
        return PROFESSIONAL
    return NOTHING


def uses_family_portal(role: str) -> bool:
    """Parents, carers and young people read a pupil's record in the family portal, not on the
    staff pages (the pupil page and the register send them there)."""
    return role in FAMILY_ROLES
