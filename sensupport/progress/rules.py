"""Less than expected progress (SEND Code of Practice 6.17), attendance and behaviour, as pure
functions: plain values in, findings out. No database, no settings: the selector passes both.

A score is compared only with scores of the same subject and the same scale, taken inside the
window (by default the 12 months up to the day asked about). The four signs of 6.17:

- slower_than_peers: the pupil's change over the window is well below the median change of the
  year group's pupils who started the window from a similar score (their "baseline peers");
- below_own_previous_rate: over the latest interval (their last two scores) the pupil gained well
  under what their own earlier rate (first score to the one before last) would have given: needs
  three or more scores;
- gap_not_closing: the pupil was behind the year group's median at the start of the window and the
  gap has not narrowed (it has not grown by the "grown" margin either: that is the next sign);
- gap_widening: the gap to the year group's median grew by at least the "grown" margin.

Plus persistent_absence (attendance below 90% over the window), severe_absence (below 50%) and
behaviour_rising (more incidents in the latest part of the window than the earlier part's rate).

Nothing fires on a single score, on a subject whose scores are in different scales (each scale is
its own series), or with too few peers to take a median of. Thresholds: docs/adr/0013.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import NamedTuple

SLOWER_THAN_PEERS = "slower_than_peers"
BELOW_OWN_PREVIOUS_RATE = "below_own_previous_rate"
GAP_NOT_CLOSING = "gap_not_closing"
GAP_WIDENING = "gap_widening"
PERSISTENT_ABSENCE = "persistent_absence"
SEVERE_ABSENCE = "severe_absence"
BEHAVIOUR_RISING = "behaviour_rising"
FLAGS = (
    SLOWER_THAN_PEERS,
    BELOW_OWN_PREVIOUS_RATE,
    GAP_NOT_CLOSING,
    GAP_WIDENING,
    PERSISTENT_ABSENCE,
    SEVERE_ABSENCE,
    BEHAVIOUR_RISING,
)
FLAG_LABELS = {
    SLOWER_THAN_PEERS: "Slower progress than classmates who started from a similar point",
    BELOW_OWN_PREVIOUS_RATE: "Progress slower than their own earlier rate",
    GAP_NOT_CLOSING: "The gap to classmates is not closing",
    GAP_WIDENING: "The gap to classmates is widening",
    PERSISTENT_ABSENCE: "Persistent absence",
    SEVERE_ABSENCE: "Severe absence",
    BEHAVIOUR_RISING: "Behaviour incidents rising",
}

SCALES = ("standardised", "scaled", "raw", "reading_age_months", "steps")
SCALE_UNITS = {
    "standardised": "points",
    "scaled": "points",
    "raw": "marks",
    "reading_age_months": "months",
    "steps": "steps",
}


@dataclass(frozen=True)
class Thresholds:
    """What "similar", "well below", "behind" and "grown" mean, in each scale's own units.
    Defaults and why: docs/adr/0013-progress-thresholds.md. Settings override them."""

    window_months: int = 12
    similar_baseline: Mapping[str, float] = field(
        default_factory=lambda: {
            "standardised": 5,
            "scaled": 3,
            "raw": 3,
            "reading_age_months": 6,
            "steps": 1,
        }
    )
    well_below: Mapping[str, float] = field(
        default_factory=lambda: {
            "standardised": 5,
            "scaled": 3,
            "raw": 3,
            "reading_age_months": 4,
            "steps": 1,
        }
    )
    behind: Mapping[str, float] = field(
        default_factory=lambda: {
            "standardised": 10,
            "scaled": 5,
            "raw": 5,
            "reading_age_months": 12,
            "steps": 2,
        }
    )
    own_rate_factor: float = 2.0
    min_peers: int = 3
    attendance_persistent: float = 0.90
    attendance_severe: float = 0.50
    attendance_min_sessions: int = 20
    behaviour_recent_days: int = 91
    behaviour_min_recent: int = 3
    behaviour_factor: float = 2.0

    def similar(self, scale: str) -> float:
        return float(self.similar_baseline.get(scale, 5))

    def margin(self, scale: str) -> float:
        return float(self.well_below.get(scale, 5))

    def behind_by(self, scale: str) -> float:
        return float(self.behind.get(scale, 10))


DEFAULT = Thresholds()


class Score(NamedTuple):
    subject: str
    scale: str
    taken_on: dt.date
    value: float


class Attendance(NamedTuple):
    starts_on: dt.date
    ends_on: dt.date
    possible: int
    attended: int


class Behaviour(NamedTuple):
    occurred_on: dt.date
    kind: str


@dataclass(frozen=True)
class Finding:
    """One prompt to consider: which sign, in which subject (empty for attendance and behaviour),
    the numbers behind it and a sentence a teacher understands."""

    flag: str
    subject: str
    sentence: str
    numbers: Mapping[str, float | int | str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return FLAG_LABELS[self.flag]


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` months earlier (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def window_start(on: dt.date, thresholds: Thresholds = DEFAULT) -> dt.date:
    return months_before(on, thresholds.window_months)


def _shown(number: float) -> str:
    return f"{number:.0f}" if abs(number - round(number)) < 0.05 else f"{number:.1f}"


def _since(day: dt.date) -> str:
    return day.strftime("%B %Y")


class Series(NamedTuple):
    """A pupil's scores in one subject and scale inside the window, oldest first (two or more)."""

    points: tuple[tuple[dt.date, float], ...]

    @property
    def baseline(self) -> float:
        return self.points[0][1]

    @property
    def latest(self) -> float:
        return self.points[-1][1]

    @property
    def change(self) -> float:
        return self.latest - self.baseline


def series_in_window(scores: Iterable[Score], *, on: dt.date, thresholds: Thresholds = DEFAULT) -> dict:
    """{(subject, scale): Series} of scores taken in (start, on], each series two or more scores.
    Two scores on one day in one subject and scale: their mean."""
    start = window_start(on, thresholds)
    by_key: dict[tuple[str, str], dict[dt.date, list[float]]] = defaultdict(lambda: defaultdict(list))
    for score in scores:
        if start < score.taken_on <= on:
            by_key[(score.subject, score.scale)][score.taken_on].append(float(score.value))
    found = {}
    for key, days in by_key.items():
        if len(days) >= 2:
            found[key] = Series(
                tuple([(day, v[0] if len(v) == 1 else sum(v) / len(v)) for day, v in sorted(days.items())])
            )
    return found


class Cohort:
    """The year group's series in one subject and scale: medians of starts and ends, and each
    pupil's baseline peers found by bisecting the sorted baselines."""

    def __init__(self, series: Mapping[Hashable, Series]):
        self.series = series
        ordered = sorted(series.items(), key=lambda item: item[1].baseline)
        self.keys = [key for key, _ in ordered]
        self.position = {key: i for i, key in enumerate(self.keys)}
        self.baselines = [s.baseline for _, s in ordered]
        self.changes = [s.change for _, s in ordered]
        self.latests = sorted(s.latest for s in series.values())

    def peers_change(self, pupil: Hashable, similar: float) -> tuple[float, int] | None:
        """Median change of the pupil's baseline peers (not the pupil), and how many there are."""
        own = self.series[pupil]
        low = bisect_left(self.baselines, own.baseline - similar)
        high = bisect_right(self.baselines, own.baseline + similar)
        # The peers are the slice [low, high) of the sorted baselines, less the pupil's own place (a
        # slice in C, not a loop in Python: a year group of 300 asks this 300 times a subject).
        at = self.position[pupil]
        changes = self.changes[low:at] + self.changes[at + 1 : high] if low <= at < high else self.changes[low:high]
        return (median(changes), len(changes)) if changes else None

    def others_medians(self, pupil: Hashable) -> tuple[float, float, int]:
        """Median start and end of the year group without the pupil, and how many that is."""
        own = self.series[pupil]
        count = len(self.series) - 1
        if count <= 0:
            return 0.0, 0.0, 0
        return (
            _median_without(self.baselines, own.baseline),
            _median_without(self.latests, own.latest),
            count,
        )


def _median_without(ordered: Sequence[float], value: float) -> float:
    """The median of a sorted list with one copy of `value` taken out, without copying it."""
    skip = bisect_left(ordered, value)
    n = len(ordered) - 1

    def at(k: int) -> float:
        return ordered[k] if k < skip else ordered[k + 1]

    return at(n // 2) if n % 2 else (at(n // 2 - 1) + at(n // 2)) / 2


def score_findings(
    *,
    name: str,
    series: Series,
    subject: str,
    scale: str,
    cohort: Cohort,
    pupil: Hashable,
    thresholds: Thresholds = DEFAULT,
) -> list[Finding]:
    """The four signs for one pupil's series in one subject and scale, against their year group."""
    findings: list[Finding] = []
    unit = SCALE_UNITS.get(scale, "points")
    margin = thresholds.margin(scale)
    began = series.points[0][0]  # written out ("since March 2026") only in a finding that fires
    peers = cohort.peers_change(pupil, thresholds.similar(scale))
    if peers is not None and peers[1] >= thresholds.min_peers:
        peer_change, peer_count = peers
        if series.change <= peer_change - margin:
            findings.append(
                Finding(
                    SLOWER_THAN_PEERS,
                    subject,
                    f"{subject}: {name} moved {_signed(series.change)} {unit} since {_since(began)}; the {peer_count} "
                    f"classmates who started where {name} did moved {_signed(peer_change)} (the middle of them).",
                    {
                        "baseline": series.baseline,
                        "latest": series.latest,
                        "change": round(series.change, 2),
                        "peers_change": round(peer_change, 2),
                        "peers": peer_count,
                    },
                )
            )
    if len(series.points) >= 3:
        (d0, v0), (d1, v1), (d2, v2) = series.points[0], series.points[-2], series.points[-1]
        earlier = (v1 - v0) / ((d1 - d0).days / 365.25)
        latest = (v2 - v1) / ((d2 - d1).days / 365.25)
        # What the earlier rate would have given over the latest interval, against what it gave:
        # a shortfall in the scale's own points, so the margin means what it means elsewhere.
        expected = earlier * (d2 - d1).days / 365.25
        shortfall = expected - (v2 - v1)
        if shortfall >= margin * thresholds.own_rate_factor:
            findings.append(
                Finding(
                    BELOW_OWN_PREVIOUS_RATE,
                    subject,
                    f"{subject}: {name} was moving {_signed(earlier)} {unit} a year from {_since(d0)} to "
                    f"{_since(d1)}, and {_signed(latest)} a year since: {_shown(shortfall)} {unit} short of "
                    "their own earlier pace.",
                    {
                        "earlier_rate": round(earlier, 2),
                        "latest_rate": round(latest, 2),
                        "shortfall": round(shortfall, 2),
                        "scores": len(series.points),
                    },
                )
            )
    start_median, end_median, others = cohort.others_medians(pupil)
    if others >= thresholds.min_peers:
        gap_start = start_median - series.baseline
        gap_end = end_median - series.latest
        numbers = {"gap_start": round(gap_start, 2), "gap_end": round(gap_end, 2), "year_group": others}
        if gap_end > 0 and gap_end - gap_start >= margin:
            findings.append(
                Finding(
                    GAP_WIDENING,
                    subject,
                    f"{subject}: the gap between {name} and the middle of the year group grew from "
                    f"{_shown(max(gap_start, 0))} to {_shown(gap_end)} {unit} since {_since(began)}.",
                    numbers,
                )
            )
        elif gap_start >= thresholds.behind_by(scale) and gap_end >= gap_start:
            findings.append(
                Finding(
                    GAP_NOT_CLOSING,
                    subject,
                    f"{subject}: {name} started {_shown(gap_start)} {unit} behind the middle of the year group in "
                    f"{_since(began)} and is {_shown(gap_end)} behind now: the gap has not closed.",
                    numbers,
                )
            )
    return findings


def _signed(number: float) -> str:
    return f"+{_shown(number)}" if number > 0.05 else _shown(number) if number < -0.05 else "0"


def attendance_findings(
    periods: Iterable[Attendance], *, name: str, on: dt.date, thresholds: Thresholds = DEFAULT
) -> list[Finding]:
    """Attendance over the window: a period partly inside counts in proportion to its days inside."""
    start = window_start(on, thresholds)
    possible = attended = 0.0
    for period in periods:
        days = (period.ends_on - period.starts_on).days + 1
        inside = (min(period.ends_on, on) - max(period.starts_on, start + dt.timedelta(days=1))).days + 1
        if days <= 0 or inside <= 0 or period.possible <= 0:
            continue
        share = min(inside / days, 1.0)
        possible += period.possible * share
        attended += period.attended * share
    if possible < thresholds.attendance_min_sessions:
        return []
    rate = attended / possible
    numbers = {"attended": round(attended), "possible": round(possible), "rate": round(rate * 100, 1)}
    since = _since(start + dt.timedelta(days=1))
    if rate < thresholds.attendance_severe:
        return [
            Finding(
                SEVERE_ABSENCE,
                "",
                f"{name} attended {rate:.0%} of sessions since {since} ({round(attended)} of {round(possible)}).",
                numbers,
            )
        ]
    if rate < thresholds.attendance_persistent:
        return [
            Finding(
                PERSISTENT_ABSENCE,
                "",
                f"{name} attended {rate:.0%} of sessions since {since} ({round(attended)} of {round(possible)}).",
                numbers,
            )
        ]
    return []


def behaviour_findings(
    events: Iterable[Behaviour], *, name: str, on: dt.date, thresholds: Thresholds = DEFAULT
) -> list[Finding]:
    """More incidents in the latest `behaviour_recent_days` than the rest of the window's rate, by
    `behaviour_factor`, and at least `behaviour_min_recent` of them."""
    start = window_start(on, thresholds)
    recent_from = on - dt.timedelta(days=thresholds.behaviour_recent_days)
    recent = earlier = 0
    for event in events:
        if recent_from < event.occurred_on <= on:
            recent += 1
        elif start < event.occurred_on <= recent_from:
            earlier += 1
    earlier_days = (recent_from - start).days
    if earlier_days <= 0 or recent < thresholds.behaviour_min_recent:
        return []
    expected = earlier * thresholds.behaviour_recent_days / earlier_days
    if recent < thresholds.behaviour_factor * expected or recent == 0:
        return []
    return [
        Finding(
            BEHAVIOUR_RISING,
            "",
            f"{name} had {recent} behaviour incident{'s' if recent != 1 else ''} in the last "
            f"{thresholds.behaviour_recent_days // 7} weeks, against about {_shown(expected)} in the same length of "
            "time before that.",
            {"recent": recent, "earlier": earlier, "expected": round(expected, 2)},
        )
    ]


@dataclass
class PupilData:
    """One pupil's plain values for `school_findings`."""

    name: str
    year_group: str
    scores: Sequence[Score] = ()
    attendance: Sequence[Attendance] = ()
    behaviour: Sequence[Behaviour] = ()


def school_findings(
    pupils: Mapping[Hashable, PupilData],
    *,
    on: dt.date,
    thresholds: Thresholds = DEFAULT,
    only: Collection[Hashable] | None = None,
) -> dict[Hashable, list[Finding]]:
    """Every pupil's findings (or, with `only`, those pupils'), each compared with their own year
    group: every pupil's scores make the cohorts. Pupils with none are left out."""
    series = {key: series_in_window(data.scores, on=on, thresholds=thresholds) for key, data in pupils.items()}
    groups: dict[tuple[str, str, str], dict[Hashable, Series]] = defaultdict(dict)
    for key, by_subject in series.items():
        for (subject, scale), one in by_subject.items():
            groups[(pupils[key].year_group, subject, scale)][key] = one
    cohorts = {group: Cohort(members) for group, members in groups.items()}
    found: dict[Hashable, list[Finding]] = {}
    for key in pupils if only is None else [key for key in only if key in pupils]:
        data = pupils[key]
        findings: list[Finding] = []
        for (subject, scale), one in sorted(series[key].items()):
            findings += score_findings(
                name=data.name,
                series=one,
                subject=subject,
                scale=scale,
                cohort=cohorts[(data.year_group, subject, scale)],
                pupil=key,
                thresholds=thresholds,
            )
        findings += attendance_findings(data.attendance, name=data.name, on=on, thresholds=thresholds)
        findings += behaviour_findings(data.behaviour, name=data.name, on=on, thresholds=thresholds)
        if findings:
            found[key] = findings
    return found


def attendance_by_term(periods: Iterable[Attendance]) -> list[tuple[str, int, int]]:
    """(term name, attended, possible) per school term, oldest first: autumn is September to
    December, spring January to March, summer April to August (a period counts in its start's term)."""
    totals: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for period in periods:
        year, month = period.starts_on.year, period.starts_on.month
        if month >= 9:
            key = (year, 0)
        elif month <= 3:
            key = (year - 1, 1)
        else:
            key = (year - 1, 2)
        totals[key][0] += period.attended
        totals[key][1] += period.possible
    names = ("Autumn", "Spring", "Summer")
    shown = []
    for (year, term), (attended, possible) in sorted(totals.items()):
        calendar_year = year if term == 0 else year + 1
        shown.append((f"{names[term]} {calendar_year}", attended, possible))
    return shown
