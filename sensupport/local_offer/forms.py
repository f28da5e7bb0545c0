from __future__ import annotations

from django import forms

from sensupport.organisations.models import School

from . import rules
from .models import Provider, Service, Taxonomy

NUMBER = {"inputmode": "numeric", "class": "govuk-input--width-3"}


class SearchForm(forms.Form):
    """The public search (GET). Every field optional; a bad value is named, and ignored."""

    q = forms.CharField(label="Search for", required=False, max_length=200, help_text="For example: autism, speech")
    need = forms.ChoiceField(label="Need", required=False)
    category = forms.ChoiceField(label="Kind of service", required=False)
    age = forms.IntegerField(
        label="Age of the child or young person",
        required=False,
        min_value=0,
        max_value=25,
        help_text="In years, 0 to 25",
        error_messages={
            "invalid": "Enter the age as a number of years, for example 8",
            "min_value": "Enter an age from 0 to 25",
            "max_value": "Enter an age from 0 to 25",
        },
        widget=forms.TextInput(attrs=NUMBER),
    )
    area = forms.ChoiceField(label="Area", required=False)

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = [("", "Any need")] + [(t.name, t.name) for t in choices["needs"]]
        self.fields["category"].choices = [("", "Any kind")] + [(t.name, t.name) for t in choices["categories"]]
        self.fields["area"].choices = [("", "Anywhere")] + [(a, a) for a in choices["areas"]]


class FeedbackForm(forms.Form):
    page = forms.CharField(widget=forms.HiddenInput, max_length=300)
    service = forms.UUIDField(widget=forms.HiddenInput, required=False)
    message = forms.CharField(
        label="Tell us what is wrong with this page, or what would make it better",
        help_text="Do not include personal information such as a child's name or your contact details.",
        max_length=1200,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter your feedback", "max_length": "Feedback must be 1,200 characters or fewer"},
    )


class ProposeForm(forms.Form):
    name = forms.CharField(label="Name of the service", max_length=200)
    description = forms.CharField(label="What it offers", max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))
    how_to_access = forms.CharField(
        label="How to get it",
        help_text="For example: referral by the school or GP, drop in, book online",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    fees = forms.CharField(label="Cost", required=False, max_length=200, help_text="Leave empty if it is free")
    minimum_age = forms.IntegerField(
        label="Youngest age (optional)", required=False, min_value=0, max_value=25, widget=forms.TextInput(attrs=NUMBER)
    )
    maximum_age = forms.IntegerField(
        label="Oldest age (optional)", required=False, min_value=0, max_value=25, widget=forms.TextInput(attrs=NUMBER)
    )
    contact_name = forms.CharField(label="Contact name (optional)", required=False, max_length=200)
    email = forms.EmailField(label="Email (optional)", required=False)
    phone = forms.CharField(label="Phone (optional)", required=False, max_length=30)
    url = forms.URLField(label="Website (optional)", required=False, assume_scheme="https")
    opening_times = forms.CharField(
        label="Opening times (optional)",
        required=False,
        help_text="One a line, for example: Monday 09:00-17:00",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    note = forms.CharField(
        label="Note to the local authority (optional)",
        required=False,
        max_length=500,
        help_text="If nothing has changed, say the entry is still correct",
    )

    def proposal(self) -> dict:
        return {key: self.cleaned_data[key] for key in rules.PROPOSABLE}


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Why is it not approved?",
        help_text="The provider reads this",
        max_length=500,
        error_messages={"required": "Say why the change is not approved"},
    )


class CategoriesForm(forms.Form):
    """One set of checkboxes per taxonomy of the service's LA."""

    def __init__(self, *args, service: Service, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = {str(t.pk) for t in service.terms.all()}
        for taxonomy in Taxonomy.objects.filter(
            local_authority_id=service.provider.local_authority_id
        ).prefetch_related("terms"):
            self.fields[f"taxonomy_{taxonomy.pk.hex}"] = forms.MultipleChoiceField(
                label=taxonomy.name,
                required=False,
                choices=[(str(t.pk), t.name) for t in taxonomy.terms.all()],
                widget=forms.CheckboxSelectMultiple,
                initial=[str(t.pk) for t in taxonomy.terms.all() if str(t.pk) in chosen],
            )

    def term_ids(self) -> list[str]:
        return [value for values in self.cleaned_data.values() for value in values]


class SignpostForm(forms.Form):
    service = forms.ChoiceField(
        label="Local Offer service", widget=forms.RadioSelect, error_messages={"required": "Choose a service"}
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [(str(s.pk), f"{s.name} ({s.provider.name})") for s in services]


class ProviderForm(forms.Form):
    name = forms.CharField(label="Name of the provider", max_length=200)
    kind = forms.ChoiceField(
        label="What kind of provider is it?", choices=Provider.Kind.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(label="About the provider", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    email = forms.EmailField(label="Email (optional)", required=False)
    website = forms.URLField(label="Website (optional)", required=False, assume_scheme="https")
    school = forms.ModelChoiceField(
        label="For a school's SEN offer: the school (optional)", queryset=School.objects.none(), required=False
    )

    def __init__(self, *args, local_authority_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.filter(local_authority_id=local_authority_id).order_by("name")


class ServiceNewForm(ProposeForm):
    """A new entry: the provider, the fields a provider could later change, and where it is."""

    location_name = forms.CharField(
        label="Place (optional)", required=False, max_length=200, help_text="For example: Riverside Family Hub"
    )
    address_1 = forms.CharField(label="Address (optional)", required=False, max_length=200)
    city = forms.CharField(
        label="Town or city",
        required=False,
        max_length=100,
        help_text="Leave empty if the service is online or at home",
    )
    area = forms.CharField(label="Area", required=False, max_length=100, help_text="The district families search by")
    postcode = forms.CharField(label="Postcode (optional)", required=False, max_length=10)

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["note"]
        self.fields = {
            "provider": forms.ChoiceField(
                label="Provider", choices=[("", "Choose a provider")] + [(str(p.pk), p.name) for p in providers]
            ),
            **self.fields,
        }

    def location(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["location_name"],
            "address_1": data["address_1"],
            "city": data["city"],
            "area": data["area"],
            "postcode": data["postcode"],
        }


class EditorForm(forms.Form):
    email = forms.EmailField(label="Email address", error_messages={"required": "Enter their email address"})
    first_name = forms.CharField(
        label="First name", required=False, max_length=150, help_text="Only needed for someone without an account"
    )
    last_name = forms.CharField(
        label="Last name", required=False, max_length=150, help_text="Only needed for someone without an account"
    )
