"""Server-rendered SVG bar charts for the oversight tables. Pure: bars in, SVG text out.

The chart sits beside the table that holds the same figures; the table is the accessible version,
so the SVG is hidden from assistive technology (aria-hidden). A suppressed figure draws no bar and
prints its text ("fewer than 5"), as the table does."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .tables import Bar

WIDTH = 640
BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 230
VALUE_WIDTH = 110
COLOUR = "#1d70b8"


def bar_chart(bars: Sequence[Bar]) -> str:
    if not bars:
        return ""
    top = max([b.value for b in bars if b.value is not None] + [1.0])
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sen-chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" aria-hidden="true" focusable="false">'
    ]
    for index, bar in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = int(plot * max(0.0, bar.value) / top) if bar.value is not None else 0
        label = bar.label if len(bar.label) <= 30 else bar.label[:29] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT * 0.72:.0f}" text-anchor="end" font-size="13" '
            f'fill="#0b0c0c">{escape(label)}</text>'
        )
        if length:
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" fill="{COLOUR}"/>')
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + BAR_HEIGHT * 0.72:.0f}" font-size="13" '
            f'fill="#0b0c0c">{escape(bar.text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
