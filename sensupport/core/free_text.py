"""A free-text form field with a length limit and messages a person can act on.

Django's own messages ("Ensure this value has at most 5000 characters (it has 5123).", "Null
characters are not allowed.") are not plain English. This field says what is wrong and what to do,
in GOV.UK style, and leaves the limit off the HTML: a browser's maxlength cuts pasted text off
without a word, so the server says it instead and nothing typed is lost."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator

# Sensible limits: a long letter, a paragraph, a line.
LONG = 5000
MEDIUM = 2000


class FreeText(forms.CharField):
    """what: how the error names the text, e.g. "Your message" ("Your message must be 5,000
    characters or less")."""

    def __init__(self, *, max_length: int, what: str = "Your answer", **kwargs):
        super().__init__(max_length=max_length, **kwargs)
        self.what = what
        self.validators = [v for v in self.validators if not isinstance(v, (MaxLengthValidator, ProhibitNullCharactersValidator))]

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs

    def validate(self, value):
        super().validate(value)
        if "\x00" in value:
            raise ValidationError(
                f"{self.what} contains a hidden character that cannot be saved. Type it again instead of copying and pasting it.",
                code="null_characters_not_allowed",
            )
        if len(value) > self.max_length:
            raise ValidationError(
                f"{self.what} must be {self.max_length:,} characters or less. It is {len(value):,} characters now.",
                code="max_length",
            )
