from __future__ import annotations

from django import forms

from sensupport.accounts.models import User
from sensupport.family.models import Consent
from sensupport.pupils.forms import free_text
from sensupport.pupils.models import Concern


class ConsentDecisionForm(forms.Form):
    """A family's answer to one consent. The consent is then fetched through the child the user
    may see, so a consent id from another family's child is simply not found."""

    consent = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[("give", "Give consent"), ("withdraw", "Withdraw consent")], widget=forms.HiddenInput
    )


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
    purpose = free_text(
        "What is it for?",
        what="What it is for",
        model_field=Consent._meta.get_field("purpose"),
        rows=3,
        help_text=(
            "Plain words the family will read, for example: so the educational psychologist can read Peter's plan "
            "before she sees him"
        ),
        required_message="Say what the consent is for",
    )

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        from sensupport.referrals.selectors import professionals_for_school

        # A service's professionals, not every account: the members of the services this school may
        # refer to (its local authority's and the independent ones), named with their service.
        members = list(professionals_for_school(school)) if school is not None else []
        service_of = {m.professional_id: m.service.name for m in members}
        field = self.fields["professional"]
        field.queryset = User.objects.filter(pk__in=list(service_of)).order_by("last_name", "first_name")
        field.label_from_instance = lambda u: f"{u.display_name} ({service_of.get(u.pk, '')})"


class WorryForm(forms.Form):
    # As long as the concern it becomes allows (the school's own concern form has the same limits).
    noticed = free_text(
        "What have you noticed?",
        what="What you have noticed",
        model_field=Concern._meta.get_field("noticed"),
        rows=5,
        help_text="For example: 'He says his tummy hurts every Monday' or 'She cannot read her homework'.",
        required_message="Tell us what you have noticed",
    )
    where_when = free_text(
        "When does it happen? (optional)",
        what="Your answer",
        model_field=Concern._meta.get_field("where_when"),
        required=False,
        rows=3,
        help_text="At home, on the way to school, on some days more than others.",
    )
