from __future__ import annotations

from django import forms

from sensupport.accounts.services import LEADER_ROLES
from sensupport.organisations.gias import establishment_types
from sensupport.organisations.models import LocalAuthority, School

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class LocalAuthorityForm(forms.Form):
    code = forms.CharField(
        label="Local authority code",
        max_length=3,
        help_text="Three digits, for example 201",
        error_messages={
            "required": "Enter the local authority code",
            "max_length": "Enter the local authority code as three digits, for example 201",
        },
    )
    name = forms.CharField(
        label="Name", max_length=120, error_messages={"required": "Enter the local authority's name"}
    )


def _type_choices():
    return [("", "Choose a type")] + [
        (str(code), f"{name} ({code})") for code, (name, _) in sorted(establishment_types().items())
    ]


class SchoolForm(forms.Form):
    local_authority = forms.ModelChoiceField(
        label="Local authority",
        queryset=LocalAuthority.objects.all(),
        empty_label="Choose a local authority",
        error_messages={"required": "Choose the local authority", "invalid_choice": "Choose the local authority"},
    )
    name = forms.CharField(label="School name", max_length=200, error_messages={"required": "Enter the school's name"})
    urn = forms.CharField(
        label="URN",
        max_length=6,
        help_text="Six digits, for example 100000: the school's Unique Reference Number in GIAS",
        error_messages={"required": "Enter the URN", "max_length": "Enter the URN as six digits, for example 100000"},
    )
    establishment_number = forms.CharField(
        label="Establishment number",
        max_length=4,
        help_text="Four digits, for example 3614",
        error_messages={
            "required": "Enter the establishment number",
            "max_length": "Enter the establishment number as four digits, for example 3614",
        },
    )
    phase = forms.ChoiceField(
        label="Phase",
        choices=[("", "Choose a phase"), *School.Phase.choices],
        error_messages={"required": "Choose the school's phase"},
    )
    establishment_type = forms.TypedChoiceField(
        label="Type of establishment (GIAS)",
        coerce=int,
        choices=_type_choices,
        error_messages={"required": "Choose the type of establishment"},
    )


class GiasUploadForm(forms.Form):
    file = forms.FileField(
        label="Choose a file",
        help_text=(
            "The establishments CSV from Get Information about Schools (GIAS), as you downloaded it. Up to 20 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv"}),
        error_messages={"required": "Choose a file to upload", "empty": "The file is empty"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if name.endswith(".zip"):
            raise forms.ValidationError("Unzip the file GIAS gave you and upload the CSV inside it")
        if not name.endswith((".csv", ".txt")):
            raise forms.ValidationError("The file must be a CSV (.csv) downloaded from GIAS")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                "The file must be smaller than 20 MB: download only the local authorities you need from GIAS"
            )
        return upload


class LeaderForm(forms.Form):
    school = forms.CharField(
        label="School's URN",
        max_length=6,
        help_text="Six digits, for example 100000",
        error_messages={"required": "Enter the school's URN"},
    )
    role = forms.ChoiceField(
        label="Role",
        choices=[(role.value, role.label) for role in LEADER_ROLES],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose SENCO or head teacher"},
    )
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter their first name"}
    )
    last_name = forms.CharField(label="Last name", max_length=150, error_messages={"required": "Enter their last name"})
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="Their work email address: it is their username, and the invitation goes to it",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )

    def clean_school(self) -> School:
        urn = self.cleaned_data["school"].strip()
        school = School.objects.filter(urn=urn).first() if urn.isascii() and urn.isdigit() else None
        if school is None:
            raise forms.ValidationError(f"There is no school with URN {urn} in sensupport: add the school first")
        return school
