from __future__ import annotations

from decimal import Decimal

from django import forms

from sensupport.pupils.forms import DATE_WIDGET, _field, free_text

from .models import TopUpRequest


def money_field(
    label: str, *, required: bool = True, help_text: str = "", what: str = "the amount"
) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal("0"),
        max_digits=11,
        decimal_places=2,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as a number of pounds, for example 6000 or 6000.50",
            "min_value": f"{what.capitalize()} cannot be less than £0",
            "max_digits": f"{what.capitalize()} is too large",
            "max_decimal_places": f"Enter {what} to the penny at most",
            "max_whole_digits": f"{what.capitalize()} is too large",
        },
    )


class BudgetForm(forms.Form):
    notional_sen_budget = money_field(
        "Notional SEN budget (£)",
        what="the notional SEN budget",
        help_text="The part of the school's budget the local authority identifies for SEN support this year.",
    )
    imf_allocation = money_field(
        "Inclusive Mainstream Fund allocation (£)",
        what="the Inclusive Mainstream Fund allocation",
        help_text="This year's allocation under the IMF conditions of grant. Enter 0 if none.",
    )


class TopUpForm(forms.Form):
    amount_requested = money_field("Amount to ask for (£)", what="the amount to ask for")
    case = free_text(
        "Why the pupil needs this support",
        what="Why the pupil needs it",
        model_field=_field(TopUpRequest, "case"),
        rows=8,
        help_text=(
            "What the support achieves and why the school cannot meet it from its notional SEN budget. The costed "
            "support, the plan history and the reviews are added to the request for you."
        ),
    )


class DecisionForm(forms.Form):
    decided_amount = money_field(
        "Amount agreed (£)", what="the amount agreed", help_text="Enter 0 if the local authority refused the request."
    )
    period_start = forms.DateField(
        label="Funding starts", required=False, widget=DATE_WIDGET, error_messages={"invalid": "Enter a real date"}
    )
    period_end = forms.DateField(
        label="Funding ends", required=False, widget=DATE_WIDGET, error_messages={"invalid": "Enter a real date"}
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The note must be 2,000 characters or fewer"},
    )


class StrategyForm(forms.Form):
    introduction = forms.CharField(
        label="Introduction",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Write an introduction",
            "max_length": "The introduction must be 5,000 characters or fewer",
        },
    )


class ActivityForm(forms.Form):
    name = forms.CharField(label="Activity", max_length=200, error_messages={"required": "Name the activity"})
    who_for = forms.CharField(
        label="Who it is for", max_length=500, error_messages={"required": "Say who the activity is for"}
    )
    budgeted_cost = money_field("Budgeted cost (£)", what="the budgeted cost")
    intended_outcomes = forms.CharField(
        label="Intended outcomes",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what the activity is meant to achieve"},
    )
    impact_measure = forms.CharField(
        label="How impact is judged",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say how the school judges the activity's impact"},
    )


ActivityFormSet = forms.formset_factory(ActivityForm, extra=1, can_delete=True, max_num=60, validate_max=True)
