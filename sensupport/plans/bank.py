"""The strategy bank: a curated library of barriers and the support that removes them, shipped as
data (data/strategy_bank.json), plus strategies schools and local authorities add themselves."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

BANK_FILE = Path(__file__).resolve().parent / "data" / "strategy_bank.json"


@dataclass(frozen=True)
class Strategy:
    key: str
    title: str
    description: str
    kind: str
    cost: str
    delivered_by: str
    setting: str = "either"
    source: str = "bank"  # bank, school, la


@dataclass(frozen=True)
class BankBarrier:
    key: str
    name: str
    broad_area: str
    description: str
    shows_as: tuple[str, ...]
    strategies: tuple[Strategy, ...]


@cache
def shipped_bank() -> dict[str, BankBarrier]:
    data = json.loads(BANK_FILE.read_text(encoding="utf-8"))
    bank = {}
    for entry in data["barriers"]:
        bank[entry["key"]] = BankBarrier(
            key=entry["key"],
            name=entry["name"],
            broad_area=entry["broad_area"],
            description=entry["description"],
            shows_as=tuple(entry.get("shows_as", ())),
            strategies=tuple(
                Strategy(
                    key=s["key"],
                    title=s["title"],
                    description=s["description"],
                    kind=s["kind"],
                    cost=s["cost"],
                    delivered_by=s.get("delivered_by", ""),
                    setting=s.get("setting", "either"),
                )
                for s in entry["strategies"]
            ),
        )
    return bank


# "the pupil", "the child", "the young person", with a possessive "'s" (straight or curly), as whole
# words: never "the pupils" (other pupils), "the children", or "the pupil premium" (funding).
_GENERIC_PUPIL = re.compile(
    r"\bthe\s+(?:pupil|child|young\s+person)\b(?!\s+premium\b)(?P<own>['\u2019]s\b)?", re.IGNORECASE
)


def personalise(text: str, first_name: str) -> str:
    """Bank text made about one pupil: "the pupil" / "the child" becomes their (preferred) first
    name, "the pupil's" becomes "Peter's". The name keeps its own capitals wherever it falls, so
    "The pupil" starting a sentence and "the pupil" inside one both read "Peter". "They" stays:
    the bank does not know the pupil's pronouns. Only the initial text: the SENCO can edit it."""
    name = first_name.strip()
    if not name:
        return text
    return _GENERIC_PUPIL.sub(
        lambda m: (
            name + ("\u2019s" if m.group("own") and "\u2019" in m.group("own") else "'s" if m.group("own") else "")
        ),
        text,
    )


def barriers_by_area() -> dict[str, list[BankBarrier]]:
    grouped: dict[str, list[BankBarrier]] = {}
    for barrier in shipped_bank().values():
        grouped.setdefault(barrier.broad_area, []).append(barrier)
    return {area: sorted(items, key=lambda b: b.name) for area, items in sorted(grouped.items())}


def strategies_for(barrier_key: str, *, school=None) -> list[Strategy]:
    """Suggestions for one barrier: the shipped bank, then the LA's and the school's own."""
    found = list(shipped_bank()[barrier_key].strategies) if barrier_key in shipped_bank() else []
    if school is not None:
        custom = custom_strategies(school_id=school.pk, local_authority_id=school.local_authority_id).filter(
            barrier_key=barrier_key
        )
        for c in custom:
            found.append(
                Strategy(
                    key=f"custom-{c.pk}",
                    title=c.title,
                    description=c.description,
                    kind=c.kind,
                    cost=c.cost,
                    delivered_by=c.delivered_by,
                    source="school" if c.school_id else "la",
                )
            )
    return found


def custom_strategies(*, school_id: int | None, local_authority_id: int | None):
    """The strategies a school (and its LA), or an LA officer, has added to the bank."""
    from django.db.models import Q

    from .models import CustomStrategy

    owners = Q(local_authority_id=local_authority_id) if local_authority_id else Q(pk__in=[])
    if school_id:
        owners |= Q(school_id=school_id)
    return CustomStrategy.objects.filter(owners)


STOP_WORDS = frozenset(
    [
        "what",
        "that",
        "this",
        "with",
        "from",
        "have",
        "they",
        "their",
        "them",
        "when",
        "where",
        "which",
        "while",
        "about",
        "after",
        "before",
        "just",
        "said",
        "says",
        "into",
        "does",
        "doesn",
        "don",
        "very",
        "much",
        "more",
        "most",
        "some",
        "than",
        "then",
        "there",
        "these",
        "those",
        "your",
        "being",
        "been",
        "were",
        "will",
        "would",
        "could",
        "should",
        "pupil",
        "child",
        "school",
        "class",
        "lessons",
        "lesson",
        "time",
    ]
)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _words(text: str) -> set[str]:
    cleaned = "".join(ch if ch.isalnum() else " " for ch in text.lower())
    return {_stem(w) for w in cleaned.split() if len(w) > 3 and w not in STOP_WORDS}


def match_barrier(text: str) -> list[BankBarrier]:
    """Bank barriers that share meaningful words with free text (for suggestions). A word in the
    barrier's name or key counts three times as much as one in its description."""
    words = _words(text)
    scored = []
    for barrier in shipped_bank().values():
        name_words = _words(f"{barrier.name} {barrier.key}")
        description_words = _words(barrier.description)
        score = 3 * len(words & name_words) + len(words & description_words)
        if score >= 2:
            scored.append((score, barrier.name, barrier))
    return [b for _, _, b in sorted(scored, key=lambda t: (-t[0], t[1]))][:5]
