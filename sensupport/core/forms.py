"""What every form shares: the GOV.UK renderer, and putting a service's refusal on a form."""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting

from .errors import ServiceError


class GovukFormRenderer(TemplatesSetting):
    """Forms render as GOV.UK components: `{{ form }}` writes every field, `{{ form.x.as_field_group }}`
    one (label, hint, error message linked by aria-describedby, and the input). The page writes the
    error summary (includes/error_summary.html) and the buttons."""

    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


def add_service_error(form, error: ServiceError) -> None:
    """Show a service's refusal on the form: on its field if the form has that field, else above
    the fields (the error summary lists both)."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
