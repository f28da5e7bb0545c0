from __future__ import annotations

from django import forms

from sensupport.organisations.models import LocalAuthority
from sensupport.plans.models import Provision
from sensupport.pupils.ehc import DOCUMENT_TYPES
from sensupport.pupils.forms import DATE_WIDGET, free_text

from . import selectors
from .models import Appointment, Recommendation, Referral, Service
from .rules import MAX_REPORT_BYTES


def _field(model, name):
    return model._meta.get_field(name)


class ServiceForm(forms.Form):
    name = forms.CharField(
        label="Name of the service", max_length=200, error_messages={"required": "Enter the service's name"}
    )
    kind = forms.ChoiceField(
        label="What kind of service is it?",
        choices=Service.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of service it is"},
    )
    local_authority = forms.ModelChoiceField(
        label="Local authority",
        queryset=LocalAuthority.objects.order_by("name"),
        required=False,
        empty_label="Independent (no local authority)",
    )
    email = forms.EmailField(label="Email address for referrals (optional)", required=False)
    usual_wait_weeks = forms.IntegerField(
        label="Usual waiting time in weeks (optional)",
        required=False,
        min_value=0,
        max_value=200,
        help_text="Schools and families see it next to each referral.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and not user.has_perm("referrals.manage_services", Service(local_authority=None)):
            # An LA officer adds services of their own LA only.
            del self.fields["local_authority"]


class MemberForm(forms.Form):
    email = forms.EmailField(label="Email address", error_messages={"required": "Enter their email address"})
    first_name = forms.CharField(
        label="First name", required=False, max_length=150, help_text="Only needed for a new account."
    )
    last_name = forms.CharField(
        label="Last name", required=False, max_length=150, help_text="Only needed for a new account."
    )


class ReferralForm(forms.Form):
    service = forms.ModelChoiceField(
        label="Which service?", queryset=Service.objects.none(), error_messages={"required": "Choose the service"}
    )
    consent = forms.ModelChoiceField(
        label="The family's consent",
        queryset=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the family's consent to this referral"},
    )
    question = free_text(
        "What do you want the service's help with?",
        what="The question",
        model_field=_field(Referral, "question"),
        rows=4,
        help_text="The question you want answered, for example: why is reading not improving despite daily phonics?",
        required_message="Say what you want the service's help with",
    )
    barriers = forms.MultipleChoiceField(
        label="Barriers the referral is about", required=False, widget=forms.CheckboxSelectMultiple
    )
    evidence = free_text(
        "What has been tried, and what did you see? (optional)",
        what="The evidence",
        model_field=_field(Referral, "evidence"),
        required=False,
        rows=5,
    )

    def __init__(self, *args, pupil, consents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = selectors.services_for_school(pupil.school)
        self.fields["service"].label_from_instance = lambda s: (
            s.name + (f" (usually {s.usual_wait_weeks} weeks)" if s.usual_wait_weeks else "")
        )
        self.fields["consent"].queryset = consents
        self.fields["consent"].label_from_instance = lambda c: f"Given on {c.given_at:%d/%m/%Y}: {c.purpose}"
        self.fields["barriers"].choices = [
            (str(b.pk), b.title) for b in pupil.barriers.filter(resolved_on__isnull=True)
        ]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Can your service take this referral?",
        choices=[("accept", "Yes, accept it"), ("decline", "No, decline it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you accept the referral"},
    )
    reason = free_text(
        "If you decline it, why? (the school and the family read this)",
        what="The reason",
        model_field=_field(Referral, "decline_reason"),
        required=False,
        rows=3,
    )


class AppointmentForm(forms.Form):
    on = forms.DateField(
        label="Date", widget=DATE_WIDGET, error_messages={"required": "Enter the date", "invalid": "Enter a real date"}
    )
    what = forms.CharField(
        label="What is it?",
        max_length=_field(Appointment, "what").max_length,
        help_text="For example: observation in class, then a meeting with parents",
        error_messages={"required": "Say what the appointment is"},
    )


class ReportForm(forms.Form):
    written_on = forms.DateField(
        label="Date of the report",
        widget=DATE_WIDGET,
        error_messages={"required": "Enter the date of the report", "invalid": "Enter a real date"},
    )
    file = forms.FileField(
        label="The report",
        help_text=f"A PDF or Word document, up to {MAX_REPORT_BYTES // (1024 * 1024)} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(DOCUMENT_TYPES)}),
        error_messages={"required": "Choose the report to upload", "empty": "The file is empty"},
    )


class RecommendationForm(forms.Form):
    text = free_text(
        "Recommendation",
        what="The recommendation",
        model_field=_field(Recommendation, "text"),
        rows=3,
        help_text="One action, as specific as you can: what, how often, by whom.",
        required_message="Write the recommendation",
    )
    report = forms.ModelChoiceField(
        label="From which report? (optional)", queryset=None, required=False, empty_label="None"
    )

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = referral.reports.all()
        self.fields["report"].label_from_instance = lambda r: f"Report of {r.written_on:%d/%m/%Y} ({r.file_name})"


class AcceptForm(forms.Form):
    barriers = forms.MultipleChoiceField(
        label="Which barriers is this support for?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the barriers this support is for"},
    )
    kind = forms.ChoiceField(
        label="What kind of support is it?",
        choices=Provision.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of support it is"},
    )
    delivered_by = forms.CharField(
        label="Who will deliver it?", max_length=120, error_messages={"required": "Say who will deliver it"}
    )

    def __init__(self, *args, pupil, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["barriers"].choices = [
            (str(b.pk), b.title) for b in pupil.barriers.filter(resolved_on__isnull=True)
        ]


class DeclineForm(forms.Form):
    reason = free_text(
        "Why not? (the family reads this)",
        what="The reason",
        model_field=_field(Recommendation, "decline_reason"),
        rows=3,
        required_message="Say why, in words the family will read",
    )
