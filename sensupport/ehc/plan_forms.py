"""Forms for EHC plans and their annual reviews; the services' refusals land on them."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from sensupport.pupils.forms import DATE_WIDGET, _field, free_text

from .models import PLAN_SECTIONS, AnnualReview, EhcPlanVersion


def _date(label: str, what: str, *, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DATE_WIDGET,
        help_text=help_text,
        error_messages={"required": f"Enter {what}", "invalid": f"Enter {what} as a real date"},
    )


class PlanDraftForm(forms.Form):
    """Every section of the plan, A to K, in the statutory order."""

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, letter, heading in PLAN_SECTIONS:
            label = f"Section {letter}: {heading}"
            if name.startswith("placement"):
                self.fields[name] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=200,
                    help_text="Leave empty in the draft: the family names the school they want first (Code 9.78)."
                    if name == "placement_name"
                    else "",
                )
            else:
                self.fields[name] = free_text(
                    label, what=f"Section {letter}", model_field=_field(EhcPlanVersion, name), required=False, rows=5
                )

    @staticmethod
    def initial_for(version: EhcPlanVersion | None) -> dict:
        if version is None:
            return {"edit_version": None}
        return {"edit_version": version.edit_version, **{n: getattr(version, n) for n, _l, _h in PLAN_SECTIONS}}


class PlanIssueForm(forms.Form):
    issued_on = _date("Date the final plan is issued", "the date the plan is issued")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].initial = timezone.localdate()


class PlanAmendForm(forms.Form):
    reason = free_text(
        "Why is the plan being amended?",
        what="The reason",
        model_field=_field(EhcPlanVersion, "amendment_reason"),
        rows=3,
        required_message="Say why the plan is being amended",
    )


class ReviewScheduleForm(forms.Form):
    meeting_on = _date(
        "Date of the review meeting",
        "the date of the meeting",
        help_text="Invitations go out at least two weeks before it.",
    )
    phase_transfer = forms.BooleanField(
        label="This review plans a move to the next phase of education (for example to Year 7 or post-16)",
        required=False,
    )


class _Step(forms.Form):
    edit_version = forms.IntegerField(widget=forms.HiddenInput)


class RescheduleForm(_Step):
    meeting_on = _date("New date of the review meeting", "the new date of the meeting")


class InvitationsForm(_Step):
    sent_on = _date("Date the invitations were sent", "the date the invitations were sent")
    invited = free_text(
        "Who was invited, and whose advice was asked for?",
        what="Who was invited",
        model_field=_field(AnnualReview, "invited"),
        rows=3,
        help_text="The family, the pupil, the local authority, health and social care, and anyone else who "
        "works with them.",
    )


class MeetingForm(_Step):
    held_on = _date("Date the meeting was held", "the date of the meeting")
    attendees = free_text("Who came?", what="Who came", model_field=_field(AnnualReview, "attendees"), rows=2)


class ReportForm(_Step):
    family_views = free_text(
        "The family's views, in their words",
        what="The family's views",
        model_field=_field(AnnualReview, "family_views"),
        required=False,
    )
    pupil_views = free_text(
        "The pupil's views, in their words",
        what="The pupil's views",
        model_field=_field(AnnualReview, "pupil_views"),
        required=False,
    )
    report = free_text(
        "The report: progress towards each outcome, and what the meeting agreed",
        what="The report",
        model_field=_field(AnnualReview, "report"),
        rows=8,
    )
    recommendation = forms.ChoiceField(
        label="What does the meeting recommend?",
        choices=AnnualReview.Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the meeting recommends"},
    )
    sent_on = _date("Date the report was sent to the local authority", "the date the report was sent")


class DecisionForm(_Step):
    decision = forms.ChoiceField(
        label="The local authority's decision",
        choices=AnnualReview.Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the decision"},
    )
    reasons = free_text(
        "Reasons (the family is told them, with their right of appeal)",
        what="The reasons",
        model_field=_field(AnnualReview, "decision_reasons"),
        required=False,
    )
    decided_on = _date("Date of the decision", "the date of the decision")
