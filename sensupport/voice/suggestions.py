"""From the pupil's day to suggested barriers: pure functions over plain values.

A part of the day that feels Hard or Very hard becomes one or more suggested barriers from the
strategy bank, each with a few no-cost strategies. What the pupil said matters most: keywords in
their words ("too noisy", "tired", "writing") come first, then what that part of the day usually
means (lunch: the dining room; moving: busy corridors and transitions), then the bank's own word
match, and last of all anxiety during the day, so that a hard part is never silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sensupport.plans.bank import BankBarrier, Strategy, match_barrier, shipped_bank

VERY_HARD, HARD, OK, GOOD, GREAT = 1, 2, 3, 4, 5
HARD_FEELINGS = frozenset({VERY_HARD, HARD})
MAX_BARRIERS_PER_PART = 3
MAX_STRATEGIES = 3
FALLBACK_BARRIER = "anxiety"
FEELING_WORDS = {VERY_HARD: "very hard", HARD: "hard"}


@dataclass(frozen=True)
class DayPart:
    """One part of the day as the pupil described it (plain values: no database)."""

    key: str  # arrival, lesson, break, lunch, moving, home_time
    label: str
    feeling: int | None
    hard: str = ""
    easier: str = ""
    ref: int | None = None  # the WalkthroughPart id, when there is one


@dataclass(frozen=True)
class Suggestion:
    part: DayPart
    barrier: BankBarrier
    strategies: tuple[Strategy, ...]
    reason_template: str  # "{they}" where the pupil is named: see reason and reason_to_pupil
    strategies_to_pupil: tuple[Strategy, ...] = ()  # for the pupil's own day map: see strategies_said_to_pupil

    @property
    def reason(self) -> str:
        """Why it is suggested, about the pupil ("and they talk about noise"): for staff and parents."""
        return self.reason_template.replace("{they}", "they")

    @property
    def reason_to_pupil(self) -> str:
        """The same reason spoken to the pupil ("and you talk about noise"): for a young person's own pages."""
        return self.reason_template.replace("{they}", "you")

    @property
    def bank_key(self) -> str:
        return self.barrier.key

    @property
    def where_when(self) -> str:
        """What goes on the barrier: '<part label>: <what makes it hard>'."""
        hard = " ".join(self.part.hard.split())
        return f"{self.part.label}: {hard}" if hard else self.part.label


# What a part of the day usually means, when it is hard. Keys are WalkthroughPart.key values.
PART_BARRIERS: dict[str, tuple[str, ...]] = {
    "arrival": ("anxiety-transitions",),
    "lunch": ("dining-room-eating",),
    "break": ("unstructured-times",),
    "moving": ("busy-corridors", "anxiety-transitions"),
    "home_time": ("anxiety-transitions",),
    "lesson": (),
}

# Lessons by name: PE means movement and getting changed.
LESSON_NAME_RULES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        r"\b(pe|p\.e\.?|games|gym|gymnastics|swimming|sport|sports|dance)\b",
        ("gross-motor",),
        "PE means moving, balance and getting changed",
    ),
)

# Keywords in the pupil's own words (and the part's name). Each: pattern, barrier per part key
# ("*" for any part), and a plain reason shown to staff.
KEYWORD_RULES: tuple[tuple[str, dict[str, str], str], ...] = (
    (
        r"\b(nois\w*|loud\w*|shout\w*|echo\w*|bells?|alarms?|screams?|screaming|clatter\w*)\b",
        {"lunch": "dining-room-noise", "lesson": "noisy-classroom", "*": "sensory-avoidance"},
        "talk about noise",
    ),
    (r"\b(tired\w*|tiring|exhaust\w*|sleepy|worn out|no energy|energy)\b", {"*": "fatigue"}, "talk about being tired"),
    (
        r"\b(writ\w*|handwriting|copying|copy\w* (off|from) the board|pencils?|pens?)\b",
        {"*": "recording-work"},
        "talk about writing",
    ),
    (
        r"\b(crowd\w*|busy|push\w*|shov\w*|bump\w*|corridors?|queues?|queuing)\b",
        {"*": "busy-corridors"},
        "talk about crowds",
    ),
    (r"\b(get(ting)? changed|changing|kit)\b", {"*": "gross-motor"}, "talk about getting changed"),
    (
        r"\b(itch\w*|scratch\w*|uniform|tie|jumper|socks|labels?)\b",
        {"*": "uniform-sensory"},
        "talk about how clothes feel",
    ),
    (r"\b(smells?|food|eat\w*|dinner)\b", {"*": "dining-room-eating"}, "talk about food or eating"),
    (
        r"\b(mum|dad|grandma|grandad|nan|leav\w*|goodbye|say bye|miss (my|mum|dad))\b",
        {"arrival": "school-attendance-anxiety", "*": "anxiety"},
        "talk about leaving family",
    ),
    (
        r"\b(friends?|nobody|no one|alone|lonely|left out|play with)\b",
        {"break": "unstructured-times", "lunch": "unstructured-times", "*": "friendships"},
        "talk about friends or being alone",
    ),
    (r"\b(worr\w*|scared|scary|anxious|nervous|panic\w*|frighten\w*|afraid)\b", {"*": "anxiety"}, "talk about worry"),
    (
        r"\b(instructions?|don'?t (know|understand) what to do|confus\w*|too fast)\b",
        {"*": "understanding-instructions"},
        "talk about not knowing what to do",
    ),
    (r"\b(read|reads|reading|read aloud|reading aloud)\b", {"*": "reading-decoding"}, "talk about reading"),
    (r"\b(hurts?|pain\w*|aches?|aching|sore)\b", {"*": "pain"}, "talk about pain"),
    (
        r"\b(sit still|fidget\w*|wriggl\w*|need to move|bored)\b",
        {"*": "attention-and-movement"},
        "talk about needing to move",
    ),
    (r"\b(mistakes?|get it wrong|getting it wrong)\b", {"*": "fear-of-mistakes"}, "talk about mistakes"),
    (r"\b(toilets?|loo)\b", {"*": "toileting-personal-care"}, "talk about the toilet"),
    (r"\b(bright|lights?|smelly)\b", {"*": "sensory-avoidance"}, "talk about lights or smells"),
    (
        r"\b(cover|supply|different teacher|new teacher|changes?|unexpected)\b",
        {"*": "anxiety-transitions"},
        "talk about change",
    ),
)

STOP_WORDS = frozenset(
    {
        "about",
        "after",
        "always",
        "because",
        "been",
        "before",
        "being",
        "could",
        "didn",
        "does",
        "doing",
        "don't",
        "every",
        "from",
        "have",
        "into",
        "just",
        "like",
        "lesson",
        "lessons",
        "makes",
        "more",
        "much",
        "really",
        "school",
        "some",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "they",
        "this",
        "time",
        "very",
        "what",
        "when",
        "where",
        "which",
        "while",
        "with",
        "would",
        "your",
        "hard",
        "feel",
        "feels",
    }
)


def is_hard(feeling: int | None) -> bool:
    return feeling in HARD_FEELINGS


def no_cost_strategies(barrier: BankBarrier, limit: int = MAX_STRATEGIES) -> tuple[Strategy, ...]:
    """The first few strategies that cost nothing (the bank lists the most useful first)."""
    return tuple(s for s in barrier.strategies if s.cost == "none")[:limit]


# The bank is written for staff ("Seat them where they see best", "Believe the pupil and their
# parents"): on a pupil's own page only the titles that do not talk about the pupil are shown.
ABOUT_THE_PUPIL = re.compile(
    r"\b(the pupil|pupil'?s?|the child|child's|they|them|their|theirs|themselves|themself)\b", re.IGNORECASE
)


def strategies_said_to_pupil(barrier: BankBarrier, limit: int = MAX_STRATEGIES) -> tuple[Strategy, ...]:
    """No-cost strategies whose title a pupil can read as it stands (none names the pupil as 'they')."""
    return tuple(s for s in barrier.strategies if s.cost == "none" and not ABOUT_THE_PUPIL.search(s.title))[:limit]


def _normalise(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def barrier_keys_for(part: DayPart) -> list[tuple[str, str]]:
    """Bank barrier keys for one hard part, best first, with the reason for each (a template: "{they}"
    stands for the pupil, so the reason can speak to the pupil or about them)."""
    bank = shipped_bank()
    feels = f"{part.label} feels {FEELING_WORDS.get(part.feeling, 'hard')}"
    words = _normalise(part.hard)
    label = _normalise(part.label)
    found: list[tuple[str, str]] = []

    def add(key: str, reason: str) -> None:
        if key in bank and key not in [k for k, _ in found]:
            found.append((key, reason))

    for pattern, by_part, reason in KEYWORD_RULES:
        if re.search(pattern, words):
            add(by_part.get(part.key, by_part["*"]), f"{feels}, and {{they}} {reason}")
    if part.key == "lesson":
        for pattern, keys, reason in LESSON_NAME_RULES:
            if re.search(pattern, label):
                for key in keys:
                    add(key, f"{feels}: {reason}")
        # A lesson's name can say what it asks for ("Handwriting", "Reading group").
        for pattern, by_part, _reason in KEYWORD_RULES[:3]:
            if re.search(pattern, label):
                add(by_part.get("lesson", by_part["*"]), feels)
    for key in PART_BARRIERS.get(part.key, ()):
        add(key, feels)
    if not found:
        meaningful = " ".join(w for w in re.findall(r"[a-z']+", words) if w not in STOP_WORDS)
        matches = match_barrier(meaningful) if meaningful else []
        if matches:
            add(matches[0].key, f"{feels}, and what {{they}} say matches “{matches[0].name}”")
    if not found:
        add(FALLBACK_BARRIER, feels)
    return found[:MAX_BARRIERS_PER_PART]


def suggestions_for_part(part: DayPart) -> list[Suggestion]:
    if not is_hard(part.feeling):
        return []
    bank = shipped_bank()
    return [
        Suggestion(
            part=part,
            barrier=bank[key],
            strategies=no_cost_strategies(bank[key]),
            reason_template=reason,
            strategies_to_pupil=strategies_said_to_pupil(bank[key]),
        )
        for key, reason in barrier_keys_for(part)
    ]


def suggestions_for_day(parts: Iterable[DayPart]) -> list[Suggestion]:
    """Every suggestion for the day, hardest parts first, then in the order of the day."""
    ordered: Sequence[tuple[int, DayPart]] = sorted(enumerate(parts), key=lambda t: (t[1].feeling or 9, t[0]))
    out: list[Suggestion] = []
    for _, part in ordered:
        out.extend(suggestions_for_part(part))
    return out
