from __future__ import annotations

from django import forms

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ACCEPTED = (".xml", ".csv", ".xlsx")


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Choose a file",
        help_text=(
            "A Common Transfer File (.xml) from another school or your MIS, or a spreadsheet (.csv or .xlsx) "
            "with the columns UPN, Surname, Forename, DOB, Sex, YearGroup and, if you have them, SENProvision, "
            "PrimaryNeed and SecondaryNeed. Up to 10 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED)}),
        error_messages={"required": "Choose a file to upload", "empty": "The file is empty"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ACCEPTED):
            raise forms.ValidationError("The file must be a Common Transfer File (.xml), a CSV (.csv) or an Excel workbook (.xlsx)")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file must be smaller than 10 MB")
        return upload
