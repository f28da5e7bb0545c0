"""The strategy bank: a curated library of barriers and the support that removes them, shipped as
data (data/strategy_bank.json), plus strategies schools and local authorities add themselves."""

from __future__ import annotations

import json
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
                    key=s["key"], title=s["title"], description=s["description"], kind=s["kind"], cost=s["cost"],
                    delivered_by=s.get("delivered_by", ""), setting=s.get("setting", "either"),
                )
                for s in entry["strategies"]
            ),
        )
    return bank


def barriers_by_area() -> dict[str, list[BankBarrier]]:
    grouped: dict[str, list[BankBarrier]] = {}
    for barrier in shipped_bank().values():
        grouped.setdefault(barrier.broad_area, []).append(barrier)
    return {area: sorted(items, key=lambda b: b.name) for area, items in sorted(grouped.items())}


def strategies_for(barrier_key: str, *, school=None) -> list[Strategy]:
    """Suggestions for one barrier: the shipped bank, then the LA's and the school's own."""
    from .models import CustomStrategy

    found = list(shipped_bank()[barrier_key].strategies) if barrier_key in shipped_bank() else []
    if school is not None:
        custom = CustomStrategy.objects.filter(barrier_key=barrier_key).filter(
            models_q_school_or_la(school)
        )
        for c in custom:
            found.append(
                Strategy(
                    key=f"custom-{c.pk}", title=c.title, description=c.description, kind=c.kind, cost=c.cost,
                    delivered_by=c.delivered_by, source="school" if c.school_id else "la",
                )
            )
    return found


def models_q_school_or_la(school):
    from django.db.models import Q

    return Q(school=school) | Q(local_authority_id=school.local_authority_id)


def match_barrier(text: str) -> list[BankBarrier]:
    """Bank barriers whose name or key shares a word with free text (for suggestions)."""
    words = {w for w in text.lower().replace("-", " ").split() if len(w) > 3}
    scored = []
    for barrier in shipped_bank().values():
        hay = f"{barrier.name} {barrier.key} {barrier.description}".lower()
        score = sum(1 for w in words if w in hay)
        if score:
            scored.append((score, barrier.name, barrier))
    return [b for _, _, b in sorted(scored, key=lambda t: (-t[0], t[1]))][:5]
