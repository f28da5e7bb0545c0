"""Forms for pupil voice. Labels change with who is speaking: younger pupils get short, simple
questions; older pupils and young people get plain teenage wording."""

from __future__ import annotations

from django import forms

from sensupport.pupils.forms import NUL_MESSAGE, free_text

from .models import AboutMe, Walkthrough, WalkthroughPart
from .selectors import Audience

TEXT = {"rows": 3}
LESSONS_LIMIT = 2000  # up to 10 lessons of 120 characters, one a line, with room to spare


def _answer(model, name: str, *, what: str = "Your answer", multiline: bool = True):
    return free_text(
        "", what=what, model_field=model._meta.get_field(name), required=False, multiline=multiline, rows=TEXT["rows"]
    )


def _lessons() -> forms.CharField:
    """A list of lessons, one a line: not a model field (each becomes a part of the day)."""
    field = forms.CharField(
        required=False,
        max_length=LESSONS_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": f"The list of lessons must be {LESSONS_LIMIT:,} characters or less (it has %(show_value)d)",
            "null_characters_not_allowed": NUL_MESSAGE.format(field="The list of lessons"),
        },
    )
    field.widget.attrs.pop("maxlength", None)  # say it is too long rather than cut it short
    return field


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class AboutMeForm(forms.Form):
    good_at = _answer(AboutMe, "good_at")
    likes = _answer(AboutMe, "likes")
    hard = _answer(AboutMe, "hard")
    helps = _answer(AboutMe, "helps")
    with_whom = _answer(AboutMe, "with_whom", what="Who helped", multiline=False)

    # (field, picture, younger question, older question, older hint)
    QUESTIONS = (
        (
            "good_at",
            "about-good-at",
            "What are you good at?",
            "What are you good at?",
            "At school, at home or anywhere else.",
        ),
        (
            "likes",
            "about-likes",
            "What do you like doing at school?",
            "What do you enjoy?",
            "Lessons, clubs, people, things you do outside school.",
        ),
        (
            "hard",
            "about-hard",
            "What is hard at school?",
            "What do you find hard at school?",
            "Anything: lessons, times of day, places, people.",
        ),
        (
            "helps",
            "about-helps",
            "What helps you?",
            "What helps when things get hard?",
            "Things people do, or things you do yourself.",
        ),
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
    with_whom = _answer(Walkthrough, "with_whom", what="Who is there", multiline=False)
    lessons_before_break = _lessons()
    lessons_after_break = _lessons()
    lessons_after_lunch = _lessons()

    def __init__(self, *args, audience: Audience, **kwargs):
        super().__init__(*args, **kwargs)
        your = "Your lessons" if audience.is_young_person else "Lessons"
        self.fields["lessons_before_break"].label = f"{your} before morning break"
        self.fields["lessons_after_break"].label = f"{your} after morning break, before lunch"
        self.fields["lessons_after_lunch"].label = f"{your} after lunch"
        uses = "you use" if audience.is_young_person else f"{audience.name} uses"
        self.fields[
            "lessons_before_break"
        ].help_text = f"One lesson on each line. Use the names {uses}, for example Maths or PE."
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
        choices=WalkthroughPart.Feeling.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a face to say how it feels, or skip this part."},
    )
    hard = _answer(WalkthroughPart, "what_makes_it_hard")
    easier = _answer(WalkthroughPart, "what_makes_it_easier")

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
        self.fields["hard"].help_text = (
            "" if audience.is_young_person or audience.younger else f"Write what {audience.name} says, in their words."
        )


class AcceptForm(forms.Form):
    bank_key = forms.CharField(max_length=80)
