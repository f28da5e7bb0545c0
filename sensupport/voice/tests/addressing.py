"""Does a page speak *to* the pupil? A small checker for the text a pupil reads.

`third_person_slips(html, names=...)` returns the sentences of a page's pupil-addressed text that
talk about the pupil instead of to them: "the pupil", the child's name, or "they"/"them"/"their"
used for the child. An empty list means the page says "you".

What counts as pupil-addressed text: everything a reader sees inside <main>, or, with `only`,
just the elements whose tag is in `only` (a parent's page addresses the parent; only its questions,
the <label>s and <legend>s, are read out to the child). `skip_for` drops labels for those field
ids (a question put to the adult, such as "Who helped Peter with this?").

Left out, because they are not the page's own words about the child:
- what was typed into a form (<textarea>, <option>) and quoted words (“…”): the pupil's own answers;
- a caption (class govuk-caption-*): a label naming whose record it is, not a sentence about them;
- text hidden from screen readers and sighted readers alike (<script>, <style>).

Limits (it is a heuristic, not a grammar):
- "they/them/their" is allowed when a sentence, or the one before it, names someone or something
  else it can stand for (the school, a teacher, an adult, a parent, people, things...): "Tell the
  school. They will look into it." passes. A sentence that names both the school and the child as
  "they" would pass too: keep such sentences out of the pages, or check them by hand.
- The child's name is matched as a whole word, case-sensitively, so a name that is also a common
  word at the start of a sentence ("Will") would be flagged: use ordinary names in fixtures.
- Staff-written plan text is shown as written: fixtures for these tests keep it free of the
  child's name so that any slip found is the page's own wording.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCKS = {
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "dt",
    "dd",
    "td",
    "th",
    "label",
    "legend",
    "a",
    "button",
    "summary",
    "div",
    "span",
    "strong",
}
SKIP_TAGS = {"script", "style", "textarea", "option", "title"}
VOID = {"br", "img", "input", "meta", "link", "hr"}
OTHER_ANTECEDENTS = re.compile(
    r"\b(school|schools|teachers?|staff|adults?|assistants?|parents?|carers?|family|people|someone|anyone|"
    r"things|suggestions|senco|they asked|others?|friends?|helpers?|professionals?|mum|dad)\b",
    re.IGNORECASE,
)
THEY = re.compile(r"\b(they|them|their|theirs|themselves|themself)\b", re.IGNORECASE)
THE_PUPIL = re.compile(r"\b(the|this|your) (pupil|child|young person)\b", re.IGNORECASE)
SENTENCE = re.compile(r"(?<=[.!?:])\s+|\n+")


class _Addressed(HTMLParser):
    def __init__(self, *, only: set[str] | None, skip_for: set[str]):
        super().__init__(convert_charrefs=True)
        self.only, self.skip_for = only, skip_for
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, skipped, in scope)
        self.parts: list[str] = []

    def _skipped(self) -> bool:
        return any(skipped for _, skipped, _ in self.stack)

    def _in_scope(self) -> bool:
        in_main = any(tag == "main" for tag, _, _ in self.stack)
        return in_main and (self.only is None or any(scoped for _, _, scoped in self.stack))

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        skipped = (
            tag in SKIP_TAGS or any(c.startswith("govuk-caption") for c in classes) or attrs.get("for") in self.skip_for
        )
        scoped = self.only is not None and tag in self.only
        self.stack.append((tag, skipped, scoped))
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:  # tolerate unclosed tags: pop back to the matching one
            if self.stack.pop()[0] == tag:
                break
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_scope() and not self._skipped():
            self.parts.append(data)


def addressed_text(html: str, *, only: set[str] | None = None, skip_for: tuple[str, ...] = ()) -> str:
    parser = _Addressed(only=only, skip_for=set(skip_for))
    parser.feed(html)
    text = "".join(parser.parts)
    text = re.sub(r"“[^”]*”", "“…”", text)  # the pupil's own words, quoted
    return re.sub(r"[ \t]+", " ", text)


def third_person_slips(
    html: str, *, names: tuple[str, ...], only: set[str] | None = None, skip_for: tuple[str, ...] = ()
) -> list[str]:
    """Sentences that talk about the pupil in the third person (see the module docstring)."""
    sentences = [s.strip() for s in SENTENCE.split(addressed_text(html, only=only, skip_for=skip_for)) if s.strip()]
    name_re = re.compile(r"\b(" + "|".join(re.escape(n) for n in names if n) + r")\b") if any(names) else None
    slips = []
    for i, sentence in enumerate(sentences):
        before = sentences[i - 1] if i else ""
        if (
            THE_PUPIL.search(sentence)
            or (name_re and name_re.search(sentence))
            or THEY.search(sentence)
            and not OTHER_ANTECEDENTS.search(sentence + " " + before)
        ):
            slips.append(sentence)
    return slips
