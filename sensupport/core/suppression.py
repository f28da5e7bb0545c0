"""Small numbers shown outside the school (docs/adr/0015): any count of pupils below 5 is shown as
"fewer than 5", and a group of counts never leaves one suppressed count derivable from its total
(the count hidden to protect it, which may be any size, is "not shown", never "fewer than 5").

Pure functions over plain integers: the oversight dashboard, the SEN information report and any
other page or export seen outside a school call these, never their own threshold. Inside the school
(the SENCO's own pages) exact numbers are shown; these functions are for everyone else.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

THRESHOLD = 5
FEWER_THAN = "fewer than 5"
NOT_SHOWN = "not shown"


@dataclass(frozen=True)
class Figure:
    """One count as shown: `value` is None when suppressed; `text` is what a page prints."""

    value: int | None
    text: str

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return self.text


def _shown(count: int) -> Figure:
    return Figure(count, f"{count:,}")


SUPPRESSED = Figure(None, FEWER_THAN)
# Hidden although it is 5 or more (secondary suppression, a share): saying "fewer than 5" would be
# false, and saying nothing would let a reader work the small number out.
WITHHELD = Figure(None, NOT_SHOWN)


def count(n: int) -> Figure:
    """A single count of pupils: 0 to 4 are all "fewer than 5" (a 0 beside a 1 would tell which is which)."""
    if n < 0:
        raise ValueError(f"a count of pupils cannot be negative: {n}")
    return _shown(n) if n >= THRESHOLD else SUPPRESSED


def group(counts: Mapping[Hashable, int], total: int | None = None) -> tuple[dict[Hashable, Figure], Figure | None]:
    """Counts that add up to a total shown beside them (a table's rows and its total row).

    Primary: every count below 5 is suppressed. Secondary: if exactly one count is suppressed and
    the total is shown, it could be derived (total minus the others), so the next smallest shown
    count is suppressed too ("not shown": it is 5 or more); with no other count to hide, the total
    is. A total below 5 is itself suppressed. Ties are broken by the mapping's order, so the same
    input always hides the same cells.
    """
    if any(n < 0 for n in counts.values()):
        raise ValueError("a count of pupils cannot be negative")
    shown = {key: count(n) for key, n in counts.items()}
    total_figure = None if total is None else count(total)
    if total_figure is None or total_figure.suppressed:
        return shown, total_figure
    hidden = [key for key, figure in shown.items() if figure.suppressed]
    if len(hidden) == 1:
        candidates = sorted((n, i, key) for i, (key, n) in enumerate(counts.items()) if not shown[key].suppressed)
        if candidates:
            shown[candidates[0][2]] = WITHHELD
        else:
            total_figure = WITHHELD
    return shown, total_figure


def share(numerator: int, denominator: int) -> Figure:
    """A percentage of pupils ("62%"): suppressed when the pupils counted or the pupils they are
    counted among are fewer than 5 (3 of 40 would otherwise give away 3, as `count` would not), or
    when the pupils *not* counted are fewer than 5 but more than none (38 of 40 gives away 2).
    All of them (100%) is shown: it tells nothing `count` does not. A suppressed share is "not
    shown" (a percentage is never "fewer than 5")."""
    if numerator < 0 or denominator < 0 or numerator > denominator:
        raise ValueError(f"not a share of pupils: {numerator} of {denominator}")
    rest = denominator - numerator
    if numerator < THRESHOLD or 0 < rest < THRESHOLD:
        return WITHHELD
    return Figure(round(100 * numerator / denominator), f"{round(100 * numerator / denominator)}%")
