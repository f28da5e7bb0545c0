"""The bits every app shares: one service error with its field, putting it on a form, and the
GOV.UK form renderer (FORM_RENDERER)."""

from __future__ import annotations

import pytest
from django import forms
from django.template import Context, Template

from sensupport.accounts.services import AccountError
from sensupport.administration.services import UploadClosed
from sensupport.core.errors import ServiceError
from sensupport.core.forms import add_service_error
from sensupport.family.consent import ConsentError
from sensupport.family.services import FamilyError
from sensupport.interop.register_import.batches import BatchClosed, ImportConflict
from sensupport.interop.register_import.plan import ImportRejected
from sensupport.organisations.services import OrganisationError
from sensupport.plans.services import PlanError
from sensupport.pupils.services import RegisterError
from sensupport.voice.services import VoiceError


class _Form(forms.Form):
    name = forms.CharField(label="Name", help_text="As on the birth certificate")
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


@pytest.mark.parametrize("error_class", [PlanError, VoiceError, FamilyError, ConsentError, RegisterError, AccountError])
def test_every_domain_refusal_is_a_service_error_with_its_field(error_class):
    error = error_class("Enter a name", field="name")
    assert isinstance(error, ServiceError)
    assert (error.message, error.field, str(error)) == ("Enter a name", "name", "Enter a name")
    assert error_class("No field").field is None


def test_organisation_error_keeps_its_field_first_order():
    error = OrganisationError("code", "Enter the code")
    assert isinstance(error, ServiceError)
    assert (error.field, error.message) == ("code", "Enter the code")


def test_import_refusals_are_service_errors_with_their_message():
    for error in (BatchClosed("Already dealt with"), ImportConflict("Changed"), UploadClosed("Already dealt with")):
        assert isinstance(error, ServiceError)
        assert error.message == str(error)
    rejected = ImportRejected([])
    assert isinstance(rejected, ServiceError) and rejected.message.startswith("0 problems")


def test_service_error_goes_on_its_field_when_the_form_has_it():
    form = _Form({"name": "Ann", "kind": "a"})
    assert form.is_valid()
    add_service_error(form, PlanError("That name is taken", field="name"))
    assert form.errors == {"name": ["That name is taken"]}


def test_service_error_goes_above_the_fields_when_the_form_has_no_such_field():
    for field in ("no_such_field", None):
        form = _Form({"name": "Ann", "kind": "a"})
        assert form.is_valid()
        add_service_error(form, PlanError("Someone else saved first", field=field))
        assert form.non_field_errors() == ["Someone else saved first"]
        assert form.errors.keys() == {"__all__"}


def test_field_group_is_the_govuk_component_with_its_error_linked():
    form = _Form({"name": "", "kind": "a"})
    assert not form.is_valid()
    html = form["name"].as_field_group()
    assert 'class="govuk-form-group govuk-form-group--error"' in html
    assert '<label class="govuk-label" for="id_name">Name</label>' in html
    assert '<div id="id_name-hint" class="govuk-hint">As on the birth certificate</div>' in html
    assert '<p id="id_name-error" class="govuk-error-message">' in html
    assert 'aria-describedby="id_name-hint id_name-error"' in html
    assert "govuk-input--error" in html


def test_form_renders_every_field_and_small_is_chosen_by_the_template():
    form = _Form()
    whole = str(form)
    assert whole.count('class="govuk-form-group"') == 2
    assert 'class="govuk-radios" data-module="govuk-radios"' in whole
    small = Template("{% load sensupport %}{{ form.kind|as_small_field_group }}").render(Context({"form": form}))
    assert 'class="govuk-radios govuk-radios--small"' in small


class _SelectForm(forms.Form):
    single = forms.ChoiceField(
        label="Single", required=False, choices=[("", "Any"), ("1", "Class <1A> & co"), ("2", "2B")]
    )
    grouped = forms.ChoiceField(
        label="Grouped", required=False, choices=[("", "Any"), ("Key stage 1", [("R", "Reception"), ("1", "Year 1")])]
    )


def _render_field(form, name) -> str:
    return Template("{% load sensupport %}{{ field|select_options }}").render(Context({"field": form[name]}))


def test_select_options_escapes_labels_and_selects_the_value():
    html = _render_field(_SelectForm(data={"single": "1"}), "single")
    assert html == (
        '<option value="">Any</option>'
        '<option value="1" selected>Class &lt;1A&gt; &amp; co</option>'
        '<option value="2">2B</option>'
    )


def test_select_options_unbound_selects_nothing_and_groups_become_optgroups():
    assert " selected" not in _render_field(_SelectForm(), "single")
    html = _render_field(_SelectForm(data={"grouped": "R"}), "grouped")
    assert '<optgroup label="Key stage 1"><option value="R" selected>Reception</option>' in html
