"""Forms of the EHC request pages: the school's request, the family's, the LA's steps."""

from __future__ import annotations

from django import forms

from sensupport.pupils.forms import DATE_WIDGET, free_text

from . import request_rules as rules
from .models import EhcRequest


def _field(name):
    return EhcRequest._meta.get_field(name)


class SchoolRequestForm(forms.Form):
    reasons = free_text(
        "Why the school asks for an EHC needs assessment",
        what="The reasons",
        model_field=_field("reasons"),
        rows=6,
        help_text="What the pupil needs, what the school has done, and why it is not enough. The evidence pack "
        "adds the plans, reviews, costed support, progress and specialist advice from the record.",
        required_message="Give the reasons for the request",
    )
    family_views = free_text(
        "The family's views, in their words (optional)",
        what="The family's views",
        model_field=_field("family_views"),
        required=False,
        rows=4,
    )


class FamilyRequestForm(forms.Form):
    reasons = free_text(
        "Why are you asking for an assessment?",
        what="Why you are asking",
        model_field=_field("reasons"),
        rows=6,
        help_text="Say what is hard, what has been tried, and what you think is needed. Your own words are best.",
        required_message="Say why you are asking for an assessment",
    )
    family_views = free_text(
        "Anything else you want the council to know (optional)",
        what="What else you want the council to know",
        model_field=_field("family_views"),
        required=False,
        rows=4,
    )

    def __init__(self, *args, is_self: bool = False, name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if not is_self and name:
            self.fields["reasons"].help_text = (
                f"Say what is hard for {name}, what has been tried, and what you think {name} needs. "
                "Your own words are best."
            )


class StepForm(forms.Form):
    step = forms.ChoiceField(
        label="Which step?", widget=forms.RadioSelect, error_messages={"required": "Choose which step to record"}
    )
    on = forms.DateField(
        label="Date of the step",
        widget=DATE_WIDGET,
        error_messages={"required": "Enter the date of the step", "invalid": "Enter a real date"},
    )
    reasons = free_text(
        "Reasons (needed for a decision not to assess or not to issue a plan)",
        what="The reasons",
        model_field=_field("decision_reasons"),
        required=False,
        rows=4,
        help_text="The family reads these, with their right of appeal.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, steps: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [(key, rules.STEPS[key][0]) for key in steps]


class ExceptionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which exception applies?",
        choices=EhcRequest.ExceptionKind.choices,
        widget=forms.RadioSelect,
        help_text="SEND Regulations 2014, regulation 10(4): the time limits do not apply.",
        error_messages={"required": "Choose which exception applies"},
    )
    reason = free_text(
        "Why it applies",
        what="Why the exception applies",
        model_field=_field("exception_reason"),
        rows=4,
        help_text="School and family read this.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
