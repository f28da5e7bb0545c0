from __future__ import annotations

from django import forms

from sensupport.accounts.models import Role, User
from sensupport.core.free_text import LONG, MEDIUM, FreeText
from sensupport.family.models import Consent


class ConsentDecisionForm(forms.Form):
    """A family's answer to one consent. The consent is then fetched through the child the user
    may see, so a consent id from another family's child is simply not found."""

    consent = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("give", "Give consent"), ("withdraw", "Withdraw consent")], widget=forms.HiddenInput)


class ConsentRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="What do you want consent for?",
        choices=Consent.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you want consent for"},
    )
    professional = forms.ModelChoiceField(
        label="Outside professional",
        help_text="Needed for sharing. For a referral, choose one if you know who will see the child.",
        queryset=User.objects.none(),
        required=False,
        empty_label="None chosen",
    )
    purpose = FreeText(
        what="What it is for", label="What is it for?",
        help_text="Plain words the family will read, for example: so the educational psychologist can read Peter's plan before she sees him",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what the consent is for"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["professional"]
        field.queryset = User.objects.filter(role=Role.PROFESSIONAL, is_active=True).order_by("last_name", "first_name")
        field.label_from_instance = lambda u: u.display_name + (f" ({u.organisation_name})" if u.organisation_name else "")


class WorryForm(forms.Form):
    noticed = FreeText(
        max_length=LONG, what="What you have noticed", label="What have you noticed?",
        help_text="For example: 'He says his tummy hurts every Monday' or 'She cannot read her homework'.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Tell us what you have noticed"},
    )
    where_when = FreeText(
        max_length=MEDIUM, label="When does it happen? (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="At home, on the way to school, on some days more than others.",
    )
