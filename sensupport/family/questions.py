"""Questions worth asking at a meeting about a child's SEN Support, in plain English.

Data, not code: the keys are stored on MeetingPrep.questions, so a key must never be reused for a
different question (add a new key instead, and keep the old one so old preparation still reads)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    key: str
    text: str  # as a parent asks it
    own: str = ""  # as a young person asks it about themself ("" when the same words do)

    @property
    def own_text(self) -> str:
        return self.own or self.text


QUESTIONS: tuple[Question, ...] = (
    Question("progress", "How will you measure my child's progress?", "How will you measure my progress?"),
    Question(
        "progress_so_far",
        "In which areas has my child made progress, and can I see examples of their work?",
        "In which areas have I made progress, and can I see examples of my work?",
    ),
    Question("next_steps", "What are my child's next steps in learning?", "What are my next steps in learning?"),
    Question("outside_advice", "What outside advice have you asked for?"),
    Question("who_how_often", "Who will work with my child, and how often?", "Who will work with me, and how often?"),
    Question(
        "missed_lessons",
        "Will my child miss any lessons for this support?",
        "Will I miss any lessons for this support?",
    ),
    Question("child_views", "How will my child's views be heard?", "How will my views be heard?"),
    Question("home", "What can I do at home to help?", "What can I do myself to help?"),
    Question("next_meeting", "When will we next meet?"),
    Question("ehc_assessment", "Would an education, health and care needs assessment help?"),
)

BY_KEY: dict[str, Question] = {q.key: q for q in QUESTIONS}


def question_choices(*, own: bool = False) -> list[tuple[str, str]]:
    """own: the young person's own words, for their own record."""
    return [(q.key, q.own_text if own else q.text) for q in QUESTIONS]


def question_texts(keys) -> list[str]:
    """The chosen questions in the order of the list; unknown keys are left out."""
    chosen = set(keys or ())
    return [q.text for q in QUESTIONS if q.key in chosen]
