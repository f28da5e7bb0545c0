from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone

from sensupport.plans.bank import shipped_bank
from sensupport.plans.models import BROAD_AREA_CHOICES, Provision

from .models import PayRole, Session, Weekday

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _money(label: str, *, help_text: str = "", required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=required,
        min_value=Decimal("0"),
        max_digits=9,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a number of pounds, like 18.50",
            "min_value": f"The {label.lower()} cannot be negative",
            "max_decimal_places": f"Enter the {label.lower()} to the penny, like 18.50",
        },
    )


def _date(label: str, *, help_text: str = "", required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        required=required,
        widget=DATE_WIDGET,
        error_messages={"required": f"Enter the {label.lower()}", "invalid": "Enter a real date, like 2026-09-01"},
    )


class PayRoleForm(forms.Form):
    name = forms.CharField(
        label="Role",
        max_length=100,
        help_text="For example Teaching assistant (level 2) or Teacher (main scale)",
        error_messages={"required": "Enter the role's name"},
    )
    hourly_cost = _money("Hourly cost", help_text="Pay for an hour plus on-costs (employer's pension and NI), £")
    valid_from = _date("From", help_text="The first day this rate applies")


class PayRateForm(forms.Form):
    hourly_cost = _money("Hourly cost", help_text="Pay for an hour plus on-costs, £")
    valid_from = _date("From", help_text="The first day this rate applies. Days before it keep the rate in force then.")


class WeeksForm(forms.Form):
    weeks = forms.IntegerField(
        label="Weeks a year support runs",
        min_value=1,
        max_value=52,
        help_text="Most schools: 38",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter the number of weeks",
            "invalid": "Enter the weeks as a whole number, like 38",
            "min_value": "Enter at least 1 week",
            "max_value": "Enter 52 weeks or fewer",
        },
    )


def _positive_int(label: str, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a whole number",
            "min_value": f"The {label.lower()} must be 1 or more",
        },
    )


class InterventionForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=120,
        help_text="For example Precision teaching, Lego therapy, 1:1 TA in maths",
        error_messages={"required": "Enter the intervention's name"},
    )
    description = forms.CharField(
        label="What happens", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    broad_area = forms.ChoiceField(
        label="Broad area of need",
        choices=BROAD_AREA_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the broad area of need"},
    )
    barrier_keys = forms.MultipleChoiceField(
        label="Barriers it addresses",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="From the strategy bank",
    )
    setting = forms.ChoiceField(
        label="Where does it happen?",
        choices=Provision.Setting.choices,
        widget=forms.RadioSelect,
        initial=Provision.Setting.WITHDRAWN,
        error_messages={"required": "Choose where it happens"},
    )
    sessions_per_week = forms.DecimalField(
        label="Sessions a week",
        min_value=Decimal("0.1"),
        max_digits=4,
        decimal_places=1,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter the sessions a week",
            "invalid": "Enter the sessions a week as a number, like 3",
            "min_value": "Enter at least 0.1 sessions a week",
        },
    )
    minutes_per_session = _positive_int("Minutes a session")
    group_size = _positive_int("Pupils in a group", help_text="1 for one-to-one")
    pay_role = forms.ModelChoiceField(
        label="Who runs it (pay role)",
        queryset=PayRole.objects.none(),
        required=False,
        empty_label="Nobody extra: no staff cost",
        error_messages={"invalid_choice": "Choose one of your school's pay roles"},
    )
    resources_cost = _money("Resources a year", help_text="For one group, £ (0 if none)", required=False)
    measure_name = forms.CharField(
        label="Entry and exit measure (optional)",
        required=False,
        max_length=120,
        help_text="The assessment used before and after, for example Salford reading test",
    )
    measure_scale = forms.CharField(
        label="Its scale (optional)", required=False, max_length=80, help_text="For example reading age in months"
    )
    archived = forms.BooleanField(label="No longer offered (kept for the record)", required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pay_role"].queryset = PayRole.objects.filter(school=school)
        self.fields["barrier_keys"].choices = sorted(
            ((key, barrier.name) for key, barrier in shipped_bank().items()), key=lambda c: c[1]
        )

    def clean_resources_cost(self):
        return self.cleaned_data.get("resources_cost") or Decimal("0")


class GroupForm(forms.Form):
    name = forms.CharField(
        label="Group name",
        max_length=100,
        help_text="For example Precision teaching Year 3 (Monday)",
        error_messages={"required": "Enter the group's name"},
    )
    staff = forms.ModelMultipleChoiceField(
        label="Staff who run it",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose who runs the group"},
    )
    starts_on = _date("Starts on")
    ends_on = _date("Ends on (optional)", required=False)
    slot_1_day = forms.TypedChoiceField(
        label="Day", choices=Weekday.choices, coerce=int, error_messages={"required": "Choose the day it meets"}
    )
    slot_1_time = forms.TimeField(
        label="Time",
        help_text="24-hour clock, like 09:15",
        widget=TIME_WIDGET,
        error_messages={
            "required": "Enter the time it starts, like 09:15",
            "invalid": "Enter the time on the 24-hour clock, like 09:15",
        },
    )
    slot_2_day = forms.TypedChoiceField(
        label="Day", choices=[("", "No second time")] + Weekday.choices, coerce=int, required=False, empty_value=None
    )
    slot_2_time = forms.TimeField(label="Time", widget=TIME_WIDGET, required=False)
    slot_3_day = forms.TypedChoiceField(
        label="Day", choices=[("", "No third time")] + Weekday.choices, coerce=int, required=False, empty_value=None
    )
    slot_3_time = forms.TimeField(label="Time", widget=TIME_WIDGET, required=False)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff
        self.fields["staff"].label_from_instance = lambda user: user.display_name
        self.fields["starts_on"].initial = timezone.localdate()

    def slots(self) -> list[tuple[int, object]]:
        data = self.cleaned_data
        found = []
        for n in (1, 2, 3):
            day, time = data.get(f"slot_{n}_day"), data.get(f"slot_{n}_time")
            if day is not None and time is not None:
                found.append((day, time))
        return found

    def clean(self):
        data = super().clean()
        for n in (2, 3):
            if (data.get(f"slot_{n}_day") is None) != (data.get(f"slot_{n}_time") is None):
                self.add_error(f"slot_{n}_time", f"Give both the day and the time of meeting {n}, or neither")
        return data


class PlacePupilForm(forms.Form):
    pupil = forms.ModelChoiceField(
        label="Pupil",
        queryset=None,
        error_messages={"required": "Choose a pupil", "invalid_choice": "Choose a pupil from the list"},
    )
    replaces_lessons = forms.CharField(
        label="Which lessons does it replace?",
        required=False,
        max_length=200,
        help_text="Needed for support away from class, for example Assembly, or part of guided reading",
    )

    def __init__(self, *args, pupils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = pupils
        self.fields["pupil"].label_from_instance = lambda p: f"{p.display_name} (Year {p.year_group})"


class SessionForm(forms.Form):
    """Logged on a phone in seconds: the date and time are filled in, everyone ticked as attending."""

    date = _date("Date")
    starts_at = forms.TimeField(
        label="Time",
        help_text="24-hour clock, like 09:15",
        widget=TIME_WIDGET,
        error_messages={"required": "Enter the time", "invalid": "Enter the time on the 24-hour clock, like 09:15"},
    )
    status = forms.ChoiceField(
        label="Did the session happen?",
        choices=Session.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the session was held or cancelled"},
    )
    attended = forms.ModelMultipleChoiceField(
        label="Who came", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    cancel_reason = forms.ChoiceField(
        label="If cancelled, why?",
        choices=[("", "Choose a reason")] + Session.CancelReason.choices,
        required=False,
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=300)

    def __init__(self, *args, pupils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = pupils
        self.fields["attended"].label_from_instance = lambda p: p.display_name


def _score(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=7,
        decimal_places=1,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
        error_messages={
            "invalid": f"Enter the {label.lower()} as a number, like 24 or 24.5",
            "max_decimal_places": f"Enter the {label.lower()} to one decimal place at most",
            "max_digits": f"The {label.lower()} is too long: at most 6 figures",
        },
    )


class ScoreForm(forms.Form):
    entry = _score("Entry score")
    exit = _score("Exit score")


class CostingForm(forms.Form):
    intervention = forms.ModelChoiceField(
        label="Which of your school's interventions is this?",
        queryset=None,
        required=False,
        empty_label="None of them: it costs nothing beyond the class teacher's time",
    )

    def __init__(self, *args, interventions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intervention"].queryset = interventions
