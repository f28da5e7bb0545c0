from __future__ import annotations

from django import forms

from . import schedule


class ItemForm(forms.Form):
    words = forms.CharField(
        label="Your words",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=schedule.MAX_WORDS_LENGTH,
        error_messages={"required": "Write something for this item: the regulations ask for it."},
    )
    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
