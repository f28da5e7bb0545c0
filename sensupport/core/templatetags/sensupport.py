from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

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
def select_options(field) -> SafeString:
    """A select field's `<option>`s, written in Python: a filter's list of a school's classes is a
    few hundred options, and each one in the template language cost a handful of lookups (issue
    14). Grouped choices become `<optgroup>`s; the field's value (or values) are selected."""
    value = field.value()
    if value is None:
        chosen: set[str] = set()
    elif isinstance(value, (list, tuple)):
        chosen = {str(v) for v in value}
    else:
        chosen = {str(value)}

    def option(key, label) -> str:
        key = "" if key is None else str(key)
        selected = " selected" if key in chosen else ""
        return f'<option value="{escape(key)}"{selected}>{conditional_escape(label)}</option>'

    parts = []
    for key, label in field.field.choices:
        if isinstance(label, (list, tuple)):
            inner = "".join(option(k, lab) for k, lab in label)
            parts.append(f'<optgroup label="{conditional_escape(key)}">{inner}</optgroup>')
        else:
            parts.append(option(key, label))
    return mark_safe("".join(parts))


@register.filter
def get_item(mapping, key):
    """mapping[key] or None: for tables keyed by id (e.g. each contributor's view of a barrier)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
