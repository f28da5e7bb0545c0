from __future__ import annotations

from django import forms

from sensupport.pupils.forms import free_text

from .models import MeetingPrep, Message, MessageThread, PlanResponse
from .questions import question_choices

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _field(model, name: str):
    return model._meta.get_field(name)


class MeetingPrepForm(forms.Form):
    meeting_on = forms.DateField(label="Date of the meeting (if you know it)", required=False, widget=DATE_WIDGET)
    barriers_at_home = free_text(
        "What gets in the way for your child?",
        what="Your answer",
        model_field=_field(MeetingPrep, "barriers_at_home"),
        required=False,
        rows=5,
        help_text="In your own words: what your child finds hard, at school or at home, and when it happens.",
    )
    what_helps_at_home = free_text(
        "What helps your child at home?",
        what="Your answer",
        model_field=_field(MeetingPrep, "what_helps_at_home"),
        required=False,
        rows=5,
        help_text="Things that work for your child: routines, ways of explaining, what calms them.",
    )
    questions = forms.MultipleChoiceField(
        label="Questions you want to ask",
        required=False,
        choices=question_choices(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose any you want to ask at the meeting.",
    )
    other_questions = free_text(
        "Your own questions",
        what="Your questions",
        model_field=_field(MeetingPrep, "other_questions"),
        required=False,
        rows=4,
        help_text="Put each question on a new line.",
    )

    def __init__(self, *args, is_self: bool = False, **kwargs):
        """is_self: a young person getting ready for a meeting about themself: asked as "you"."""
        super().__init__(*args, **kwargs)
        self.is_self = is_self
        if is_self:
            self.fields["barriers_at_home"].label = "What gets in the way for you?"
            self.fields[
                "barriers_at_home"
            ].help_text = "In your own words: what you find hard, at school or at home, and when it happens."
            self.fields["what_helps_at_home"].label = "What helps you?"
            self.fields[
                "what_helps_at_home"
            ].help_text = "Things that work for you: routines, ways of explaining, what calms you."
            self.fields["questions"].choices = question_choices(own=True)

    def clean(self):
        data = super().clean()
        if not any(
            data.get(name) for name in ("barriers_at_home", "what_helps_at_home", "questions", "other_questions")
        ):
            about = "yourself" if self.is_self else "your child"
            self.add_error("barriers_at_home", f"Write something about {about}, or choose a question to ask.")
        return data


class PlanResponseForm(forms.Form):
    response = forms.ChoiceField(
        label="Do you agree with the plan?", choices=PlanResponse.Response.choices, widget=forms.RadioSelect
    )
    parts = forms.MultipleChoiceField(
        label="Which parts do you disagree with?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only if you disagree. Choose all that apply.",
    )
    reason = free_text(
        "Why do you disagree?",
        what="Your reason",
        model_field=_field(PlanResponse, "reason"),
        required=False,
        rows=5,
        help_text="Only if you disagree. Say what you would like instead, if you know.",
    )

    def __init__(self, *args, parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parts"].choices = list(parts)

    def clean(self):
        data = super().clean()
        if data.get("response") == PlanResponse.Response.DISAGREE:
            if not data.get("parts"):
                self.add_error("parts", "Choose which parts of the plan you disagree with.")
            if not (data.get("reason") or "").strip():
                self.add_error("reason", "Say why you disagree, so the school can answer.")
        return data


class ResolveForm(forms.Form):
    resolution = free_text(
        "What was agreed or decided",
        what="What was agreed or decided",
        model_field=_field(PlanResponse, "resolution"),
        rows=5,
        help_text="The family will see this, in these words. Say what happens next and by when.",
    )


class ThreadForm(forms.Form):
    """A new conversation. On the school's side it is with one family member, chosen here: separated
    parents each have their own conversations (docs/adr/0006)."""

    family_member = forms.TypedChoiceField(
        label="Who is it to?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who in the family to write to."},
    )
    subject = free_text("Subject", what="The subject", model_field=_field(MessageThread, "subject"), multiline=False)
    body = free_text("Your message", what="Your message", model_field=_field(Message, "body"), rows=6)

    def __init__(self, *args, family_members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if family_members is None:  # the family's side: always with the school
            del self.fields["family_member"]
            return
        self._members = {member.user.pk: member.user for member in family_members}
        field = self.fields["family_member"]
        field.choices = [(member.user.pk, member.label) for member in family_members]
        field.help_text = (
            "Each parent or carer has their own conversations with the school. Only the person you choose can read "
            "this one."
        )
        if len(family_members) == 1:  # nobody else to choose: the one family member, unless someone else is chosen
            field.initial = family_members[0].user.pk
            field.required = False

    def clean_family_member(self):
        chosen = self.cleaned_data["family_member"]
        if chosen in (None, ""):
            return next(iter(self._members.values()), None)
        return self._members[chosen]


class MessageForm(forms.Form):
    body = free_text("Your reply", what="Your reply", model_field=_field(Message, "body"), rows=5)
