"""Plain-English checks for pages families read: Flesch reading ease over visible text.

Pure functions. Syllables are counted with the usual vowel-group rule (silent final 'e',
'-le' endings), which is what readability tools do when they have no pronouncing dictionary.
Scores of 60 and above are 'plain English' (about 13 to 15 year olds read it easily)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)|\n\s*\n")


def syllables(word: str) -> int:
    w = word.lower().strip("'’-")
    if not w:
        return 0
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", w)))


def flesch_reading_ease(text: str) -> float:
    words = _WORD.findall(text)
    if not words:
        return 100.0
    sentences = max(1, len([s for s in _SENTENCE_END.split(text) if _WORD.search(s)]))
    syllable_count = sum(syllables(w) for w in words)
    return 206.835 - 1.015 * (len(words) / sentences) - 84.6 * (syllable_count / len(words))


class _MainText(HTMLParser):
    """The text a reader sees in <main>, one block per line (headings and list items end a
    'sentence' the way a reader experiences them)."""

    BLOCKS = {
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
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
    }
    SKIP = {"script", "style"}

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        if tag in self.SKIP:
            self.skip += 1
        if self.depth and tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        if tag in self.SKIP:
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def main_text(html: str) -> str:
    parser = _MainText()
    parser.feed(html)
    return re.sub(r"[ \t]+", " ", "".join(parser.parts))
