"""Families as partners: what parents contribute and every conversation's written record.

Meeting preparation, responses to a plan (agreement or disagreement, tracked to resolution),
the home-school message log, consent for referrals and sharing, and the written summary every
family receives after a meeting."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class MeetingPrep(models.Model):
    """A parent's own preparation for a meeting: their list of the child's barriers, what helps at
    home, and the questions they want to ask. It becomes the parent's view in the meeting record."""

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="meeting_preps")
    parent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_preps")
    meeting_on = models.DateField(null=True, blank=True, help_text="The meeting this is for, if known")
    barriers_at_home = models.TextField(
        blank=True, max_length=5000, help_text="What gets in the way, as the parent sees it"
    )
    what_helps_at_home = models.TextField(blank=True, max_length=5000)
    questions = models.JSONField(default=list, blank=True, help_text="Keys of the suggested questions chosen")
    other_questions = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    seen_by_school_at = models.DateTimeField(null=True, blank=True)
    used_in_review = models.ForeignKey(
        "reviews.Review", null=True, blank=True, on_delete=models.SET_NULL, related_name="parent_preps"
    )

    class Meta:
        ordering = ["-created_at"]


class PlanResponse(models.Model):
    """A parent agrees with a plan version, or says what they disagree with and why. A
    disagreement stays open, visible to the SENCO, until it is resolved."""

    class Response(models.TextChoices):
        AGREE = "agree", "I agree with the plan"
        DISAGREE = "disagree", "I disagree with part of the plan"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="responses")
    parent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_responses")
    response = models.CharField(max_length=10, choices=Response.choices)
    parts = models.JSONField(
        default=list, blank=True, help_text="Which parts: e.g. 'outcome:12', 'provision:5', 'barriers', 'review_date'"
    )
    reason = models.TextField(blank=True, max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    answer_due = models.DateField(null=True, blank=True)
    resolution = models.TextField(blank=True, max_length=5000)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    seen_by_school_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class MessageThread(models.Model):
    """A home-school conversation about one pupil, kept with the pupil's record, between the school
    and one family member: a parent or carer, or the young person. Separated parents each have their
    own conversations; the school sees them all, labelled with who (docs/adr/0006)."""

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="message_threads")
    family_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="family_message_threads",
        help_text="The parent, carer or young person this conversation is with. Only they, of the family, see it.",
    )
    subject = models.CharField(max_length=200)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class Message(models.Model):
    thread = models.ForeignKey(MessageThread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(max_length=5000)
    sent_at = models.DateTimeField(auto_now_add=True)
    from_family = models.BooleanField()
    read_by_school_at = models.DateTimeField(null=True, blank=True)
    read_by_family_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "id"]


class Consent(models.Model):
    """A parent's consent for a referral, or for sharing the record with a named professional.
    Withdrawal takes effect at once."""

    class Kind(models.TextChoices):
        REFERRAL = "referral", "Referral to an outside service"
        SHARING = "sharing", "Sharing the record with a named professional"

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="consents_about"
    )
    purpose = models.CharField(max_length=300, help_text="What it is for, in plain words")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    share = models.OneToOneField(
        "pupils.ProfessionalShare", null=True, blank=True, on_delete=models.SET_NULL, related_name="consent"
    )

    class Meta:
        ordering = ["-requested_at"]

    @property
    def state(self) -> str:
        if self.withdrawn_at:
            return "withdrawn"
        if self.given_at:
            return "given"
        return "asked"


class MeetingSummary(models.Model):
    """The written summary a family receives after every meeting: what was said, what was agreed,
    who does what by when."""

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="meeting_summaries")
    held_on = models.DateField()
    title = models.CharField(max_length=200)
    what_was_said = models.TextField()
    agreed = models.TextField(blank=True)
    actions = models.TextField(blank=True, help_text="Who does what by when")
    conversation = models.OneToOneField(
        "pupils.ParentConversation", null=True, blank=True, on_delete=models.CASCADE, related_name="family_summary"
    )
    review = models.OneToOneField(
        "reviews.Review", null=True, blank=True, on_delete=models.CASCADE, related_name="family_summary"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    emailed_to = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
