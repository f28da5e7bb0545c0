from __future__ import annotations

from django import forms
from django.utils import timezone

from sensupport.pupils.forms import free_text

from .models import (
    BROAD_AREA_CHOICES,
    Assessment,
    Barrier,
    BarrierStatus,
    BarrierView,
    Contributor,
    ContributorView,
    CustomStrategy,
    Impact,
    Outcome,
    Plan,
    Provision,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LOCK_TOKEN_MAX = 2**31 - 1  # the largest value the database keeps in a positive integer column


def model_text(
    model, name: str, label: str, *, what: str, required: bool = False, rows: int | None = 3, help_text: str = ""
) -> forms.CharField:
    """A free-text field as long as its model field allows (the register's `free_text`: a message
    for too long, saying by how much, and for a NUL character). `rows=None` is one line."""
    return free_text(
        label,
        what=what,
        model_field=model._meta.get_field(name),
        required=required,
        multiline=rows is not None,
        rows=rows or 1,
        help_text=help_text,
    )


def lock_token() -> forms.IntegerField:
    """The hidden 'which version did you start from' number of an optimistic lock. Only a tampered
    or truncated form gets it wrong, so one plain message covers every way it can be."""
    message = (
        "This form was incomplete or out of date, so nothing was saved. Copy your text, reload the page and try again."
    )
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=LOCK_TOKEN_MAX,
        error_messages=dict.fromkeys(("required", "invalid", "min_value", "max_value"), message),
    )


class LockTokenForm(forms.Form):
    """Just the draft's lock token, for the small remove buttons on the plan page."""

    edit_version = lock_token()


class BarrierForm(forms.Form):
    title = model_text(
        Barrier,
        "title",
        "What gets in the way?",
        what="The barrier",
        rows=None,
        required=True,
        help_text=(
            "A barrier to learning, not a diagnosis: for example 'Anxiety at transitions' or 'Recording work by hand'"
        ),
    )
    broad_area = forms.ChoiceField(label="Broad area of need", choices=BROAD_AREA_CHOICES)
    description = model_text(Barrier, "description", "Describe it in plain words", what="The description")
    where_when = model_text(
        Barrier, "where_when", "Where and when in the school day does it show?", what="Where and when it shows", rows=2
    )
    effect = model_text(
        Barrier, "effect", "How does it affect learning and wellbeing?", what="How it affects learning", rows=2
    )
    impact = forms.TypedChoiceField(
        label="How much does it affect the pupil now?",
        choices=Impact.choices,
        coerce=int,
        initial=Impact.MARKED,
        widget=forms.RadioSelect,
    )
    bank_key = forms.CharField(required=False, max_length=80, widget=forms.HiddenInput)


class ContributorViewForm(forms.Form):
    contributor = forms.ChoiceField(label="Whose view is this?", choices=Contributor.choices, widget=forms.RadioSelect)
    name = model_text(ContributorView, "name", "Their name", what="Their name", rows=None, required=True)
    what_is_hard = model_text(
        ContributorView, "what_is_hard", "What do they say is hard, and why?", what="What is hard"
    )
    strengths = model_text(ContributorView, "strengths", "Strengths they see", what="Strengths", rows=2)
    what_helps = model_text(ContributorView, "what_helps", "What they say helps", what="What helps", rows=2)

    def __init__(self, *args, barriers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.barriers = list(barriers)
        for barrier in self.barriers:
            self.fields[f"seen_{barrier.pk}"] = forms.ChoiceField(
                label=f"Do they see “{barrier.title}”?",
                choices=[("", "Not asked")] + list(BarrierView.Seen.choices),
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"impact_{barrier.pk}"] = forms.TypedChoiceField(
                label=f"If so, how much does “{barrier.title}” affect the pupil?",
                choices=[("", "Not said")] + list(Impact.choices),
                coerce=int,
                empty_value=None,
                required=False,
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
    present = forms.TypedChoiceField(
        label="Is it present now?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    impact = forms.TypedChoiceField(label="How much does it affect the pupil now?", choices=Impact.choices, coerce=int)
    resolution = model_text(
        BarrierStatus, "resolution", "Where views differ: how was it resolved?", what="How it was resolved", rows=2
    )


class AssessmentSummaryForm(forms.Form):
    summary_version = lock_token()
    strengths = model_text(Assessment, "strengths", "Strengths", what="Strengths", rows=2)
    interests = model_text(Assessment, "interests", "Interests", what="Interests", rows=2)
    what_helps = model_text(Assessment, "what_helps", "What already helps", what="What already helps", rows=2)


class PlanDraftForm(forms.Form):
    edit_version = lock_token()
    pupil_views = model_text(Plan, "pupil_views", "The pupil's views, in their words", what="The pupil's views")
    parent_views = model_text(Plan, "parent_views", "The parents' views, in their words", what="The parents' views")
    school_responsibilities = model_text(
        Plan, "school_responsibilities", "The school will", what="What the school will do"
    )
    parent_responsibilities = model_text(
        Plan, "parent_responsibilities", "At home, parents will", what="What parents will do"
    )
    pupil_responsibilities = model_text(
        Plan, "pupil_responsibilities", "The pupil will", what="What the pupil will do", rows=2
    )
    review_date = forms.DateField(
        label="Review date", required=False, widget=DATE_WIDGET, help_text="Within a term of the plan starting"
    )


class OutcomeForm(forms.Form):
    edit_version = lock_token()
    description = model_text(
        Outcome,
        "description",
        "Outcome: what do the pupil and family want to be different?",
        what="The outcome",
        rows=2,
        required=True,
        help_text=(
            "In the pupil's and family's words where possible, for example 'I can tell an adult when I feel worried'"
        ),
    )
    how_we_will_know = model_text(
        Outcome,
        "how_we_will_know",
        "How will we know? (against the pupil's own starting point)",
        what="How we will know",
        rows=2,
        help_text="What we will see or hear that is different from where the pupil starts now, for example "
        "'Now she asks for help once a week; by the review she asks in most lessons without a prompt'",
    )
    barriers = forms.MultipleChoiceField(
        label="Which barriers is this outcome about?", choices=[], required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, barriers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["barriers"].choices = [(str(b.pk), b.title) for b in barriers]


class NoOutcomeReasonForm(forms.Form):
    edit_version = lock_token()
    barrier = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why is there no outcome for this barrier?",
        required=False,
        max_length=500,
        error_messages={"max_length": "Say why in 500 characters or fewer."},
    )


class ProvisionForm(forms.Form):
    edit_version = lock_token()
    barriers = forms.MultipleChoiceField(
        label="Which barriers does it remove or reduce?", choices=[], widget=forms.CheckboxSelectMultiple
    )
    kind = forms.ChoiceField(label="Kind of support", choices=Provision.Kind.choices, widget=forms.RadioSelect)
    description = model_text(Provision, "description", "What exactly happens?", what="What happens", required=True)
    delivered_by = model_text(
        Provision, "delivered_by", "Who delivers it?", what="Who delivers it", rows=None, required=True
    )
    sessions_per_week = forms.DecimalField(
        label="Sessions a week", required=False, min_value=0, max_digits=4, decimal_places=1
    )
    minutes_per_session = forms.IntegerField(label="Minutes a session", required=False, min_value=0, max_value=600)
    group_size = forms.IntegerField(label="Group size (1 for one-to-one)", required=False, min_value=1, max_value=40)
    setting = forms.ChoiceField(
        label="Where", choices=Provision.Setting.choices, widget=forms.RadioSelect, initial=Provision.Setting.IN_CLASS
    )
    replaces_lessons = model_text(
        Provision,
        "replaces_lessons",
        "If away from class: which lessons does it replace?",
        what="The lessons it replaces",
        rows=None,
    )
    start_date = forms.DateField(label="Start date", required=False, widget=DATE_WIDGET)
    end_date = forms.DateField(label="End date", required=False, widget=DATE_WIDGET)
    # No cost field: what support costs is computed from the school's catalogue and pay rates
    # (provision app, ADR 0011), never typed.
    bank_strategy_key = forms.CharField(required=False, max_length=80, widget=forms.HiddenInput)

    def __init__(self, *args, barriers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["barriers"].choices = [(str(b.pk), b.title) for b in barriers]


class AgreeForm(forms.Form):
    agreed_on = forms.DateField(label="Date the parents agreed", widget=DATE_WIDGET)
    how = forms.ChoiceField(label="How was it agreed?", choices=Plan.AgreedHow.choices, widget=forms.RadioSelect)
    agreed_with = model_text(
        Plan, "agreed_with", "Who agreed it for the family?", what="Who agreed it", rows=None, required=True
    )
    start_now = forms.BooleanField(label="The plan starts now", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_on"].initial = timezone.localdate()


class CustomStrategyForm(forms.Form):
    barrier_key = forms.ChoiceField(label="For which barrier?", choices=[])
    title = model_text(
        CustomStrategy, "title", "Name of the strategy", what="The name of the strategy", rows=None, required=True
    )
    description = model_text(
        CustomStrategy, "description", "What exactly does the adult do?", what="What the adult does", required=True
    )
    kind = forms.ChoiceField(label="Kind of support", choices=Provision.Kind.choices, widget=forms.RadioSelect)
    cost = forms.ChoiceField(
        label="What does it cost?",
        choices=[("none", "Nothing"), ("low", "A little"), ("funded", "Needs funding")],
        widget=forms.RadioSelect,
    )
    delivered_by = model_text(
        CustomStrategy, "delivered_by", "Who usually delivers it? (optional)", what="Who usually delivers it", rows=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .bank import barriers_by_area

        self.fields["barrier_key"].choices = [("", "Choose a barrier")] + [
            (b.key, f"{b.name} ({area.lower()})") for area, entries in barriers_by_area().items() for b in entries
        ]
