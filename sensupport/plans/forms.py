from __future__ import annotations

from django import forms
from django.utils import timezone

from .models import BROAD_AREA_CHOICES, BarrierView, Contributor, Impact, Plan, Provision

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LONG_TEXT = 5000  # a page of writing: room for a view in someone's own words, not a pasted report
LOCK_TOKEN_MAX = 2**31 - 1  # the largest value the database keeps in a positive integer column


def text_field(label: str, *, name: str, max_length: int = LONG_TEXT, rows: int | None = 3, required: bool = False, help_text: str = "") -> forms.CharField:
    """A free-text field with a length limit and messages that say which text is wrong and what to
    do. `rows=None` is a single line. Django already refuses NUL characters; we say it plainly."""
    return forms.CharField(
        label=label, required=required, max_length=max_length, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput,
        error_messages={
            "max_length": f"{name} must be {max_length:,} characters or fewer: it has %(show_value)d. Shorten it and try again.",
            "null_characters_not_allowed": f"{name} has a hidden character in it (this can happen when text is pasted). Type that part again, then save.",
        },
    )


def lock_token() -> forms.IntegerField:
    """The hidden 'which version did you start from' number of an optimistic lock. Only a tampered
    or truncated form gets it wrong, so one plain message covers every way it can be."""
    message = "This form was incomplete or out of date, so nothing was saved. Copy your text, reload the page and try again."
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=LOCK_TOKEN_MAX,
                              error_messages={code: message for code in ("required", "invalid", "min_value", "max_value")})


class LockTokenForm(forms.Form):
    """Just the draft's lock token, for the small remove buttons on the plan page."""

    edit_version = lock_token()


class BarrierForm(forms.Form):
    title = text_field("What gets in the way?", name="The barrier", max_length=200, rows=None, required=True,
                 help_text="A barrier to learning, not a diagnosis: for example 'Anxiety at transitions' or 'Recording work by hand'")
    broad_area = forms.ChoiceField(label="Broad area of need", choices=BROAD_AREA_CHOICES)
    description = text_field("Describe it in plain words", name="The description")
    where_when = text_field("Where and when in the school day does it show?", name="Where and when it shows", rows=2)
    effect = text_field("How does it affect learning and wellbeing?", name="How it affects learning", rows=2)
    impact = forms.TypedChoiceField(label="How much does it affect the pupil now?", choices=Impact.choices, coerce=int, initial=Impact.MARKED, widget=forms.RadioSelect)
    bank_key = forms.CharField(required=False, max_length=80, widget=forms.HiddenInput)


class ContributorViewForm(forms.Form):
    contributor = forms.ChoiceField(label="Whose view is this?", choices=Contributor.choices, widget=forms.RadioSelect)
    name = text_field("Their name", name="Their name", max_length=120, rows=None, required=True)
    what_is_hard = text_field("What do they say is hard, and why?", name="What is hard")
    strengths = text_field("Strengths they see", name="Strengths", rows=2)
    what_helps = text_field("What they say helps", name="What helps", rows=2)

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
    resolution = text_field("Where views differ: how was it resolved?", name="How it was resolved", rows=2)


class AssessmentSummaryForm(forms.Form):
    summary_version = lock_token()
    strengths = text_field("Strengths", name="Strengths", rows=2)
    interests = text_field("Interests", name="Interests", rows=2)
    what_helps = text_field("What already helps", name="What already helps", rows=2)


class PlanDraftForm(forms.Form):
    edit_version = lock_token()
    pupil_views = text_field("The pupil's views, in their words", name="The pupil's views")
    parent_views = text_field("The parents' views, in their words", name="The parents' views")
    school_responsibilities = text_field("The school will", name="What the school will do")
    parent_responsibilities = text_field("At home, parents will", name="What parents will do")
    pupil_responsibilities = text_field("The pupil will", name="What the pupil will do", rows=2)
    review_date = forms.DateField(label="Review date", required=False, widget=DATE_WIDGET, help_text="Within a term of the plan starting")


class OutcomeForm(forms.Form):
    edit_version = lock_token()
    description = text_field("Outcome: what do the pupil and family want to be different?", name="The outcome", rows=2, required=True,
                       help_text="In the pupil's and family's words where possible, for example 'I can tell an adult when I feel worried'")
    how_we_will_know = text_field("How will we know? (against the pupil's own starting point)", name="How we will know", rows=2)


class ProvisionForm(forms.Form):
    edit_version = lock_token()
    barriers = forms.MultipleChoiceField(label="Which barriers does it remove or reduce?", choices=[], widget=forms.CheckboxSelectMultiple)
    kind = forms.ChoiceField(label="Kind of support", choices=Provision.Kind.choices, widget=forms.RadioSelect)
    description = text_field("What exactly happens?", name="What happens", required=True)
    delivered_by = text_field("Who delivers it?", name="Who delivers it", max_length=120, rows=None, required=True)
    sessions_per_week = forms.DecimalField(label="Sessions a week", required=False, min_value=0, max_digits=4, decimal_places=1)
    minutes_per_session = forms.IntegerField(label="Minutes a session", required=False, min_value=0, max_value=600)
    group_size = forms.IntegerField(label="Group size (1 for one-to-one)", required=False, min_value=1, max_value=40)
    setting = forms.ChoiceField(label="Where", choices=Provision.Setting.choices, widget=forms.RadioSelect, initial=Provision.Setting.IN_CLASS)
    replaces_lessons = text_field("If away from class: which lessons does it replace?", name="The lessons it replaces", max_length=200, rows=None)
    start_date = forms.DateField(label="Start date", required=False, widget=DATE_WIDGET)
    end_date = forms.DateField(label="End date", required=False, widget=DATE_WIDGET)
    cost = forms.DecimalField(label="Cost for this plan period (£)", required=False, min_value=0, max_digits=9, decimal_places=2)
    bank_strategy_key = forms.CharField(required=False, max_length=80, widget=forms.HiddenInput)

    def __init__(self, *args, barriers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["barriers"].choices = [(str(b.pk), b.title) for b in barriers]


class AgreeForm(forms.Form):
    agreed_on = forms.DateField(label="Date the parents agreed", widget=DATE_WIDGET)
    how = forms.ChoiceField(label="How was it agreed?", choices=Plan.AgreedHow.choices, widget=forms.RadioSelect)
    agreed_with = text_field("Who agreed it for the family?", name="Who agreed it", max_length=200, rows=None, required=True)
    start_now = forms.BooleanField(label="The plan starts now", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_on"].initial = timezone.localdate()


class CustomStrategyForm(forms.Form):
    barrier_key = forms.ChoiceField(label="For which barrier?", choices=[])
    title = text_field("Name of the strategy", name="The name of the strategy", max_length=200, rows=None, required=True)
    description = text_field("What exactly does the adult do?", name="What the adult does", required=True)
    kind = forms.ChoiceField(label="Kind of support", choices=Provision.Kind.choices, widget=forms.RadioSelect)
    cost = forms.ChoiceField(label="What does it cost?", choices=[("none", "Nothing"), ("low", "A little"), ("funded", "Needs funding")], widget=forms.RadioSelect)
    delivered_by = text_field("Who usually delivers it? (optional)", name="Who usually delivers it", max_length=120, rows=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .bank import barriers_by_area

        self.fields["barrier_key"].choices = [("", "Choose a barrier")] + [
            (b.key, f"{b.name} ({area.lower()})") for area, entries in barriers_by_area().items() for b in entries
        ]
