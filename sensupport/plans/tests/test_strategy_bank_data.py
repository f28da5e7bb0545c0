"""Checks on the curated strategy bank shipped as data (sensupport/plans/data/strategy_bank.json).

Pure data tests: json + pathlib only, no Django database and no model imports, so they can run
with ``pytest -p no:django``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

BANK_PATH = Path(__file__).resolve().parent.parent / "data" / "strategy_bank.json"

BROAD_AREAS = {
    "Communication and interaction",
    "Cognition and learning",
    "Social, emotional and mental health",
    "Sensory and/or physical",
}
KINDS = {"adjustment", "intervention", "equipment", "adult_support", "specialist"}
COSTS = {"none", "low", "funded"}
SETTINGS = {"in_class", "withdrawn", "either"}

TOP_FIELDS = {"version", "source_note", "barriers"}
BARRIER_FIELDS = {"key", "name", "broad_area", "description", "shows_as", "strategies"}
STRATEGY_FIELDS = {"key", "title", "description", "kind", "cost", "delivered_by", "setting"}

KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

MIN_BARRIERS = 44
MIN_PER_AREA = 9
MIN_STRATEGIES, MAX_STRATEGIES = 3, 6
MIN_SHOWS_AS, MAX_SHOWS_AS = 2, 4

# The barriers named in the seed ("barriers to learning"): each must appear in a barrier's key or name.
SEED_BARRIERS = {
    "fatigue": ("fatigue",),
    "anxiety": ("anxiety",),
    "working memory": ("working memory", "working-memory"),
    "pain": ("pain",),
    "dining room": ("dining",),
    "recording work / handwriting": ("recording", "handwriting"),
    "uniform": ("uniform",),
}


@pytest.fixture(autouse=True)
def _fast_settings():
    """Shadow the project conftest's autouse fixture, which needs pytest-django's ``settings``.

    These tests touch no Django settings, so they also run under ``-p no:django``.
    """
    yield


def _load():
    with BANK_PATH.open(encoding="utf-8") as fh:
        return json.load(fh)


BANK = _load()
BARRIERS = BANK["barriers"]
STRATEGIES = [(b["key"], s) for b in BARRIERS for s in b["strategies"]]


def _non_empty(value):
    return isinstance(value, str) and value.strip() != "" and value == value.strip()


def test_file_is_valid_json_object():
    text = BANK_PATH.read_text(encoding="utf-8")
    data = json.loads(text)
    assert isinstance(data, dict)
    assert set(data) == TOP_FIELDS
    assert data["version"] == 1
    assert _non_empty(data["source_note"])
    assert isinstance(data["barriers"], list)


def test_barrier_and_strategy_fields_are_exactly_the_schema():
    for b in BARRIERS:
        assert set(b) == BARRIER_FIELDS, b.get("key")
        assert isinstance(b["shows_as"], list)
        assert isinstance(b["strategies"], list)
        for s in b["strategies"]:
            assert set(s) == STRATEGY_FIELDS, (b["key"], s.get("key"))


def test_enough_barriers_overall_and_in_every_broad_area():
    assert len(BARRIERS) >= MIN_BARRIERS
    per_area = Counter(b["broad_area"] for b in BARRIERS)
    for area in BROAD_AREAS:
        assert per_area[area] >= MIN_PER_AREA, (area, per_area[area])


def test_barrier_keys_unique_and_kebab_case():
    keys = [b["key"] for b in BARRIERS]
    dupes = [k for k, n in Counter(keys).items() if n > 1]
    assert not dupes
    for k in keys:
        assert KEBAB.match(k), k


def test_barrier_names_unique():
    names = [b["name"].casefold() for b in BARRIERS]
    assert not [n for n, c in Counter(names).items() if c > 1]


@pytest.mark.parametrize("barrier", BARRIERS, ids=[b["key"] for b in BARRIERS])
def test_barrier_strings_and_counts(barrier):
    assert barrier["broad_area"] in BROAD_AREAS
    for field in ("key", "name", "description"):
        assert _non_empty(barrier[field]), field
    assert MIN_SHOWS_AS <= len(barrier["shows_as"]) <= MAX_SHOWS_AS
    assert all(_non_empty(x) for x in barrier["shows_as"])
    assert len(set(barrier["shows_as"])) == len(barrier["shows_as"])
    assert MIN_STRATEGIES <= len(barrier["strategies"]) <= MAX_STRATEGIES


@pytest.mark.parametrize("barrier", BARRIERS, ids=[b["key"] for b in BARRIERS])
def test_strategy_keys_unique_within_barrier(barrier):
    keys = [s["key"] for s in barrier["strategies"]]
    assert len(keys) == len(set(keys)), keys
    for k in keys:
        assert KEBAB.match(k), k


def test_every_strategy_uses_allowed_values_and_non_empty_strings():
    for barrier_key, s in STRATEGIES:
        where = (barrier_key, s.get("key"))
        for field in STRATEGY_FIELDS:
            assert _non_empty(s[field]), (*where, field)
        assert s["kind"] in KINDS, where
        assert s["cost"] in COSTS, where
        assert s["setting"] in SETTINGS, where


def test_at_least_half_of_strategies_cost_nothing():
    total = len(STRATEGIES)
    free = sum(1 for _, s in STRATEGIES if s["cost"] == "none")
    assert total > 0
    assert free * 2 >= total, f"{free}/{total} cost none"


def test_strategy_descriptions_are_not_copied_between_barriers():
    seen = {}
    for barrier_key, s in STRATEGIES:
        text = " ".join(s["description"].casefold().split())
        assert text not in seen, (barrier_key, s["key"], "duplicates", seen.get(text))
        seen[text] = (barrier_key, s["key"])


@pytest.mark.parametrize("label,needles", SEED_BARRIERS.items(), ids=list(SEED_BARRIERS))
def test_seed_barriers_present(label, needles):
    haystacks = [f"{b['key']} {b['name']}".casefold() for b in BARRIERS]
    assert any(n in h for h in haystacks for n in needles), label


def test_plain_british_spelling():
    american = re.compile(r"\b(color|behavior|organiz\w*|center|program|programs)\b", re.IGNORECASE)
    text = BANK_PATH.read_text(encoding="utf-8")
    assert not american.findall(text)
