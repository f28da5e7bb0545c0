from __future__ import annotations

from django import forms
from django.utils import timezone

from sensupport.accounts.models import Role
from sensupport.pupils.models import YEAR_GROUP_CHOICES, TeachingGroup

STAFF_ROLE_CHOICES = [
    (r.value, r.label) for r in (Role.SENCO, Role.HEAD, Role.TEACHER, Role.TEACHING_ASSISTANT, Role.SCHOOL_ADMIN)
]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _name(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=150,
        error_messages={
            "required": f"Enter their {label.lower()}",
            "max_length": f"{label} must be 150 characters or fewer",
        },
    )


class StaffForm(forms.Form):
    first_name = _name("First name")
    last_name = _name("Last name")
    role = forms.ChoiceField(
        label="Role",
        choices=STAFF_ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose their role", "invalid_choice": "Choose their role from the list"},
    )


class NewStaffForm(StaffForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="Their school email address. It is their username; we email them a link to choose a password.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter their email address in the right format, like name@school.example",
        },
    )
    field_order = ["email", "first_name", "last_name", "role"]


class GroupForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="For example 4B, Year 9 maths set 2 or Lunchtime social skills",
        error_messages={"required": "Enter the group's name", "max_length": "The name must be 100 characters or fewer"},
    )
    kind = forms.ChoiceField(
        label="What kind of group is it?",
        choices=TeachingGroup.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether this is a class, a set or an intervention group"},
    )
    year_group = forms.ChoiceField(
        label="Year group",
        required=False,
        choices=[("", "Mixed years or none")] + YEAR_GROUP_CHOICES,
        error_messages={"invalid_choice": "Choose a year group from the list"},
    )


class ContactForm(forms.Form):
    relationship = forms.CharField(
        label="Who are they to the pupil?",
        max_length=50,
        help_text="For example mother, father, grandparent or foster carer",
        error_messages={
            "required": "Say who they are to the pupil",
            "max_length": "The relationship must be 50 characters or fewer",
        },
    )
    has_parental_responsibility = forms.TypedChoiceField(
        label="Do they have parental responsibility?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
        help_text="Only a parent or carer with parental responsibility sees the pupil's record in sensupport",
        error_messages={"required": "Say whether they have parental responsibility"},
    )


class NewContactForm(ContactForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="They sign in with a code sent to this address",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter their email address in the right format, like name@example.com",
        },
    )
    first_name = forms.CharField(
        label="First name", max_length=150, required=False, help_text="Not needed if they already have an account"
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, required=False, help_text="Not needed if they already have an account"
    )
    field_order = ["email", "first_name", "last_name", "relationship", "has_parental_responsibility"]


class ContactEndForm(forms.Form):
    ended_on = forms.DateField(
        label="From which date?",
        widget=DATE_WIDGET,
        help_text="Today or earlier",
        error_messages={
            "required": "Enter the date the contact ended",
            "invalid": "Enter a real date, for example 2026-12-03",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()
