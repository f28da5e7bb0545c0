"""Server-rendered SVG bar charts. Pure: labelled values in, SVG text out.

A chart is drawn beside a table holding the same figures; the table is the accessible version, so
the SVG is hidden from assistive technology (aria-hidden) rather than described twice."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

WIDTH = 640
BAR_HEIGHT = 28
GAP = 12
LABEL_WIDTH = 220
VALUE_WIDTH = 110
COLOURS = ("#1d70b8", "#00703c", "#f47738", "#d4351c", "#4c2c92", "#505a5f")


def bar_chart(bars: Sequence[tuple[str, Decimal]], *, marker: tuple[str, Decimal] | None = None) -> str:
    """Horizontal bars, longest value full width. `marker` draws a labelled vertical line (e.g. the
    budget) across every bar at its value. Negative values draw as zero-length bars."""
    values = [max(Decimal(0), value) for _, value in bars]
    top = max([*values, marker[1] if marker else Decimal(0), Decimal(1)])
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP + (20 if marker else 0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sen-chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" aria-hidden="true" focusable="false">'
    ]
    for index, ((label, _), value) in enumerate(zip(bars, values, strict=True)):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = int(plot * value / top)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT * 0.7:.0f}" text-anchor="end" font-size="14" '
            f'fill="#0b0c0c">{escape(label[:32])}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
            f'fill="{COLOURS[index % len(COLOURS)]}"/>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + BAR_HEIGHT * 0.7:.0f}" font-size="14" '
            f'fill="#0b0c0c">£{value:,.0f}</text>'
        )
    if marker:
        x = LABEL_WIDTH + int(plot * max(Decimal(0), marker[1]) / top)
        parts.append(
            f'<line x1="{x}" y1="4" x2="{x}" y2="{height - 18}" stroke="#0b0c0c" stroke-width="2" '
            f'stroke-dasharray="6 4"/>'
            f'<text x="{x}" y="{height - 4}" text-anchor="middle" font-size="13" fill="#0b0c0c">'
            f"{escape(marker[0])}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
