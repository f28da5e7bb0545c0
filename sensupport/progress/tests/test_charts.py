"""The chart's numbers: the pupil's termly scores, the median of the peers who started where the
pupil did (not those who started elsewhere), support marked, attendance as a percentage a term."""

from __future__ import annotations

import datetime as dt

from sensupport.progress import charts

DAYS = (dt.date(2025, 11, 20), dt.date(2026, 3, 20), dt.date(2026, 6, 25))


def line(*values):
    return list(zip(DAYS, values, strict=False))


def test_the_peer_line_is_the_median_of_baseline_peers_only():
    chart = charts.attainment_chart(
        subject="Reading",
        scale="standardised",
        own=line(100, 97, 93),
        peers={1: line(101, 103, 105), 2: line(99, 101, 103), 3: line(103, 104, 107), 4: line(80, 80, 80)},
        similar=5,
    )
    assert [p.term for p in chart.points] == ["Autumn 2025", "Spring 2026", "Summer 2026"]
    assert [p.own for p in chart.points] == [100, 97, 93]
    assert [p.peers for p in chart.points] == [101, 103, 105]  # pupil 4 started 20 points lower
    assert [p.peer_count for p in chart.points] == [3, 3, 3]
    assert chart.own_path.count(",") == 3 and chart.peers_path


def test_support_starting_and_ending_in_the_span_is_marked():
    chart = charts.attainment_chart(
        subject="Reading",
        scale="standardised",
        own=line(100, 97, 93),
        peers={},
        similar=5,
        interventions=[
            ("Reading catch-up", dt.date(2026, 1, 10), dt.date(2026, 5, 1)),
            ("Old", dt.date(2020, 1, 1), None),
        ],
    )
    assert [m.label for m in chart.markers] == [
        "Reading catch-up starts 10/01/2026",
        "Reading catch-up ends 01/05/2026",
    ]
    assert chart.markers[0].x < chart.markers[1].x


def test_without_peers_there_is_no_peer_line():
    chart = charts.attainment_chart(
        subject="Maths",
        scale="standardised",
        own=line(100, 101),
        peers={1: line(100, 104)},
        similar=5,
        with_peers=False,
    )
    assert chart.peers_path == "" and all(p.peers is None for p in chart.points)


def test_attendance_bars_are_percentages():
    bars = charts.attendance_bars([("Autumn 2025", 126, 140), ("Spring 2026", 0, 0)])
    assert [b.percent for b in bars] == [90.0, 0.0]
    assert bars[0].height == 135.0 and bars[0].y == 40.0
