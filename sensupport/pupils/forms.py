from __future__ import annotations

from django import forms
from django.utils import timezone

from . import codes
from .census import RankedNeed
from .models import YEAR_GROUP_CHOICES, Concern, ConcernNote, ParentConversation, SenStatusChange
from .selectors import COVERAGE_CHOICES, RegisterFilters

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# PostgreSQL cannot store a NUL character; it usually comes from pasting out of another program.
NUL_MESSAGE = "{field} must not contain a null character. Type it again instead of pasting it"


def _field(model, name: str):
    return model._meta.get_field(name)


def free_text(
    label: str,
    *,
    what: str,
    model_field,
    required: bool = True,
    multiline: bool = True,
    rows: int = 4,
    help_text: str = "",
    required_message: str = "",
) -> forms.CharField:
    """A free-text field as long as its model field allows, with messages that say what is wrong:
    too long (and by how much), a NUL character, or nothing entered."""
    limit = model_field.max_length
    field = forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}) if multiline else forms.TextInput,
        error_messages={
            "required": required_message or f"Enter {what[0].lower() + what[1:]}",
            "max_length": f"{what} must be {limit:,} characters or less (it has %(show_value)d)",
            "null_characters_not_allowed": NUL_MESSAGE.format(field=what),
        },
    )
    # No maxlength attribute: a browser would cut pasted text short without saying so, and the
    # person would lose the end of what they wrote. The server says how long it is instead.
    field.widget.attrs.pop("maxlength", None)
    return field


def _need_choices(blank: str) -> list[tuple[str, str]]:
    return [("", blank)] + codes.need_choices()


class RegisterFilterForm(forms.Form):
    """The register's filters, for the register page and the API list alike. The messages name
    what is allowed, because an API caller types these values by hand."""

    q = forms.CharField(
        label="Name or UPN",
        required=False,
        max_length=100,
        error_messages={
            "max_length": "Name or UPN must be 100 characters or less",
            "null_characters_not_allowed": NUL_MESSAGE.format(field="Name or UPN"),
        },
    )
    status = forms.ChoiceField(
        label="SEN status",
        required=False,
        choices=[("", "Any status"), ("register", "On the register (monitoring, SEN Support, EHC plan)")]
        + list(codes.STATUS_LABELS.items()),
        error_messages={"invalid_choice": "SEN status must be one of N, M, K, E or register"},
    )
    need = forms.ChoiceField(
        label="Need",
        required=False,
        choices=[],
        error_messages={"invalid_choice": "Need must be a DfE need type code, for example SLCN or SEMH"},
    )
    area = forms.ChoiceField(
        label="Broad area of need",
        required=False,
        choices=[("", "Any area")] + [(k, v) for k, v in codes.BroadArea.SLUGS.items()],
        error_messages={"invalid_choice": "Broad area must be one of " + ", ".join(codes.BroadArea.SLUGS)},
    )
    year_group = forms.ChoiceField(
        label="Year group",
        required=False,
        choices=[("", "Any year")] + YEAR_GROUP_CHOICES,
        error_messages={"invalid_choice": "Year group must be one of N1, N2, R, 1 to 14 or X"},
    )
    group = forms.ChoiceField(
        label="Class or group",
        required=False,
        choices=[],
        error_messages={"invalid_choice": "Class or group must be one of your classes or groups"},
    )
    coverage = forms.ChoiceField(
        label="Plan coverage",
        required=False,
        choices=[("", "Any")] + COVERAGE_CHOICES,
        error_messages={
            "invalid_choice": "Plan coverage must be one of " + ", ".join(key for key, _ in COVERAGE_CHOICES)
        },
    )

    school = forms.ChoiceField(
        label="School",
        required=False,
        choices=[],
        error_messages={"invalid_choice": "School must be one of the schools your pupils are at"},
    )

    def __init__(self, *args, groups=(), year_groups=None, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [("", "Any school")] + [(str(s.pk), s.name) for s in schools]
        self.fields["need"].choices = _need_choices("Any need")
        self.fields["group"].choices = [("", "Any class")] + [(str(g.pk), g.name) for g in groups]
        if year_groups is not None:  # the register page: only the years this user's pupils are in
            self.fields["year_group"].choices = [("", "Any year")] + [
                (value, label) for value, label in YEAR_GROUP_CHOICES if value in year_groups
            ]

    def register_filters(self) -> RegisterFilters:
        """The valid filters as the selector takes them (call after is_valid())."""
        return RegisterFilters(**{name: value or "" for name, value in self.cleaned_data.items()})


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
    status = forms.ChoiceField(
        label="New SEN status", choices=list(codes.STATUS_LABELS.items()), widget=forms.RadioSelect
    )
    start_date = forms.DateField(label="From", widget=DATE_WIDGET)
    reason = free_text(
        "Reason",
        what="The reason",
        model_field=_field(SenStatusChange, "reason"),
        rows=3,
        required_message="Enter the reason for the change",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].initial = timezone.localdate()


class ConcernForm(forms.Form):
    noticed = free_text(
        "What have you noticed?",
        what="What you have noticed",
        model_field=_field(Concern, "noticed"),
        help_text=(
            "Describe what you see, not a diagnosis: for example, 'stops writing after two lines and puts her head "
            "down'."
        ),
        rows=5,
    )
    where_when = free_text(
        "Where and when does it show?",
        what="Where and when it shows",
        model_field=_field(Concern, "where_when"),
        required=False,
        help_text="Which lessons, times of day, places",
        rows=3,
    )
    broad_area = forms.ChoiceField(
        label="Which broad area of need might it relate to? (optional)",
        required=False,
        choices=[("", "Not sure")] + [(a, a) for a in codes.BroadArea.ALL],
    )


class ConcernNoteForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type", choices=ConcernNote.Kind.choices, widget=forms.RadioSelect, initial=ConcernNote.Kind.EVIDENCE
    )
    text = free_text("Note or evidence", what="The note or evidence", model_field=_field(ConcernNote, "text"))


class ConcernDecisionForm(NeedsFieldsMixin):
    decision = forms.ChoiceField(
        label="Decision",
        choices=Concern.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a decision"},
    )
    notes = free_text(
        "Reasons for the decision", what="The reasons for the decision", model_field=_field(Concern, "decision_notes")
    )
    start_date = forms.DateField(label="SEN Support starts on", required=False, widget=DATE_WIDGET)


class ParentConversationForm(forms.ModelForm):
    parents_present = free_text(
        "Who took part for the family",
        what="Who took part for the family",
        multiline=False,
        model_field=_field(ParentConversation, "parents_present"),
    )
    summary = free_text(
        "What was discussed and agreed",
        what="What was discussed and agreed",
        model_field=_field(ParentConversation, "summary"),
    )
    parent_views = free_text(
        "The parents' views, in their words",
        what="The parents' views",
        required=False,
        model_field=_field(ParentConversation, "parent_views"),
    )

    class Meta:
        model = ParentConversation
        fields = ["held_on", "method", "purpose", "parents_present", "summary", "parent_views"]
        widgets = {
            "held_on": DATE_WIDGET,
            "method": forms.RadioSelect,
            "purpose": forms.RadioSelect,
        }
        error_messages = {
            "held_on": {
                "required": "Enter the date of the conversation",
                "invalid": "Enter a real date, for example 24/11/2026",
            },
            "method": {"required": "Choose how the conversation happened"},
            "purpose": {"required": "Choose what the conversation was about"},
        }
        labels = {"held_on": "Date of the conversation"}
