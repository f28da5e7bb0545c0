"""The form for a pupil's EHC plan summary (issue 8)."""

from __future__ import annotations

from django import forms

from sensupport.organisations.models import LocalAuthority

from .ehc import DOCUMENT_TYPES, MAX_DOCUMENT_BYTES
from .forms import DATE_WIDGET, _field, free_text
from .models import EhcPlanSummary


class EhcSummaryForm(forms.Form):
    issuing_local_authority = forms.ModelChoiceField(
        label="Local authority that issued the plan",
        queryset=LocalAuthority.objects.order_by("name"),
        empty_label="Choose the local authority",
        error_messages={"required": "Choose the local authority that issued the plan"},
    )
    issued_on = forms.DateField(
        label="Date the plan was issued",
        widget=DATE_WIDGET,
        error_messages={"required": "Enter the date the plan was issued", "invalid": "Enter a real date"},
    )
    last_reviewed_on = forms.DateField(
        label="Date of the last annual review (if there has been one)",
        required=False,
        widget=DATE_WIDGET,
        help_text="The next annual review is due 12 months after the last one, or after the plan was issued.",
        error_messages={"invalid": "Enter a real date"},
    )
    outcomes = free_text(
        "Outcomes in the plan (section E)",
        what="The outcomes",
        model_field=_field(EhcPlanSummary, "outcomes"),
        rows=6,
    )
    provision_summary = free_text(
        "Summary of the special educational provision (section F)",
        what="The summary of the provision",
        model_field=_field(EhcPlanSummary, "provision_summary"),
        rows=6,
    )
    document = forms.FileField(
        label="The EHC plan itself (optional)",
        required=False,
        help_text=f"A PDF or Word document, up to {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(DOCUMENT_TYPES)}),
        error_messages={"empty": "The file is empty"},
    )
    remove_document = forms.BooleanField(label="Remove the attached plan", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, has_document: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_document:
            del self.fields["remove_document"]

    @staticmethod
    def initial_for(pupil, summary) -> dict:
        if summary is None:
            return {"version": 0, "issuing_local_authority": pupil.home_local_authority_id}
        return {
            "version": summary.version,
            "issuing_local_authority": summary.issuing_local_authority_id,
            "issued_on": summary.issued_on,
            "last_reviewed_on": summary.last_reviewed_on,
            "outcomes": summary.outcomes,
            "provision_summary": summary.provision_summary,
        }
