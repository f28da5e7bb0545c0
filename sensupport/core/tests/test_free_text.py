"""The free-text field: limits and hidden characters refused in plain English, no silent cut-off."""

from __future__ import annotations

from django import forms

from sensupport.core.free_text import FreeText


class NoteForm(forms.Form):
    note = FreeText(max_length=10, what="Your note", widget=forms.Textarea)
    title = FreeText(max_length=5, what="The title", required=False)


def test_text_within_the_limit_is_accepted_and_trimmed():
    form = NoteForm({"note": "  Hello  ", "title": "Hi"})
    assert form.is_valid() and form.cleaned_data["note"] == "Hello"


def test_too_long_says_the_limit_and_how_long_it_is_now():
    form = NoteForm({"note": "x" * 1234})
    assert not form.is_valid()
    assert form.errors["note"] == ["Your note must be 10 characters or less. It is 1,234 characters now."]


def test_a_nul_character_is_refused_with_a_message_a_person_can_act_on():
    form = NoteForm({"note": "Hel\x00lo"})
    assert not form.is_valid()
    assert form.errors["note"] == ["Your note contains a hidden character that cannot be saved. Type it again instead of copying and pasting it."]


def test_the_browser_is_not_told_to_cut_text_off():
    form = NoteForm()
    assert "maxlength" not in str(form["note"]) and "maxlength" not in str(form["title"])
