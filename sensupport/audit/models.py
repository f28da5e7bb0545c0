"""Who saw and changed what. One append-only table for reads and changes of pupil records."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        LIST = "list", "Listed"
        EXPORT = "export", "Exported"
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        IMPORT = "import", "Imported"
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
        SEND = "send", "Sent by email"

    class Target(models.TextChoices):
        """What was read or changed. A list page has its own target (plural, or the page's name)
        apart from the item it lists; a form page's read of the pupil is the "... form" target."""

        PUPIL_RECORD = "pupil record", "Pupil record"
        PUPIL_RECORD_API_LIST = "pupil record (API list)", "Pupil record (API list)"
        PUPIL_RECORD_CTF = "pupil record (CTF)", "Pupil record (Common Transfer File)"
        PUPIL_RECORD_HOME_PAGE = "pupil record (home page)", "Pupil record (home page)"
        PUPIL_RECORD_IMPORT_PREVIEW = "pupil record (import preview)", "Pupil record (import preview)"
        PUPIL_RECORD_REGISTER_EXPORT = "pupil record (register export)", "Pupil record (register export)"
        PUPIL_RECORD_REGISTER_SEARCH = "pupil record (register search)", "Pupil record (register search)"
        SEN_REGISTER = "SEN register", "SEN register"
        SEN_STATUS = "SEN status", "SEN status"
        SEN_STATUS_FORM = "SEN status form", "SEN status form"
        NEEDS = "needs", "Needs"
        NEEDS_FORM = "needs form", "Needs form"
        CONCERN = "concern", "Concern"
        CONCERN_FORM = "concern form", "Concern form"
        CONCERN_NOTE = "concern note", "Concern note"
        PARENT_CONVERSATION = "parent conversation", "Parent conversation"
        PARENT_CONVERSATION_FORM = "parent conversation form", "Parent conversation form"
        PARENT_LINK = "parent link", "Parent link"
        TEACHING_GROUP = "teaching group", "Teaching group"
        TRANSFER = "transfer", "Transfer"
        AUDIT_TRAIL = "audit trail", "Audit trail"
        ASSESSMENT = "assessment", "Assessment"
        BARRIER = "barrier", "Barrier"
        BARRIER_STATUS = "barrier status", "Barrier status"
        CONTRIBUTOR_VIEW = "contributor view", "Contributor's view"
        PLAN = "plan", "Plan"
        PLANS = "plans", "Plans (every version)"
        PLANS_OVERVIEW = "plans overview", "Plans overview"
        PLAN_COMPARISON = "plan comparison", "Plan comparison"
        PLAN_DOCUMENT = "plan document", "Plan document"
        PLAN_OUTCOME = "plan outcome", "Plan outcome"
        PLAN_PROVISION = "plan provision", "Plan provision"
        ONE_PAGE_PROFILE = "one-page profile", "One-page profile"
        EHC_PLAN_SUMMARY = "EHC plan summary", "EHC plan summary"
        EHC_PLAN_SUMMARY_FORM = "EHC plan summary form", "EHC plan summary form"
        EHC_PLAN_DOCUMENT = "EHC plan document", "EHC plan document (attached)"
        TIMELINE = "timeline", "Timeline"
        STRATEGY_BANK = "strategy bank", "Strategy bank"
        PLAN_READ_RECEIPT = "plan read receipt", "Plan read receipt"
        REVIEW_REMINDER = "review reminder", "Review reminder"
        PLAN_EVIDENCE = "plan evidence", "Plan evidence"
        PLAN_REVIEW = "plan review", "Plan review"
        PLAN_REVIEW_FORM = "plan review form", "Plan review form"
        EARLY_REVIEW_REQUEST = "early review request", "Early review request"
        EARLY_REVIEW_REQUESTS = "early review requests", "Early review requests (list)"
        MY_PUPILS = "my pupils", "My pupils"
        CONSENT = "consent", "Consent"
        CONSENTS = "consents", "Consents (list)"
        MEETING_PREPARATION = "meeting preparation", "Meeting preparation"
        MEETING_SUMMARY = "meeting summary", "Meeting summary"
        PLAN_RESPONSE = "plan response", "Plan response"
        PLAN_RESPONSE_FORM = "plan response form", "Plan response form"
        MESSAGE = "message", "Message"
        MESSAGE_THREAD = "message thread", "Message thread"
        MESSAGE_THREADS = "message threads", "Message threads (list)"
        FAMILY_INBOX = "family inbox", "Family inbox"
        FAMILY_PORTAL_CHILDREN = "family portal: children", "Family portal: children"
        FAMILY_PORTAL_CHILD_PAGE = "family portal: child page", "Family portal: child page"
        ABOUT_ME = "about me", "About me"
        MY_DAY = "my day", "My day"
        PUPIL_VOICE = "pupil voice", "Pupil voice"
        WALKTHROUGH = "walkthrough", "Walk-through"
        WALKTHROUGH_PART = "walkthrough part", "Walk-through part"
        ACCOUNT = "account", "Account"
        STAFF_ACCOUNT = "staff account", "Staff account"
        SCHOOL_SETTINGS = "school settings", "School settings"
        LOCAL_AUTHORITY = "local authority", "Local authority"
        SCHOOL = "school", "School"
        SCHOOLS_GIAS_FILE = "schools (GIAS file)", "Schools (GIAS file)"
        DEMO_DATA = "demo data", "Demo data"
        # The provision map (issue 10): the catalogue, pay rates, groups, sessions, costs.
        INTERVENTION = "intervention", "Intervention (catalogue)"
        PAY_RATE = "pay rate", "Pay role and rate"
        PROVISION_SETTINGS = "provision settings", "Provision settings"
        INTERVENTION_GROUP = "intervention group", "Intervention group"
        INTERVENTION_SESSION = "intervention session", "Intervention session"
        INTERVENTION_SCORE = "intervention score", "Intervention entry or exit score"
        SUPPORT_COSTING = "support costing", "Support line's costing"
        SUPPORT_COSTS = "support costs", "Support and its costs"
        PROVISION_MAP = "provision map", "Provision map"
        PROVISION_MAP_EXPORT = "provision map export", "Provision map (export)"
        TIMETABLE = "timetable", "Timetable"
        # SEN funding (issue 10): the element 2 monitor, top-up requests, the school's SEN budget.
        ELEMENT_2_MONITOR = "element 2 monitor", "Element 2 threshold monitor"
        TOP_UP_REQUEST = "top-up request", "Top-up (element 3) request"
        TOP_UP_REQUESTS = "top-up requests", "Top-up requests (list)"
        TOP_UP_DOCUMENT = "top-up document", "Top-up request document"
        SEN_BUDGET = "SEN budget", "SEN budget"
        INCLUSION_STRATEGY = "inclusion strategy", "Inclusion strategy"
        # Progress (issue 11): scores, attendance, behaviour and the prompts read from them.
        SCORES = "scores", "Assessment scores"
        ATTENDANCE = "attendance", "Attendance"
        BEHAVIOUR = "behaviour", "Behaviour events"
        PROGRESS = "progress", "Progress (scores, attendance, behaviour, prompts)"
        PUPILS_TO_LOOK_AT = "pupils to look at", "Pupils to look at (list)"
        RECENTLY_LEFT = "recently left SEN support", "Recently left SEN Support (list)"
        # Referrals (issue 12): outside services, referrals, reports and recommendations.
        OUTSIDE_SERVICE = "outside service", "Outside service"
        OUTSIDE_SERVICE_MEMBER = "outside service member", "Outside service member"
        REFERRAL = "referral", "Referral"
        REFERRALS = "referrals", "Referrals (list)"
        REFERRAL_FORM = "referral form", "Referral form"
        REFERRAL_APPOINTMENT = "referral appointment", "Referral appointment"
        REFERRAL_REPORT = "referral report", "Referral report"
        RECOMMENDATION = "recommendation", "Recommendation"
        # The SEN information report (issue 13): the school's words, its published versions, reminders.
        INFORMATION_REPORT = "SEN information report", "SEN information report"
        # Oversight (issue 13): pupils an oversight page names; the Ofsted case sample.
        OVERSIGHT_PUPILS = "oversight pupils", "Oversight (pupils named)"
        CASE_SAMPLE = "case sample", "Ofsted case sample"
        # The Local Offer (issue 13): providers' changes, the LA's decisions, feedback, plans' signposts.
        LOCAL_OFFER_SERVICE = "local offer service", "Local Offer service"
        LOCAL_OFFER_CHANGE = "local offer change", "Local Offer change (proposed by a provider)"
        LOCAL_OFFER_FEEDBACK = "local offer feedback", "Local Offer feedback"
        LOCAL_OFFER_SIGNPOST = "local offer signpost", "Support line signposted to the Local Offer"
        # EHC needs-assessment requests (issue 12): the request, the LA's steps, the evidence pack.
        EHC_REQUEST = "EHC request", "EHC needs assessment request"
        EHC_REQUESTS = "EHC requests", "EHC needs assessment requests (list)"
        EHC_REQUEST_FORM = "EHC request form", "EHC needs assessment request form"
        EHC_REQUEST_STEP = "EHC request step", "EHC needs assessment request: the LA's step"
        EHC_EVIDENCE_PACK = "EHC evidence pack", "EHC needs assessment evidence pack"
        EHC_REQUEST_REMINDER = "EHC request reminder", "EHC needs assessment request reminder"
        # EHC plans and their annual reviews (issue 12, the ehc app's plans part).
        EHC_PLAN = "EHC plan", "EHC plan"
        EHC_PLAN_FORM = "EHC plan form", "EHC plan form"
        EHC_PLANS = "EHC plans", "EHC plans and annual reviews (list)"
        EHC_ANNUAL_REVIEW = "EHC annual review", "EHC plan annual review"
        EHC_ANNUAL_REVIEW_FORM = "EHC annual review form", "EHC plan annual review form"
        EHC_REVIEW_REMINDER = "EHC review reminder", "EHC plan annual review reminder"

    class Via(models.TextChoices):
        """How the read or change was made."""

        WEB = "web", "Web page"
        PORTAL = "portal", "Family portal"
        API = "api", "JSON API"
        COMMAND = "command", "Command line"
        TASK = "task", "Background task"
        IMPORT = "import", "Import"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, help_text="Name and role at the time, kept if the user goes")
    action = models.CharField(max_length=20, choices=Action.choices)
    # No database constraint: the trail outlives the records it describes.
    pupil = models.ForeignKey(
        "pupils.Pupil", null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    school = models.ForeignKey(
        "organisations.School",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    target = models.CharField(
        max_length=100, choices=Target.choices, help_text="What was read or changed, e.g. pupil record, need, concern"
    )
    target_id = models.CharField(max_length=40, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    via = models.CharField(
        max_length=20,
        choices=Via.choices,
        default=Via.WEB,
        help_text="How it was made: web, portal, api, command, task, import",
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["pupil", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_action_display()} {self.target}"
