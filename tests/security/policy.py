"""Who may open which page: the expected policy, in one place, for the generated access tests.

Derived from the code's own rules (the `rules` predicates in */permissions.py, `Pupil.objects.visible_to`)
and from issue 7's corrections to them:

- School staff see only their school: SENCO, head and school administrator the whole school; a class
  teacher or teaching assistant the pupils in their classes.
- An LA officer sees pupils on SEN Support or with an EHC plan at the LA's schools or living in the
  LA, never a pupil with no SEN (issue 7, finding 3).
- Family roles (a parent with parental responsibility, a young person of 16 or over) use the portal
  under /family/. They never open a staff page (finding 6): the pupil page, the register, concerns,
  the audit trail. They do open the plan pages the portal links to (the plan, the one-page profile,
  the plan documents, asking for an early review), which the rules share with every reader of the plan.
- A parent without parental responsibility sees nothing. Separated parents share the child's record
  but each parent's own responses, messages and preparation stay theirs (finding 5).
- An outside professional sees a pupil only while a school shares the record with them.
- The service administrator and anonymous visitors see no pupil.

Rows:  URL name -> the roles that may open it for a pupil in their scope (or, with no pupil in the
URL, at all). Everyone else must get 403 or 404 (anonymous: a redirect to sign in, or 403 from the
API); a pupil or row out of the viewer's scope is 403 or 404 for everyone.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sensupport.accounts.models import Role
from sensupport.core.testing.access import ANONYMOUS, FAMILY, LEADS, STAFF, WHOLE_SCHOOL

# ---------------------------------------------------------------- Roles (sensupport/accounts/models.py Role)

SENCO, HEAD, SCHOOL_ADMIN, TEACHER, TA = (
    r.value for r in (Role.SENCO, Role.HEAD, Role.SCHOOL_ADMIN, Role.TEACHER, Role.TEACHING_ASSISTANT)
)
PARENT, YOUNG_PERSON, LA_OFFICER, PROFESSIONAL, SERVICE_ADMIN = (
    r.value for r in (Role.PARENT, Role.YOUNG_PERSON, Role.LA_OFFICER, Role.PROFESSIONAL, Role.SERVICE_ADMIN)
)

# The groups shared with every app's access tests (sensupport/core/testing/access.py): LEADS (triage,
# status, plans agreed, reviews, inbox), WHOLE_SCHOOL, STAFF, FAMILY. And this table's own:
REGISTER_KEEPERS = frozenset({SENCO, SCHOOL_ADMIN})  # imports, pupil details, leaver's CTF
WORKS_WITH_PUPILS = LEADS | {TEACHER, TA}  # talks to families, hears the pupil's voice
PLAN_EDITORS = LEADS | {TEACHER}
PLAN_READERS = STAFF | FAMILY | {LA_OFFICER, PROFESSIONAL}  # plans.view_plan
NOBODY: frozenset = frozenset()
PUBLIC = STAFF | FAMILY | {LA_OFFICER, PROFESSIONAL, SERVICE_ADMIN, ANONYMOUS}  # no sign-in (the Local Offer)
LOCAL_OFFER_SERVICE_ID = uuid.UUID("0b6f3c1e-9d3a-4f4e-8c2b-5a1d2e3f4a5b")  # world.py's one Local Offer service

# ---------------------------------------------------------------- The policy table

POLICY: dict[str, frozenset] = {
    # Home: staff see their dashboard; families are redirected to the portal.
    "core:home": STAFF | FAMILY | {LA_OFFICER, PROFESSIONAL, SERVICE_ADMIN},
    "accounts:school_security": frozenset({HEAD, SCHOOL_ADMIN}),
    # The register and the pupil page are staff pages (with the LA and a professional who has a share).
    "pupils:register": STAFF | {LA_OFFICER, PROFESSIONAL},
    "pupils:register_export": WHOLE_SCHOOL,
    "pupils:pupil": STAFF | {LA_OFFICER, PROFESSIONAL},
    "pupils:concern_raise": STAFF,
    "pupils:concern": STAFF,
    "pupils:parent_conversation_new": LEADS,
    "pupils:status_change": LEADS,
    "pupils:needs_edit": LEADS,
    "pupils:audit_trail": LEADS,
    # EHC plan summaries (issue 8): kept by the register's keepers, read by the school and the LA.
    "pupils:ehc_summary_edit": REGISTER_KEEPERS,
    "pupils:ehc_document": STAFF | {LA_OFFICER},
    # Assess, plan, do, review.
    "plans:overview": PLAN_READERS,
    "plans:plan_new": PLAN_EDITORS,
    "plans:compare": PLAN_READERS,
    "plans:plan": PLAN_READERS,
    "plans:plan_edit": PLAN_EDITORS,
    "plans:outcome_add": PLAN_EDITORS,
    "plans:provision_add": PLAN_EDITORS,
    "plans:item_remove": PLAN_EDITORS,
    "plans:no_outcome_reason": PLAN_EDITORS,
    "plans:agree": LEADS,
    "plans:new_version": PLAN_EDITORS,
    "plans:profile": PLAN_READERS,
    "plans:assessment_start": LEADS,
    "plans:assessment": STAFF,
    "plans:timeline": STAFF,
    "plans:strategy_bank": STAFF | {LA_OFFICER},
    "reviews:review_new": LEADS,
    "reviews:mark_read": STAFF,
    "reviews:evidence_add": STAFF,
    "reviews:early_review": STAFF | FAMILY,
    "reviews:early_review_answer": LEADS,
    "reviews:my_pupils": STAFF,
    "documents:plan": PLAN_READERS,
    "documents:profile": PLAN_READERS,
    "documents:review": PLAN_READERS,
    # The family portal, and the school's side of it.
    "portal:home": FAMILY,
    "portal:child": FAMILY,
    "portal:plan": FAMILY,
    "portal:summary": FAMILY,
    "portal:consents": FAMILY,
    "portal:raise_concern": FAMILY,
    "portal:staff_consents": LEADS,
    "family:prepare": FAMILY,
    "family:respond": FAMILY,
    "family:my_response": FAMILY,
    "family:messages": FAMILY,
    "family:thread": FAMILY,
    "family:staff_prep": LEADS,
    "family:response": LEADS,
    "family:staff_messages": WORKS_WITH_PUPILS,
    "family:staff_thread": WORKS_WITH_PUPILS,
    "family:inbox": LEADS,
    # The pupil's voice: the family at home, or staff who work with the pupil.
    "voice:about_me": FAMILY | WORKS_WITH_PUPILS,
    "voice:walkthrough": FAMILY | WORKS_WITH_PUPILS,
    "voice:day_map": FAMILY | WORKS_WITH_PUPILS,
    # Only the person who went through the day with the pupil changes its answers (ADR 0006); every
    # walk-through in the world is a family member's, so staff are refused (403) on these.
    "voice:walkthrough_part": FAMILY,
    "voice:staff_voice": WORKS_WITH_PUPILS,
    "voice:suggestion_accept": LEADS,
    # A pupil's week from the school's timetable (issue 10): staff of the pupil's school only.
    "timetable:week": STAFF,
    # SEN funding (issue 10): the element 2 monitor, budget and top-up requests are the SENCO's and
    # head's; a request sent to an LA is read (and its decision recorded) by that LA's officers.
    "funding:element2": LEADS,
    "funding:budget": LEADS,
    "funding:la_requests": frozenset({LA_OFFICER}),
    "funding:topup_new": LEADS,
    "funding:topup": LEADS | {LA_OFFICER},
    "funding:topup_send": LEADS,
    "funding:topup_decide": LEADS | {LA_OFFICER},
    "documents:topup": LEADS | {LA_OFFICER},
    # The inclusion strategy: drafted and changed by the SENCO or head, published by the head, read by anyone.
    "funding:strategy": LEADS,
    "funding:strategy_draft": LEADS,
    "funding:strategy_edit": LEADS,
    "funding:strategy_publish": frozenset({HEAD}),
    "funding:public_strategies": STAFF | FAMILY | {LA_OFFICER, PROFESSIONAL, SERVICE_ADMIN, ANONYMOUS},
    "funding:public_strategy_pdf": STAFF | FAMILY | {LA_OFFICER, PROFESSIONAL, SERVICE_ADMIN, ANONYMOUS},
    # The SEN information report (issue 13): edited and published by the school's SENCO or head,
    # read by anyone at /schools/<urn>/sen-information-report/ (world.py publishes Oak's).
    "information_report:edit": LEADS,
    "information_report:item_edit": LEADS,
    "information_report:publish": LEADS,
    "information_report:public": STAFF | FAMILY | {LA_OFFICER, PROFESSIONAL, SERVICE_ADMIN, ANONYMOUS},
    "information_report:public_version": STAFF | FAMILY | {LA_OFFICER, PROFESSIONAL, SERVICE_ADMIN, ANONYMOUS},
    "documents:information_report": STAFF | FAMILY | {LA_OFFICER, PROFESSIONAL, SERVICE_ADMIN, ANONYMOUS},
    # Imports and the leaver's CTF: the people who keep the register.
    "interop:import_start": REGISTER_KEEPERS,
    "interop:import_preview": REGISTER_KEEPERS,
    "interop:import_confirm": REGISTER_KEEPERS,
    "interop:import_cancel": REGISTER_KEEPERS,
    "interop:pupil_leaving": REGISTER_KEEPERS,
    # The API: the same scope as the pages; any signed-in user may list (the list is scoped).
    "api:pupil_list": STAFF | FAMILY | {LA_OFFICER, PROFESSIONAL, SERVICE_ADMIN},
    "api:pupil_detail": STAFF | FAMILY | {LA_OFFICER, PROFESSIONAL},
    "api:pupil_plans": PLAN_READERS,
    # Service administration: local authorities, schools, the GIAS import, a school's first SENCO
    # or head, the service's health. No pupil data; the service administrator alone.
    "administration:home": frozenset({SERVICE_ADMIN}),
    "administration:la_create": frozenset({SERVICE_ADMIN}),
    "administration:school_create": frozenset({SERVICE_ADMIN}),
    "administration:schools_import": frozenset({SERVICE_ADMIN}),
    "administration:schools_import_preview": frozenset({SERVICE_ADMIN}),
    "administration:schools_import_confirm": frozenset({SERVICE_ADMIN}),
    "administration:schools_import_cancel": frozenset({SERVICE_ADMIN}),
    "administration:leader_create": frozenset({SERVICE_ADMIN}),
    "administration:health": frozenset({SERVICE_ADMIN}),
    # Outside services and referrals (issue 12). Services: the service administrator, an LA officer
    # their own LA's (referrals/tests/test_services.py pins the LA scope). A referral: the pupil's
    # school, and the professionals of the service it went to while the pupil is shared with them.
    "referrals:services": frozenset({SERVICE_ADMIN, LA_OFFICER}),
    "referrals:service_new": frozenset({SERVICE_ADMIN, LA_OFFICER}),
    "referrals:my_referrals": frozenset({PROFESSIONAL}),
    "referrals:overview": STAFF | {PROFESSIONAL},
    "referrals:new": LEADS,
    "referrals:referral": STAFF | {PROFESSIONAL},
    "referrals:decide": frozenset({PROFESSIONAL}),
    "referrals:appointment_add": LEADS | {PROFESSIONAL},
    "referrals:report_upload": frozenset({PROFESSIONAL}),
    "referrals:report_download": STAFF | {PROFESSIONAL},
    "referrals:recommendation_add": LEADS | {PROFESSIONAL},
    "referrals:recommendation": LEADS,
    "referrals:recommendation_accept": LEADS,
    "referrals:recommendation_decline": LEADS,
    "referrals:family": FAMILY,
    # EHC needs-assessment requests (issue 12): made by the pupil's SENCO or head (their page), or by the
    # family from the portal; read by the school and the officers of the LA it was sent to, who alone
    # record its steps; the evidence pack for the same readers (ehc/tests/test_request_access.py).
    "ehc:requests": LEADS,
    "ehc:request": LEADS | {LA_OFFICER},
    "ehc:request_step": frozenset({LA_OFFICER}),
    "ehc:request_exception": frozenset({LA_OFFICER}),
    "ehc:la_requests": frozenset({LA_OFFICER}),
    "ehc:family_request": FAMILY,
    "documents:ehc_evidence": LEADS | {LA_OFFICER},
    "documents:ehc_evidence_reports": LEADS | {LA_OFFICER},
    # School set-up (issue 8): a school manages its own people. SENCO, head and school administrator;
    # giving or taking the head role is for a head (a service refusal, not a page). accounts/permissions.py.
    "schooladmin:home": WHOLE_SCHOOL,
    "schooladmin:staff": WHOLE_SCHOOL,
    "schooladmin:staff_add": WHOLE_SCHOOL,
    "schooladmin:staff_edit": WHOLE_SCHOOL,
    "schooladmin:staff_active": WHOLE_SCHOOL,
    "schooladmin:staff_invite": WHOLE_SCHOOL,
    "schooladmin:groups": WHOLE_SCHOOL,
    "schooladmin:group_add": WHOLE_SCHOOL,
    "schooladmin:group_edit": WHOLE_SCHOOL,
    "schooladmin:group_members": WHOLE_SCHOOL,
    "schooladmin:contacts": WHOLE_SCHOOL,
    "schooladmin:contact_add": WHOLE_SCHOOL,
    "schooladmin:contact_edit": WHOLE_SCHOOL,
    "schooladmin:contact_end": WHOLE_SCHOOL,
    "schooladmin:contact_invite": WHOLE_SCHOOL,
    # The provision map (issue 10): the catalogue and map for whole-school staff, changed by the
    # SENCO or head; a group's sessions logged by the staff who run it (the world's group: the TA's);
    # a pupil's costed support for staff of the pupil's school; the family's page, without costs.
    "provision:catalogue": WHOLE_SCHOOL,
    "provision:intervention_add": LEADS,
    "provision:intervention_edit": LEADS,
    "provision:group_add": LEADS,
    "provision:pay_roles": LEADS,
    "provision:pay_role_add": LEADS,
    "provision:pay_rate_add": LEADS,
    "provision:weeks": LEADS,
    "provision:groups": STAFF,
    "provision:group": WHOLE_SCHOOL | {TA},
    "provision:group_place": LEADS,
    "provision:session_log": LEADS | {TA},
    "provision:scores": LEADS | {TA},
    "provision:map": WHOLE_SCHOOL,
    "provision:map_csv": WHOLE_SCHOOL,
    "provision:map_xlsx": WHOLE_SCHOOL,
    "provision:pupil_support": STAFF,
    "provision:line_costing": LEADS,
    "provision:family_support": FAMILY,
    # Progress (issue 11): findings are staff-only; the family sees their own child's line only.
    "progress:pupil": STAFF,
    "progress:concern_new": STAFF,
    "progress:family": FAMILY,
    "progress:to_look_at": STAFF,
    "progress:recently_left": LEADS,
    # Oversight (issue 13): an LA officer their LA's schools (a school of another LA is 404); a head
    # their own school (the dashboard takes them there); the Ofsted case sample is the head's.
    "oversight:dashboard": frozenset({LA_OFFICER, HEAD}),
    "oversight:school": frozenset({LA_OFFICER, HEAD}),
    "oversight:case_sample": frozenset({HEAD}),
    # The Local Offer (issue 13): the directory, its feedback form and the Open Referral UK API are
    # public (no sign-in, never a pupil); the LA's queue is its officers'; a provider's entries are its
    # editors' (the world's two professionals edit Northshire's provider); signposting a plan's support
    # line is for the plan's editors. Pages about one LA's rows are in ALLOWED_ELSEWHERE.
    "local_offer:search": PUBLIC,
    "local_offer:service": PUBLIC,
    "local_offer:feedback": PUBLIC,
    "local_offer:api_root": PUBLIC,
    "local_offer:api_services": PUBLIC,
    "local_offer:api_service": PUBLIC,
    "local_offer:api_taxonomies": PUBLIC,
    "local_offer:api_taxonomy_terms": PUBLIC,
    "local_offer:manage": frozenset({LA_OFFICER}),
    "local_offer:service_new": frozenset({LA_OFFICER}),
    "local_offer:provider_new": frozenset({LA_OFFICER}),
    "local_offer:my_services": frozenset({PROFESSIONAL}),
    "local_offer:signpost": PLAN_EDITORS,
    # EHC plans and annual reviews (issue 12): read by everyone who may see the pupil's record on the
    # staff side; drafted, issued, amended and decided by the officer of the plan's LA (the other
    # LA's officer is tried in sensupport/ehc/tests/test_plan_pages.py); the review arranged by the
    # school's SENCO or head; the family's own page; the school-wide page for the SENCO and head.
    "ehc:plan": STAFF | {LA_OFFICER, PROFESSIONAL},
    "ehc:plan_version": STAFF | {LA_OFFICER, PROFESSIONAL},
    "ehc:plan_draft": frozenset({LA_OFFICER}),
    "ehc:plan_issue": frozenset({LA_OFFICER}),
    "ehc:plan_amend": frozenset({LA_OFFICER}),
    "ehc:review_new": LEADS,
    "ehc:review": STAFF | {LA_OFFICER, PROFESSIONAL},
    "ehc:review_date": LEADS,
    "ehc:review_invitations": LEADS,
    "ehc:review_meeting": LEADS,
    "ehc:review_report": LEADS,
    "ehc:review_decision": frozenset({LA_OFFICER}),
    "ehc:family_plan": FAMILY,
    "ehc:school_plans": LEADS,
}

# Pages that only accept POST: GET is 405 for everyone, the POST decides.
POST_ONLY = frozenset(
    {
        "plans:plan_new",
        "plans:item_remove",
        "plans:no_outcome_reason",
        "plans:new_version",
        "plans:assessment_start",
        "reviews:mark_read",
        "voice:suggestion_accept",
        "interop:import_confirm",
        "interop:import_cancel",
        "funding:topup_send",
        "funding:strategy_draft",
        "funding:strategy_publish",
        "administration:schools_import_confirm",
        "administration:schools_import_cancel",
        "schooladmin:staff_active",
        "schooladmin:staff_invite",
        "schooladmin:contact_invite",
        "referrals:decide",
        "referrals:appointment_add",
        "referrals:report_upload",
        "referrals:recommendation_add",
        "referrals:recommendation_accept",
        "referrals:recommendation_decline",
        "information_report:publish",
        "local_offer:feedback",
    }
)

# URLs that change something: also POSTed (empty body; the test client passes CSRF) by every role.
WRITE_URLS = POST_ONLY | frozenset(
    {
        "accounts:school_security",
        "pupils:concern_raise",
        "pupils:concern",
        "pupils:parent_conversation_new",
        "pupils:status_change",
        "pupils:needs_edit",
        "pupils:ehc_summary_edit",
        "funding:budget",
        "funding:topup_new",
        "funding:topup_decide",
        "funding:strategy_edit",
        "plans:plan_edit",
        "plans:outcome_add",
        "plans:provision_add",
        "plans:agree",
        "plans:assessment",
        "plans:strategy_bank",
        "reviews:review_new",
        "reviews:evidence_add",
        "reviews:early_review",
        "reviews:early_review_answer",
        "portal:consents",
        "portal:raise_concern",
        "portal:staff_consents",
        "family:prepare",
        "family:respond",
        "family:messages",
        "family:thread",
        "family:response",
        "family:staff_messages",
        "family:staff_thread",
        "voice:about_me",
        "voice:walkthrough",
        "voice:walkthrough_part",
        "interop:import_start",
        "interop:pupil_leaving",
        "administration:la_create",
        "administration:school_create",
        "administration:schools_import",
        "administration:leader_create",
        "provision:intervention_add",
        "provision:intervention_edit",
        "provision:group_add",
        "provision:pay_role_add",
        "provision:pay_rate_add",
        "provision:weeks",
        "provision:group_place",
        "provision:session_log",
        "provision:scores",
        "provision:line_costing",
        "schooladmin:staff_add",
        "schooladmin:staff_edit",
        "schooladmin:group_add",
        "schooladmin:group_edit",
        "schooladmin:group_members",
        "schooladmin:contact_add",
        "schooladmin:contact_edit",
        "schooladmin:contact_end",
        "progress:concern_new",
        "referrals:service_new",
        "referrals:new",
        "information_report:item_edit",
        "local_offer:signpost",
        "local_offer:service_new",
        "local_offer:provider_new",
        "ehc:requests",
        "ehc:request_step",
        "ehc:request_exception",
        "ehc:family_request",
        "ehc:plan_draft",
        "ehc:plan_issue",
        "ehc:plan_amend",
        "ehc:review_new",
        "ehc:review_date",
        "ehc:review_invitations",
        "ehc:review_meeting",
        "ehc:review_report",
        "ehc:review_decision",
    }
)

# ---------------------------------------------------------------- Not pupil pages: allowed with a reason

ALLOWED_ELSEWHERE: dict[str, str] = {
    "core:accessibility": "public accessibility statement, no data",
    "core:healthz": "public health check for the load balancer, answers {'status': 'ok'}",
    "accounts:login": "the staff sign-in form",
    "accounts:logout": "POST only; signs the caller out (GET would end the session the test is using)",
    "accounts:verify": "second sign-in step for the caller's own authenticator; the two-factor bypass (issue 7, "
    "finding 1) has its own tests",
    "accounts:two_factor_setup": "sets up the caller's own authenticator; finding 1 has its own tests",
    "accounts:code_request": "families ask for an emailed sign-in code: public by design, rate limits tested in "
    "accounts",
    "accounts:code_enter": "families enter the emailed code: public by design",
    "accounts:account": "the caller's own account page: any signed-in user, no pupil data",
    "accounts:set_password": "an invited account chooses its password: public by design, the emailed token (Django's "
    "password-reset token) is the credential (accounts/tests/test_invitations.py, administration/tests/test_pages.py)",
    "referrals:service": "one outside service and its professionals, no pupil data: the service administrator "
    "and the LA officer of the service's LA; every role and the other LA's officer are tried in "
    "sensupport/referrals/tests/test_services.py",
    # The Local Offer's editing pages about one LA's rows (or one provider's): officers of that LA
    # (and the provider's editors, for proposing) only; every identity, the other LA's officer and a
    # non-editor are tried in sensupport/local_offer/tests/test_access.py. No pupil data.
    "local_offer:change": "a provider's proposed change: officers of its LA only (local_offer/tests/test_access.py)",
    "local_offer:change_approve": "POST: officers of the change's LA only (local_offer/tests/test_access.py)",
    "local_offer:change_reject": "POST: officers of the change's LA only (local_offer/tests/test_access.py)",
    "local_offer:service_manage": "a service's categories: officers of its LA only (local_offer/tests/test_access.py)",
    "local_offer:service_checked": "POST: officers of the service's LA only (local_offer/tests/test_access.py)",
    "local_offer:service_status": "POST: officers of the service's LA only (local_offer/tests/test_access.py)",
    "local_offer:propose": "the provider's editors and officers of its LA (local_offer/tests/test_access.py)",
    "local_offer:provider": "a provider's entries and editors: officers of its LA (local_offer/tests/test_access.py)",
    "local_offer:provider_editor_remove": "POST: officers of the provider's LA only (local_offer/tests/test_access.py)",
    "api:schema": "the OpenAPI schema: public so integrators can read it, holds no pupil data (fuzzed per role in "
    "test_api_schema_fuzz.py)",
}
# Every pattern under these prefixes is the Django admin: only `is_staff` accounts, which no role here
# is; the test checks every identity is sent to the admin's own sign-in page.
ALLOWED_PREFIXES: dict[str, str] = {
    "django-admin/": "Django admin, for the service operator's is_staff account only",
}

# ---------------------------------------------------------------- Who is who in the world (world.py)


@dataclass(frozen=True)
class Identity:
    role: str
    scope: frozenset  # every pupil this identity may see (checked against visible_to in full)
    home: str | None = None  # the in-scope pupil whose rows fill the URLs (the "in scope" cells)
    probes: tuple = ()  # pupils out of scope to try every URL on, one for each way scope could leak
    school: str | None = None  # for import uploads: the school whose uploads are theirs


OAK_WHOLE_SCHOOL = {
    "scope": frozenset({"peter", "flopsy"}),
    "home": "peter",
    "probes": ("yasmin", "jemima"),
    "school": "oak",
}

IDENTITIES: dict[str, Identity] = {
    # probes: another school in the same LA (Yasmin), another LA (Jemima).
    "senco": Identity(SENCO, **OAK_WHOLE_SCHOOL),
    "head": Identity(HEAD, **OAK_WHOLE_SCHOOL),
    "school_admin": Identity(SCHOOL_ADMIN, **OAK_WHOLE_SCHOOL),
    # probes: the same school, another class; the teacher out of Peter's class.
    "teacher": Identity(TEACHER, frozenset({"peter"}), "peter", ("flopsy",), "oak"),
    "ta": Identity(TA, frozenset({"peter"}), "peter", ("flopsy",), "oak"),
    "other_teacher": Identity(TEACHER, frozenset({"flopsy"}), "flopsy", ("peter",), "oak"),
    "other_school_senco": Identity(SENCO, frozenset({"jemima", "harriet", "benjamin"}), "jemima", ("peter",), "elm"),
    # probes: no SEN at an LA school, and living in the LA (finding 3); another LA's pupil.
    "la_officer": Identity(
        LA_OFFICER, frozenset({"peter", "yasmin", "harriet"}), "peter", ("flopsy", "benjamin", "jemima")
    ),
    "other_la_officer": Identity(LA_OFFICER, frozenset({"jemima", "harriet"}), "jemima", ("peter",)),
    # probes: another family's child at the same school. Each parent's own rows are tried by the other.
    "mother": Identity(PARENT, frozenset({"peter"}), "peter", ("flopsy",)),
    "father": Identity(PARENT, frozenset({"peter"}), "peter", ("flopsy",)),
    # A step-father linked to Peter without parental responsibility sees nothing.
    "step_parent": Identity(PARENT, frozenset(), None, ("peter",)),
    "other_family_parent": Identity(PARENT, frozenset({"flopsy"}), "flopsy", ("peter",)),
    "young_person": Identity(YOUNG_PERSON, frozenset({"yasmin"}), "yasmin", ("peter",)),
    # probes: a pupil of the same school not shared with them; the share is Peter's alone.
    "professional": Identity(PROFESSIONAL, frozenset({"peter"}), "peter", ("flopsy",)),
    "professional_no_share": Identity(PROFESSIONAL, frozenset(), None, ("peter",)),
    "service_admin": Identity(SERVICE_ADMIN, frozenset(), None, ("peter",)),
    "anonymous": Identity(ANONYMOUS, frozenset(), None, ("peter",)),
}


def family_of(pupil_key: str) -> frozenset:
    """The identities who speak for the pupil as family (parents with parental responsibility, the young person)."""
    return frozenset(name for name, who in IDENTITIES.items() if who.role in FAMILY and pupil_key in who.scope)


def staff_of(pupil_key: str) -> frozenset:
    return frozenset(name for name, who in IDENTITIES.items() if who.role in STAFF and pupil_key in who.scope)


def who_may_read(kind: str, pupil_key: str, writer: str = "") -> frozenset:
    """Who may read a row's text anywhere in the service: the sentinel check's table."""
    readers = {
        "surname": frozenset(name for name, who in IDENTITIES.items() if pupil_key in who.scope),
        "concern": staff_of(pupil_key),  # the school's working notes
        "draft": staff_of(pupil_key),  # a plan is the school's until agreed
        "conversation": staff_of(pupil_key) | family_of(pupil_key),  # the family gets the written summary
        # A parent's own words: that parent and the school, never the other parent (finding 5);
        # likewise what the pupil said with each of them (ADR 0006).
        "reason": staff_of(pupil_key) | {writer},
        "message": staff_of(pupil_key) | {writer},
        "prep": staff_of(pupil_key) | {writer},
        "aboutme": staff_of(pupil_key) | {writer},
        "day": staff_of(pupil_key) | {writer},
    }
    return readers[kind]


# ---------------------------------------------------------------- Filling URL parameters from the world


# URL parameter name -> how to find its value among one pupil's rows (world.Rows). `owner` is the
# family member whose rows to use (the viewer, when the viewer is one of the pupil's family).
PARAMETERS = {
    "pupil_id": lambda rows, owner: rows.pupil.pk,
    "pk": lambda rows, owner: rows.pupil.pk,  # the API's pupil
    "concern_id": lambda rows, owner: rows.concern.pk,
    "plan_id": lambda rows, owner: rows.current_plan.pk,
    "assessment_id": lambda rows, owner: rows.assessment.pk,
    "request_id": lambda rows, owner: rows.early_review.pk,
    "summary_id": lambda rows, owner: rows.summary.pk,
    "walkthrough_id": lambda rows, owner: rows.walkthrough[owner].pk,
    "part_id": lambda rows, owner: rows.suggestion_part.pk,
    "order": lambda rows, owner: rows.suggestion_part.order,
    "response_id": lambda rows, owner: rows.response[owner].pk,
    "thread_id": lambda rows, owner: rows.thread[owner].pk,
    "prep_id": lambda rows, owner: rows.prep[owner].pk,
    "referral_id": lambda rows, owner: rows.referral.pk,
    "report_id": lambda rows, owner: rows.report.pk,
    "recommendation_id": lambda rows, owner: rows.recommendation.pk,
    # School set-up: rows of the pupil's school (see _school_row below).
    "staff_id": lambda rows, owner: _school_row("staff", rows),
    "group_id": lambda rows, owner: _school_row("group", rows),
    "contact_id": lambda rows, owner: _school_row("contact", rows),
    # The provision map: rows of the pupil's school (see _provision_row below).
    "intervention_id": lambda rows, owner: _provision_row("intervention", rows),
    "pay_role_id": lambda rows, owner: _provision_row("pay_role", rows),
    "intervention_group_id": lambda rows, owner: _provision_row("group", rows),
    "provision_id": lambda rows, owner: rows.current_plan.provisions.order_by("pk").first().pk,
    "topup_id": lambda rows, owner: _topup_row(rows),
    "ehc_request_id": lambda rows, owner: _ehc_request_row(rows),
    # EHC plans: a version of the pupil's plan, and its open annual review.
    "ehc_version_id": lambda rows, owner: rows.ehc_version.pk,
    "annual_review_id": lambda rows, owner: rows.ehc_review.pk,
}


def _ehc_request_row(rows) -> int:
    """An EHC needs-assessment request for the rows' pupil (the concern's, as in _school_row), sent to
    the LA of the pupil's school and received there. Only for a pupil on SEN Support or with a plan:
    a request makes any pupil the LA's business, so one for a monitored pupil (Flopsy) would move the
    LA officer's scope under the test's feet; for her there is no such row (0)."""
    from django.utils import timezone

    from sensupport.ehc.models import EhcRequest

    pupil = rows.concern.pupil if rows.concern is not None else rows.pupil
    if pupil.sen_status not in ("K", "E"):
        return 0
    today = timezone.localdate()
    request, _ = EhcRequest.objects.get_or_create(
        pupil=pupil,
        defaults={
            "school_id": pupil.school_id,
            "local_authority_id": pupil.school.local_authority_id,
            "made_by_kind": EhcRequest.MadeBy.SCHOOL,
            "reasons": "Probe",
            "sent_on": today,
            "received_on": today,
            "stage": EhcRequest.Stage.RECEIVED,
        },
    )
    return request.pk


def _provision_row(kind: str, rows) -> int:
    """A catalogue entry, a pay role, or a group of it, at the school of the rows' pupil (the
    concern's: see _school_row), made the first time it is asked for."""
    import datetime as dt

    from sensupport.accounts.models import Role, User
    from sensupport.provision.models import Group, Intervention, PayRole
    from sensupport.pupils.models import TeachingGroup

    pupil = rows.concern.pupil if rows.concern is not None else rows.pupil
    school_id = pupil.school_id
    role, _ = PayRole.objects.get_or_create(school_id=school_id, name="Probe teaching assistant")
    if kind == "pay_role":
        return role.pk
    intervention, _ = Intervention.objects.get_or_create(
        school_id=school_id,
        name="Probe intervention",
        defaults={"broad_area": "Cognition and learning", "pay_role": role},
    )
    if kind == "intervention":
        return intervention.pk
    # One group per pupil, with the pupil in it, run by the teaching assistants who already support
    # the pupil: a TA runs Peter's group, nobody Flopsy's.
    teaching_group, created = TeachingGroup.objects.get_or_create(
        school_id=school_id,
        name=f"Probe intervention group {pupil.pk}",
        defaults={"kind": TeachingGroup.Kind.INTERVENTION},
    )
    if created:
        teaching_group.pupils.add(pupil)
        teaching_group.staff.add(
            *User.objects.filter(role=Role.TEACHING_ASSISTANT, teaching_groups__pupils=pupil).distinct()
        )
    group, _ = Group.objects.get_or_create(
        teaching_group=teaching_group, defaults={"intervention": intervention, "starts_on": dt.date(2020, 1, 1)}
    )
    return group.pk


def _topup_row(rows) -> int:
    """A top-up request for the rows' pupil, sent to the LA of the pupil's school (made here: its
    figures need costed support the world does not build). The pupil is the concern's, as in
    _school_row, so that another pupil's request stays the other pupil's."""
    from decimal import Decimal

    from django.utils import timezone

    from sensupport.funding.models import TopUpRequest
    from sensupport.provision.rules import financial_year_start

    pupil = rows.concern.pupil if rows.concern is not None else rows.pupil
    request, _ = TopUpRequest.objects.get_or_create(
        pupil=pupil,
        defaults={
            "school_id": pupil.school_id,
            "local_authority_id": pupil.school.local_authority_id,
            "financial_year_start": financial_year_start(timezone.localdate()),
            "status": TopUpRequest.Status.SENT,
            "additional_cost": Decimal("7000"),
            "threshold": Decimal("6000"),
            "amount_requested": Decimal("1000"),
            "case": "Probe",
            "sent_at": timezone.now(),
        },
    )
    return request.pk


def _school_row(kind: str, rows) -> int:
    """A row of the rows' pupil's school, for the school set-up pages: a member of staff (a teacher
    if there is one), the pupil's first teaching group (a group is made at a school that has none,
    so another school's group is really tried), the pupil's first parent link (0, no such row, if
    none). The pupil is the concern's: under "another pupil's rows under own pupil" the matrix
    swaps `rows.pupil` for the viewer's own, and these rows must stay the other pupil's."""
    from sensupport.accounts.models import SCHOOL_ROLES, User
    from sensupport.pupils.models import TeachingGroup

    pupil = rows.concern.pupil if rows.concern is not None else rows.pupil

    if kind == "staff":
        staff = User.objects.filter(school_id=pupil.school_id, role__in=sorted(SCHOOL_ROLES)).order_by("-role", "pk")
        return (staff.filter(role="teacher").first() or staff.first()).pk
    if kind == "group":
        group = pupil.teaching_groups.order_by("pk").first()
        return (
            group or TeachingGroup.objects.get_or_create(school_id=pupil.school_id, name="Set-up probe group")[0]
        ).pk
    link = pupil.parent_links.order_by("pk").first()
    return link.pk if link else 0


# Rows owned by one family member: another member of the same family must not open them.
OWNED = frozenset({"response_id", "thread_id", "prep_id", "walkthrough_id"})
# Parameters that are not rows: one value per URL (or the default).
CONSTANTS = {
    "fmt": {"pupils:register_export": "csv", "": "docx"},
    # The SEN information report: Oak Primary's (world.py publishes it), its first version, one item.
    "urn": {"": "100001"},
    "version": {"": 1},
    "item": {"": "complaints"},
    "service_id": {"": LOCAL_OFFER_SERVICE_ID},
}
# batch_id is an upload, owned by a school rather than a pupil (see the test's _batch_cases).
SCHOOL_ROWS = frozenset({"batch_id"})
# school_id is a school's oversight page (issue 13): every identity tries every school (by the pupil
# who is there); it opens only the schools listed here (an officer their LA's; a head their own).
SCHOOLS = {"oak": "peter", "ash": "yasmin", "elm": "jemima"}
OVERSEES = {"head": {"oak"}, "la_officer": {"oak", "ash"}, "other_la_officer": {"elm"}}
# Which plan a URL needs, where not the plan in force.
PLAN_FOR = {
    "plans:plan_edit": "draft_plan",
    "plans:outcome_add": "draft_plan",
    "plans:provision_add": "draft_plan",
    "plans:item_remove": "draft_plan",
    "plans:no_outcome_reason": "draft_plan",
    "plans:agree": "draft_plan",
    "documents:review": "reviewed_plan",
}
# Extra cells: the same URL on another row, with its own policy (a draft is the school's alone).
VARIANTS = {
    "plans:plan": [("draft", {"plan_id": "draft_plan"}, STAFF)],
    "documents:plan": [("draft", {"plan_id": "draft_plan"}, STAFF)],
}
