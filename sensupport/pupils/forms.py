from __future__ import annotations

from django import forms
from django.utils import timezone

from . import codes
from .census import RankedNeed
from .models import YEAR_GROUP_CHOICES, Concern, ConcernNote, ParentConversation

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _need_choices(blank: str) -> list[tuple[str, str]]:
    return [("", blank)] + codes.need_choices()


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label="Name or UPN", required=False)
    status = forms.ChoiceField(
        label="SEN status",
        required=False,
        choices=[("", "Any status"), ("register", "On the register (monitoring, SEN Support, EHC plan)")] + list(codes.STATUS_LABELS.items()),
    )
    need = forms.ChoiceField(label="Need", required=False, choices=[])
    area = forms.ChoiceField(
        label="Broad area of need", required=False, choices=[("", "Any area")] + [(k, v) for k, v in codes.BroadArea.SLUGS.items()]
    )
    year_group = forms.ChoiceField(label="Year group", required=False, choices=[("", "Any year")] + YEAR_GROUP_CHOICES)
    group = forms.ChoiceField(label="Class or group", required=False, choices=[])

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = _need_choices("Any need")
        self.fields["group"].choices = [("", "Any class")] + [(str(g.pk), g.name) for g in groups]


class NeedsFieldsMixin(forms.Form):
    primary_need = forms.ChoiceField(label="Primary need (rank 1)", required=False, choices=[])
    secondary_need = forms.ChoiceField(label="Secondary need (rank 2, optional)", required=False, choices=[])
    other_needs = forms.MultipleChoiceField(
        label="Other needs the school records (not sent to the census)",
        required=False,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["primary_need"].choices = _need_choices("Choose the primary need")
        self.fields["secondary_need"].choices = _need_choices("No secondary need")
        self.fields["other_needs"].choices = codes.need_choices()

    def ranked_needs(self) -> list[RankedNeed]:
        data = self.cleaned_data
        needs = []
        if data.get("primary_need"):
            needs.append(RankedNeed(data["primary_need"], 1))
        if data.get("secondary_need"):
            needs.append(RankedNeed(data["secondary_need"], 2))
        for code in data.get("other_needs") or []:
            if code not in {data.get("primary_need"), data.get("secondary_need")}:
                needs.append(RankedNeed(code, None))
        return needs

    @staticmethod
    def initial_from(needs) -> dict:
        initial: dict = {"other_needs": []}
        for need in needs:
            if need.rank == 1:
                initial["primary_need"] = need.need_type
            elif need.rank == 2:
                initial["secondary_need"] = need.need_type
            else:
                initial["other_needs"].append(need.need_type)
        return initial


class NeedsForm(NeedsFieldsMixin):
    version = forms.IntegerField(widget=forms.HiddenInput)


class StatusChangeForm(NeedsFieldsMixin):
    status = forms.ChoiceField(label="New SEN status", choices=list(codes.STATUS_LABELS.items()), widget=forms.RadioSelect)
    start_date = forms.DateField(label="From", widget=DATE_WIDGET)
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].initial = timezone.localdate()


class ConcernForm(forms.Form):
    noticed = forms.CharField(
        label="What have you noticed?",
        help_text="Describe what you see, not a diagnosis: for example, 'stops writing after two lines and puts her head down'.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what you have noticed"},
    )
    where_when = forms.CharField(
        label="Where and when does it show?", required=False, help_text="Which lessons, times of day, places", widget=forms.Textarea(attrs={"rows": 3})
    )
    broad_area = forms.ChoiceField(
        label="Which broad area of need might it relate to? (optional)",
        required=False,
        choices=[("", "Not sure")] + [(a, a) for a in codes.BroadArea.ALL],
    )


class ConcernNoteForm(forms.Form):
    kind = forms.ChoiceField(label="Type", choices=ConcernNote.Kind.choices, widget=forms.RadioSelect, initial=ConcernNote.Kind.EVIDENCE)
    text = forms.CharField(label="Note or evidence", widget=forms.Textarea(attrs={"rows": 4}), error_messages={"required": "Enter the note or evidence"})


class ConcernDecisionForm(NeedsFieldsMixin):
    decision = forms.ChoiceField(label="Decision", choices=Concern.Decision.choices, widget=forms.RadioSelect, error_messages={"required": "Choose a decision"})
    notes = forms.CharField(label="Reasons for the decision", widget=forms.Textarea(attrs={"rows": 4}), error_messages={"required": "Enter the reasons for the decision"})
    start_date = forms.DateField(label="SEN Support starts on", required=False, widget=DATE_WIDGET)


class ParentConversationForm(forms.ModelForm):
    class Meta:
        model = ParentConversation
        fields = ["held_on", "method", "purpose", "parents_present", "summary", "parent_views"]
        widgets = {
            "held_on": DATE_WIDGET,
            "method": forms.RadioSelect,
            "purpose": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "parent_views": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "held_on": {"required": "Enter the date of the conversation", "invalid": "Enter a real date, for example 24/11/2026"},
            "method": {"required": "Choose how the conversation happened"},
            "purpose": {"required": "Choose what the conversation was about"},
            "parents_present": {"required": "Enter who took part for the family"},
            "summary": {"required": "Enter what was discussed and agreed"},
        }
        labels = {
            "held_on": "Date of the conversation",
            "parents_present": "Who took part for the family",
            "summary": "What was discussed and agreed",
            "parent_views": "The parents' views, in their words",
        }
