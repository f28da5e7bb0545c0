from __future__ import annotations

from django import template
from django.utils.http import urlencode

register = template.Library()

STATUS_TAG = {"N": "govuk-tag--grey", "M": "govuk-tag--yellow", "K": "govuk-tag--blue", "E": "govuk-tag--purple"}


@register.simple_tag
def status_tag_class(status: str) -> str:
    return STATUS_TAG.get(status, "govuk-tag--grey")


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters changed (for pagination and export links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"


@register.filter
def field_error_id(field) -> str:
    return f"{field.auto_id}-error"


@register.filter
def widget_kind(field) -> str:
    """Which GOV.UK component renders this form field."""
    widget = field.field.widget
    name = widget.__class__.__name__
    return {
        "Textarea": "textarea",
        "Select": "select",
        "RadioSelect": "radios",
        "CheckboxSelectMultiple": "checkboxes",
        "CheckboxInput": "checkbox",
        "DateInput": "date",
        "ClearableFileInput": "file",
        "FileInput": "file",
        "HiddenInput": "hidden",
        "PasswordInput": "password",
    }.get(name, "input")


@register.filter
def as_small_field_group(field):
    """`field.as_field_group` with its radios or checkboxes in GOV.UK's small size."""
    return field.render(context={"field": field, "small": True})


@register.filter
def is_checked(value, selected) -> bool:
    if selected is None:
        return False
    if isinstance(selected, (list, tuple)):
        return str(value) in [str(s) for s in selected]
    return str(value) == str(selected)


@register.filter
def get_item(mapping, key):
    """mapping[key] or None: for tables keyed by id (e.g. each contributor's view of a barrier)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
