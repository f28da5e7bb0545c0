from __future__ import annotations

from django import forms
from django.utils import timezone

from .models import Evidence, OutcomeProgress, ProvisionEvaluation, Review

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReviewForm(forms.Form):
    held_on = forms.DateField(label="Date of the review meeting", widget=DATE_WIDGET)
    attendees = forms.CharField(label="Who came?", widget=forms.Textarea(attrs={"rows": 2}))
    parent_present = forms.TypedChoiceField(label="Were the parents there?", choices=[("yes", "Yes"), ("no", "No")], coerce=lambda v: v == "yes", widget=forms.RadioSelect)
    pupil_views = forms.CharField(label="The pupil's views, in their words", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    parent_views = forms.CharField(label="The parents' views, in their words", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decision = forms.ChoiceField(label="What happens next?", choices=Review.Decision.choices, widget=forms.RadioSelect)
    summary = forms.CharField(label="What was said and agreed: who does what by when", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, outcomes=(), provisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        self.outcomes, self.provisions = list(outcomes), list(provisions)
        for o in self.outcomes:
            self.fields[f"outcome_{o.pk}"] = forms.ChoiceField(label="Progress", choices=OutcomeProgress.Progress.choices, widget=forms.RadioSelect)
            self.fields[f"outcome_evidence_{o.pk}"] = forms.CharField(label="Evidence of progress", required=False, widget=forms.Textarea(attrs={"rows": 2}))
        for p in self.provisions:
            self.fields[f"delivered_{p.pk}"] = forms.ChoiceField(label="Was it delivered as planned?", choices=ProvisionEvaluation.Delivered.choices, widget=forms.RadioSelect)
            self.fields[f"helped_{p.pk}"] = forms.ChoiceField(label="Did it help?", choices=ProvisionEvaluation.Helped.choices, widget=forms.RadioSelect)
            self.fields[f"comment_{p.pk}"] = forms.CharField(label="Comment", required=False)

    def outcome_rows(self):
        return [(o, self[f"outcome_{o.pk}"], self[f"outcome_evidence_{o.pk}"]) for o in self.outcomes]

    def provision_rows(self):
        return [(p, self[f"delivered_{p.pk}"], self[f"helped_{p.pk}"], self[f"comment_{p.pk}"]) for p in self.provisions]

    def judgements(self):
        from .services import OutcomeJudgement, ProvisionJudgement

        data = self.cleaned_data
        return (
            [OutcomeJudgement(o.pk, data[f"outcome_{o.pk}"], data.get(f"outcome_evidence_{o.pk}", "")) for o in self.outcomes],
            [ProvisionJudgement(p.pk, data[f"delivered_{p.pk}"], data[f"helped_{p.pk}"], data.get(f"comment_{p.pk}", "")) for p in self.provisions],
        )


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label="What is it?", choices=Evidence.Kind.choices, widget=forms.RadioSelect)
    observed_on = forms.DateField(label="Date", widget=DATE_WIDGET)
    text = forms.CharField(label="What you saw or did", widget=forms.Textarea(attrs={"rows": 3}))
    provision = forms.ChoiceField(label="Which support does it relate to? (optional)", required=False, choices=[])

    def __init__(self, *args, provisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["observed_on"].initial = timezone.localdate()
        self.fields["provision"].choices = [("", "Not one in particular")] + [(str(p.pk), p.description[:80]) for p in provisions]


class EarlyReviewForm(forms.Form):
    reason = forms.CharField(label="Why is an early review needed?", widget=forms.Textarea(attrs={"rows": 4}),
                             help_text="For example: a new barrier has appeared, or the support is not helping")


class EarlyReviewAnswerForm(forms.Form):
    answer = forms.CharField(label="Your answer to the family", widget=forms.Textarea(attrs={"rows": 4}))
    meeting_on = forms.DateField(label="Date of the early review meeting (optional)", required=False, widget=DATE_WIDGET)
