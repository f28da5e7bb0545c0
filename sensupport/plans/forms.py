from __future__ import annotations

from django import forms
from django.utils import timezone

from .models import BROAD_AREA_CHOICES, BarrierView, Contributor, Impact, Plan, Provision

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BarrierForm(forms.Form):
    title = forms.CharField(label="What gets in the way?", max_length=200, help_text="A barrier to learning, not a diagnosis: for example 'Anxiety at transitions' or 'Recording work by hand'")
    broad_area = forms.ChoiceField(label="Broad area of need", choices=BROAD_AREA_CHOICES)
    description = forms.CharField(label="Describe it in plain words", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    where_when = forms.CharField(label="Where and when in the school day does it show?", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    effect = forms.CharField(label="How does it affect learning and wellbeing?", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    impact = forms.TypedChoiceField(label="How much does it affect the pupil now?", choices=Impact.choices, coerce=int, initial=Impact.MARKED, widget=forms.RadioSelect)
    bank_key = forms.CharField(required=False, widget=forms.HiddenInput)


class ContributorViewForm(forms.Form):
    contributor = forms.ChoiceField(label="Whose view is this?", choices=Contributor.choices, widget=forms.RadioSelect)
    name = forms.CharField(label="Their name", max_length=120)
    what_is_hard = forms.CharField(label="What do they say is hard, and why?", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    strengths = forms.CharField(label="Strengths they see", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    what_helps = forms.CharField(label="What they say helps", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, barriers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.barriers = list(barriers)
        for barrier in self.barriers:
            self.fields[f"seen_{barrier.pk}"] = forms.ChoiceField(
                label=f"Do they see “{barrier.title}”?", choices=[("", "Not asked")] + list(BarrierView.Seen.choices), required=False, widget=forms.RadioSelect,
            )
            self.fields[f"impact_{barrier.pk}"] = forms.TypedChoiceField(
                label=f"If so, how much does “{barrier.title}” affect the pupil?", choices=[("", "Not said")] + list(Impact.choices),
                coerce=int, empty_value=None, required=False,
            )

    def barrier_field_pairs(self):
        return [(b, self[f"seen_{b.pk}"], self[f"impact_{b.pk}"]) for b in self.barriers]

    def opinions(self):
        from .services import BarrierOpinion

        found = []
        for barrier in self.barriers:
            seen = self.cleaned_data.get(f"seen_{barrier.pk}")
            if seen:
                found.append(BarrierOpinion(barrier.pk, seen, self.cleaned_data.get(f"impact_{barrier.pk}")))
        return found


class SettleForm(forms.Form):
    barrier = forms.IntegerField(widget=forms.HiddenInput)
    present = forms.TypedChoiceField(label="Is it present now?", choices=[("yes", "Yes"), ("no", "No")], coerce=lambda v: v == "yes", widget=forms.RadioSelect)
    impact = forms.TypedChoiceField(label="How much does it affect the pupil now?", choices=Impact.choices, coerce=int)
    resolution = forms.CharField(label="Where views differ: how was it resolved?", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AssessmentSummaryForm(forms.Form):
    summary_version = forms.IntegerField(widget=forms.HiddenInput)
    strengths = forms.CharField(label="Strengths", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    interests = forms.CharField(label="Interests", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    what_helps = forms.CharField(label="What already helps", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PlanDraftForm(forms.Form):
    edit_version = forms.IntegerField(widget=forms.HiddenInput)
    pupil_views = forms.CharField(label="The pupil's views, in their words", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    parent_views = forms.CharField(label="The parents' views, in their words", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    school_responsibilities = forms.CharField(label="The school will", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    parent_responsibilities = forms.CharField(label="At home, parents will", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    pupil_responsibilities = forms.CharField(label="The pupil will", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    review_date = forms.DateField(label="Review date", required=False, widget=DATE_WIDGET, help_text="Within a term of the plan starting")


class OutcomeForm(forms.Form):
    edit_version = forms.IntegerField(widget=forms.HiddenInput)
    description = forms.CharField(label="Outcome: what do the pupil and family want to be different?", widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text="In the pupil's and family's words where possible, for example 'I can tell an adult when I feel worried'")
    how_we_will_know = forms.CharField(label="How will we know? (against the pupil's own starting point)", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ProvisionForm(forms.Form):
    edit_version = forms.IntegerField(widget=forms.HiddenInput)
    barriers = forms.MultipleChoiceField(label="Which barriers does it remove or reduce?", choices=[], widget=forms.CheckboxSelectMultiple)
    kind = forms.ChoiceField(label="Kind of support", choices=Provision.Kind.choices, widget=forms.RadioSelect)
    description = forms.CharField(label="What exactly happens?", widget=forms.Textarea(attrs={"rows": 3}))
    delivered_by = forms.CharField(label="Who delivers it?", max_length=120)
    sessions_per_week = forms.DecimalField(label="Sessions a week", required=False, min_value=0, max_digits=4, decimal_places=1)
    minutes_per_session = forms.IntegerField(label="Minutes a session", required=False, min_value=0, max_value=600)
    group_size = forms.IntegerField(label="Group size (1 for one-to-one)", required=False, min_value=1, max_value=40)
    setting = forms.ChoiceField(label="Where", choices=Provision.Setting.choices, widget=forms.RadioSelect, initial=Provision.Setting.IN_CLASS)
    replaces_lessons = forms.CharField(label="If away from class: which lessons does it replace?", required=False, max_length=200)
    start_date = forms.DateField(label="Start date", required=False, widget=DATE_WIDGET)
    end_date = forms.DateField(label="End date", required=False, widget=DATE_WIDGET)
    cost = forms.DecimalField(label="Cost for this plan period (£)", required=False, min_value=0, max_digits=9, decimal_places=2)
    bank_strategy_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, barriers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["barriers"].choices = [(str(b.pk), b.title) for b in barriers]


class AgreeForm(forms.Form):
    agreed_on = forms.DateField(label="Date the parents agreed", widget=DATE_WIDGET)
    how = forms.ChoiceField(label="How was it agreed?", choices=Plan.AgreedHow.choices, widget=forms.RadioSelect)
    agreed_with = forms.CharField(label="Who agreed it for the family?", max_length=200)
    start_now = forms.BooleanField(label="The plan starts now", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_on"].initial = timezone.localdate()


class CustomStrategyForm(forms.Form):
    barrier_key = forms.ChoiceField(label="For which barrier?", choices=[])
    title = forms.CharField(label="Name of the strategy", max_length=200)
    description = forms.CharField(label="What exactly does the adult do?", widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label="Kind of support", choices=Provision.Kind.choices, widget=forms.RadioSelect)
    cost = forms.ChoiceField(label="What does it cost?", choices=[("none", "Nothing"), ("low", "A little"), ("funded", "Needs funding")], widget=forms.RadioSelect)
    delivered_by = forms.CharField(label="Who usually delivers it? (optional)", required=False, max_length=120)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .bank import barriers_by_area

        self.fields["barrier_key"].choices = [("", "Choose a barrier")] + [
            (b.key, f"{b.name} ({area.lower()})") for area, entries in barriers_by_area().items() for b in entries
        ]
