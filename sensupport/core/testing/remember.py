"""How many times a computation behind a `core.remember.RememberedByRows` really ran: for tests
that a result is remembered for the same rows and computed again when one of them changes."""

from __future__ import annotations


def counted_runs(monkeypatch, owner, name: str, *, memory) -> list:
    """Empty `memory`, then count each call of `owner.name` (still made) in the list returned."""
    memory.clear()
    runs: list = []
    real = getattr(owner, name)

    def counted(*args, **kwargs):
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return runs
