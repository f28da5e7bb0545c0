from __future__ import annotations

from django import forms

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ACCEPTED = (".xml", ".csv", ".xlsx")


WHAT = (
    ("pupils", "Pupils (a Common Transfer File, or a spreadsheet with UPN, Surname, Forename, DOB, Sex, YearGroup)"),
    ("staff", "Staff (Email, Forename, Surname, Role)"),
    ("groups", "Classes and groups (Group, YearGroup, StaffEmail, UPN: one row per member)"),
    ("contacts", "Parents and carers (UPN, Email, Forename, Surname, Relationship, ParentalResponsibility)"),
    ("timetable", "Pupils' timetables (UPN, Day, Start, End, Subject, Group: one row per lesson)"),
    ("assessments", "Assessment scores (UPN, Subject, Date, Score, and if you have them Assessment and Scale)"),
    ("attendance", "Attendance (UPN, From, To, PossibleSessions, AttendedSessions)"),
    ("behaviour", "Behaviour (UPN, Date, Kind: incident, suspension or exclusion; and if you have it Detail)"),
)


class ImportUploadForm(forms.Form):
    what = forms.ChoiceField(
        label="What is in the file",
        choices=WHAT,
        initial="pupils",
        required=False,  # an upload that does not say (an older page, a script) is pupils
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose what is in the file"},
    )
    file = forms.FileField(
        label="Choose a file",
        help_text=(
            "For pupils, a Common Transfer File (.xml) from another school or your MIS, or a spreadsheet (.csv or "
            ".xlsx) "
            "with the columns UPN, Surname, Forename, DOB, Sex, YearGroup and, if you have them, SENProvision, "
            "PrimaryNeed and SecondaryNeed. For everything else, a spreadsheet "
            "(.csv or .xlsx) with the columns named above. Up to 10 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED)}),
        error_messages={"required": "Choose a file to upload", "empty": "The file is empty"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ACCEPTED):
            raise forms.ValidationError(
                "The file must be a Common Transfer File (.xml), a CSV (.csv) or an Excel workbook (.xlsx)"
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file must be smaller than 10 MB")
        return upload

    def clean_what(self):
        return self.cleaned_data.get("what") or "pupils"

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None and cleaned.get("what") not in (None, "pupils") and upload.name.lower().endswith(".xml"):
            self.add_error(
                "file",
                "Only pupils come in a .xml file: staff, classes and groups, parents and carers, assessment scores, "
                "attendance and behaviour come in a spreadsheet (.csv or .xlsx)",
            )
        return cleaned
