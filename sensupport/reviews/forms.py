from __future__ import annotations

from django import forms
from django.utils import timezone

from sensupport.plans.forms import model_text

from .models import EarlyReviewRequest, Evidence, OutcomeProgress, ProvisionEvaluation, Review

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReviewForm(forms.Form):
    held_on = forms.DateField(label="Date of the review meeting", widget=DATE_WIDGET)
    attendees = model_text(Review, "attendees", "Who came?", what="Who came", rows=2, required=True)
    parent_present = forms.TypedChoiceField(
        label="Were the parents there?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    pupil_views = model_text(Review, "pupil_views", "The pupil's views, in their words", what="The pupil's views")
    parent_views = model_text(Review, "parent_views", "The parents' views, in their words", what="The parents' views")
    decision = forms.ChoiceField(label="What happens next?", choices=Review.Decision.choices, widget=forms.RadioSelect)
    summary = model_text(
        Review,
        "summary",
        "What was said and agreed: who does what by when",
        what="What was said and agreed",
        rows=4,
        required=True,
    )

    def __init__(self, *args, outcomes=(), provisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        self.outcomes, self.provisions = list(outcomes), list(provisions)
        for o in self.outcomes:
            self.fields[f"outcome_{o.pk}"] = forms.ChoiceField(
                label="Progress", choices=OutcomeProgress.Progress.choices, widget=forms.RadioSelect
            )
            self.fields[f"outcome_evidence_{o.pk}"] = model_text(
                OutcomeProgress, "evidence", "Evidence of progress", what="The evidence of progress", rows=2
            )
        for p in self.provisions:
            self.fields[f"delivered_{p.pk}"] = forms.ChoiceField(
                label="Was it delivered as planned?",
                choices=ProvisionEvaluation.Delivered.choices,
                widget=forms.RadioSelect,
            )
            self.fields[f"helped_{p.pk}"] = forms.ChoiceField(
                label="Did it help?", choices=ProvisionEvaluation.Helped.choices, widget=forms.RadioSelect
            )
            self.fields[f"comment_{p.pk}"] = model_text(
                ProvisionEvaluation, "comment", "Comment", what="The comment", rows=None
            )

    def outcome_rows(self):
        return [(o, self[f"outcome_{o.pk}"], self[f"outcome_evidence_{o.pk}"]) for o in self.outcomes]

    def provision_rows(self):
        return [
            (p, self[f"delivered_{p.pk}"], self[f"helped_{p.pk}"], self[f"comment_{p.pk}"]) for p in self.provisions
        ]

    def judgements(self):
        from .services import OutcomeJudgement, ProvisionJudgement

        data = self.cleaned_data
        return (
            [
                OutcomeJudgement(o.pk, data[f"outcome_{o.pk}"], data.get(f"outcome_evidence_{o.pk}", ""))
                for o in self.outcomes
            ],
            [
                ProvisionJudgement(
                    p.pk, data[f"delivered_{p.pk}"], data[f"helped_{p.pk}"], data.get(f"comment_{p.pk}", "")
                )
                for p in self.provisions
            ],
        )


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label="What is it?", choices=Evidence.Kind.choices, widget=forms.RadioSelect)
    observed_on = forms.DateField(label="Date", widget=DATE_WIDGET)
    text = model_text(Evidence, "text", "What you saw or did", what="What you saw or did", required=True)
    provision = forms.ChoiceField(label="Which support does it relate to? (optional)", required=False, choices=[])

    def __init__(self, *args, provisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["observed_on"].initial = timezone.localdate()
        self.fields["provision"].choices = [("", "Not one in particular")] + [
            (str(p.pk), p.description[:80]) for p in provisions
        ]


class EarlyReviewForm(forms.Form):
    reason = model_text(
        EarlyReviewRequest,
        "reason",
        "Why is an early review needed?",
        what="The reason",
        rows=4,
        required=True,
        help_text="For example: a new barrier has appeared, or the support is not helping",
    )


class EarlyReviewAnswerForm(forms.Form):
    answer = model_text(
        EarlyReviewRequest, "answer", "Your answer to the family", what="Your answer", rows=4, required=True
    )
    meeting_on = forms.DateField(
        label="Date of the early review meeting (optional)", required=False, widget=DATE_WIDGET
    )
