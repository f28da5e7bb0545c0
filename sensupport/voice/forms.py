"""Forms for pupil voice. Labels change with who is speaking: younger pupils get short, simple
questions; older pupils and young people get plain teenage wording."""

from __future__ import annotations

from django import forms

from sensupport.core.free_text import MEDIUM, FreeText

from .models import WalkthroughPart
from .selectors import Audience

TEXT = {"rows": 3}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class AboutMeForm(forms.Form):
    good_at = FreeText(max_length=MEDIUM, required=False, widget=forms.Textarea(attrs=TEXT))
    likes = FreeText(max_length=MEDIUM, required=False, widget=forms.Textarea(attrs=TEXT))
    hard = FreeText(max_length=MEDIUM, required=False, widget=forms.Textarea(attrs=TEXT))
    helps = FreeText(max_length=MEDIUM, required=False, widget=forms.Textarea(attrs=TEXT))
    with_whom = FreeText(max_length=120, what="Who helped", required=False)

    # (field, picture, younger question, older question, older hint)
    QUESTIONS = (
        ("good_at", "about-good-at", "What are you good at?", "What are you good at?", "At school, at home or anywhere else."),
        ("likes", "about-likes", "What do you like doing at school?", "What do you enjoy?", "Lessons, clubs, people, things you do outside school."),
        ("hard", "about-hard", "What is hard at school?", "What do you find hard at school?", "Anything: lessons, times of day, places, people."),
        ("helps", "about-helps", "What helps you?", "What helps when things get hard?", "Things people do, or things you do yourself."),
    )

    def __init__(self, *args, audience: Audience, **kwargs):
        super().__init__(*args, **kwargs)
        self.audience = audience
        for name, _, younger, older, hint in self.QUESTIONS:
            self.fields[name].label = younger if audience.younger else older
            self.fields[name].help_text = "" if audience.younger else hint
        if audience.is_young_person:
            self.fields["with_whom"].label = "Did anyone help you fill this in? (optional)"
            self.fields["with_whom"].help_text = "Their name, for example a teaching assistant or a parent."
        else:
            self.fields["with_whom"].label = f"Who helped {audience.name} with this?"
            self.fields["with_whom"].help_text = "Your name, and anyone else who was there."

    def questions(self):
        """(bound field, picture) pairs, for pages that show a picture with each question."""
        return [(self[name], picture) for name, picture, *_ in self.QUESTIONS]

    def clean(self):
        data = super().clean()
        if not any((data.get(name) or "").strip() for name, *_ in self.QUESTIONS):
            self.add_error("good_at", "Answer at least one question.")
        return data


class WalkthroughStartForm(forms.Form):
    with_whom = FreeText(max_length=120, what="Who is there", required=False)
    lessons_before_break = FreeText(max_length=MEDIUM, what="The list of lessons", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    lessons_after_break = FreeText(max_length=MEDIUM, what="The list of lessons", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    lessons_after_lunch = FreeText(max_length=MEDIUM, what="The list of lessons", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, audience: Audience, **kwargs):
        super().__init__(*args, **kwargs)
        your = "Your lessons" if audience.is_young_person else "Lessons"
        self.fields["lessons_before_break"].label = f"{your} before morning break"
        self.fields["lessons_after_break"].label = f"{your} after morning break, before lunch"
        self.fields["lessons_after_lunch"].label = f"{your} after lunch"
        uses = "you use" if audience.is_young_person else f"{audience.name} uses"
        self.fields["lessons_before_break"].help_text = f"One lesson on each line. Use the names {uses}, for example Maths or PE."
        if audience.is_young_person:
            self.fields["with_whom"].label = "Is anyone helping you? (optional)"
            self.fields["with_whom"].help_text = "Their name, for example a teaching assistant or a parent."
        else:
            self.fields["with_whom"].label = f"Who is going through the day with {audience.name}?"
            self.fields["with_whom"].help_text = "Your name, and anyone else who is there."

    def clean(self):
        data = super().clean()
        for name in ("lessons_before_break", "lessons_after_break", "lessons_after_lunch"):
            data[name] = _lines(data.get(name) or "")
            if any(len(line) > 120 for line in data[name]):
                self.add_error(name, "Keep each lesson name under 120 characters.")
        return data


class PartForm(forms.Form):
    feeling = forms.TypedChoiceField(
        choices=WalkthroughPart.Feeling.choices, coerce=int, widget=forms.RadioSelect,
        error_messages={"required": "Choose a face to say how it feels, or skip this part."},
    )
    hard = FreeText(max_length=MEDIUM, required=False, widget=forms.Textarea(attrs=TEXT))
    easier = FreeText(max_length=MEDIUM, required=False, widget=forms.Textarea(attrs=TEXT))

    def __init__(self, *args, audience: Audience, **kwargs):
        super().__init__(*args, **kwargs)
        if audience.younger:
            self.fields["feeling"].label = "How does it feel?"
            self.fields["hard"].label = "What makes it hard?"
            self.fields["easier"].label = "What makes it better?"
        else:
            self.fields["feeling"].label = "How does this part of the day feel?"
            self.fields["hard"].label = "What makes it hard?"
            self.fields["easier"].label = "What would make it easier?"
        self.fields["hard"].help_text = "" if audience.is_young_person or audience.younger else f"Write what {audience.name} says, in their words."


class AcceptForm(forms.Form):
    bank_key = forms.CharField(max_length=80)
