"""Charts as plain numbers for a server-rendered SVG (templates/progress/_chart.html): a pupil's
scores by term beside the median of the year group's pupils who started where they did, with
interventions' start and end marked. Pure: no database. The page always shows the same numbers in
a table beside the chart."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import median

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 600, 260, 48, 16, 16, 48


def term_of(day: dt.date) -> tuple[int, int]:
    """(academic year's first calendar year, term: 0 autumn, 1 spring, 2 summer)."""
    if day.month >= 9:
        return day.year, 0
    return day.year - 1, (1 if day.month <= 3 else 2)


def term_label(term: tuple[int, int]) -> str:
    year, index = term
    return f"{('Autumn', 'Spring', 'Summer')[index]} {year if index == 0 else year + 1}"


def term_start(term: tuple[int, int]) -> dt.date:
    year, index = term
    return (dt.date(year, 9, 1), dt.date(year + 1, 1, 1), dt.date(year + 1, 4, 1))[index]


@dataclass
class Point:
    term: str
    own: float | None
    peers: float | None
    peer_count: int
    x: float = 0
    own_y: float | None = None
    peers_y: float | None = None


@dataclass
class Marker:
    label: str
    x: float


@dataclass
class Chart:
    subject: str
    scale: str
    points: list[Point] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)  # (y, label)
    own_path: str = ""
    peers_path: str = ""
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom_y: int = HEIGHT - BOTTOM


def _by_term(scores: Iterable[tuple[dt.date, float]]) -> dict[tuple[int, int], float]:
    terms = defaultdict(list)
    for day, value in scores:
        terms[term_of(day)].append(value)
    return {term: sum(v) / len(v) for term, v in terms.items()}


def attainment_chart(
    *,
    subject: str,
    scale: str,
    own: Sequence[tuple[dt.date, float]],
    peers: Mapping[object, Sequence[tuple[dt.date, float]]],
    similar: float,
    interventions: Sequence[tuple[str, dt.date | None, dt.date | None]] = (),
    with_peers: bool = True,
) -> Chart:
    """The pupil's termly scores; the median of peers whose score in the pupil's first term was
    within `similar` of the pupil's (their baseline peers); interventions (name, start, end) marked."""
    chart = Chart(subject, scale)
    mine = _by_term(own)
    if not mine:
        return chart
    terms = sorted(mine)
    first = terms[0]
    peer_terms = {key: _by_term(s) for key, s in peers.items()} if with_peers else {}
    baseline_peers = [t for t in peer_terms.values() if first in t and abs(t[first] - mine[first]) <= similar]
    for term in terms:
        values = [t[term] for t in baseline_peers if term in t]
        chart.points.append(Point(term_label(term), mine.get(term), median(values) if values else None, len(values)))
    numbers = [v for p in chart.points for v in (p.own, p.peers) if v is not None]
    low, high = min(numbers), max(numbers)
    pad = max((high - low) * 0.1, 2)
    low, high = low - pad, high + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return round(TOP + plot_h * (high - value) / (high - low), 1)

    span = max(len(terms) - 1, 1)
    for i, point in enumerate(chart.points):
        point.x = round(LEFT + plot_w * (i / span if len(terms) > 1 else 0.5), 1)
        point.own_y = y(point.own) if point.own is not None else None
        point.peers_y = y(point.peers) if point.peers is not None else None
    chart.own_path = " ".join(f"{p.x},{p.own_y}" for p in chart.points if p.own_y is not None)
    chart.peers_path = " ".join(f"{p.x},{p.peers_y}" for p in chart.points if p.peers_y is not None)
    chart.ticks = [(y(low + (high - low) * k / 4), f"{low + (high - low) * k / 4:.0f}") for k in range(5)]
    start_day, end_day = term_start(terms[0]), term_start(terms[-1])
    days = max((end_day - start_day).days, 1)
    last_score = max(day for day, _ in own)
    for name, starts_on, ends_on in interventions:
        for day, word in ((starts_on, "starts"), (ends_on, "ends")):
            if day and start_day <= day <= max(end_day, last_score):
                share = min((day - start_day).days / days, 1.0) if len(terms) > 1 else 0.5
                chart.markers.append(Marker(f"{name} {word} {day:%d/%m/%Y}", round(LEFT + plot_w * share, 1)))
    return chart


@dataclass
class Bar:
    term: str
    attended: int
    possible: int
    percent: float
    x: float
    height: float
    y: float = 0


def attendance_bars(terms: Sequence[tuple[str, int, int]]) -> list[Bar]:
    """One bar per term: percentage attended, 0 to 100 on a 150-pixel scale."""
    bars = []
    for i, (term, attended, possible) in enumerate(terms):
        percent = round(100 * attended / possible, 1) if possible else 0.0
        height = round(1.5 * percent, 1)
        bars.append(Bar(term, attended, possible, percent, LEFT + i * 70, height, round(175 - height, 1)))
    return bars
