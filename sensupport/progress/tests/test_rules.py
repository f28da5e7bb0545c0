"""The 6.17 signs, attendance and behaviour on hand-built cases (each with a case where it must not
fire), and properties that hold for any data (hypothesis)."""

from __future__ import annotations

import datetime as dt
from statistics import median

from hypothesis import given, settings
from hypothesis import strategies as st

from sensupport.progress import rules
from sensupport.progress.rules import PupilData, Score, Thresholds

ON = dt.date(2026, 7, 15)
TERMS = (dt.date(2025, 9, 20), dt.date(2026, 1, 20), dt.date(2026, 4, 20))


def scored(values, subject="Reading", scale="standardised", dates=TERMS):
    return [Score(subject, scale, day, value) for day, value in zip(dates, values, strict=False) if value is not None]


def year_group(peers, pupil_values, **pupil_kwargs):
    """A year group: peers given as lists of termly values, and the pupil under key "amira"."""
    pupils = {f"peer{i}": PupilData(f"Peer {i}", "4", scored(values)) for i, values in enumerate(peers)}
    pupils["amira"] = PupilData("Amira", "4", scored(pupil_values, **pupil_kwargs))
    return pupils


def flags(found, key="amira"):
    return sorted(f.flag for f in found.get(key, []))


STEADY_PEERS = [[100, 102, 104], [101, 103, 105], [99, 101, 103], [100, 101, 104], [102, 104, 106]]


def test_slower_than_peers_from_the_same_baseline_fires_with_the_numbers_behind_it():
    found = rules.school_findings(year_group(STEADY_PEERS, [100, 99, 98]), on=ON)
    slower = [f for f in found["amira"] if f.flag == rules.SLOWER_THAN_PEERS]
    assert len(slower) == 1
    assert slower[0].subject == "Reading"
    assert slower[0].numbers["change"] == -2
    assert slower[0].numbers["peers_change"] == 4
    assert slower[0].numbers["peers"] == 5
    assert "Reading: Amira moved -2 points since September 2025" in slower[0].sentence
    assert "5 classmates who started where Amira did moved +4" in slower[0].sentence


def test_a_pupil_progressing_as_fast_as_their_baseline_peers_is_not_flagged():
    assert flags(rules.school_findings(year_group(STEADY_PEERS, [100, 102, 104]), on=ON)) == []


def test_a_single_score_never_fires():
    found = rules.school_findings(year_group(STEADY_PEERS, [70, None, None]), on=ON)
    assert "amira" not in found


def test_scores_in_two_scales_are_never_mixed():
    # Reading age in months in January, standardised scores otherwise: each scale has fewer than
    # two points, so nothing is compared (a drop from 100 to 80 "months" is not a fall).
    pupils = year_group(STEADY_PEERS, [])
    pupils["amira"] = PupilData(
        "Amira",
        "4",
        [
            Score("Reading", "standardised", TERMS[0], 100),
            Score("Reading", "reading_age_months", TERMS[1], 80),
        ],
    )
    assert "amira" not in rules.school_findings(pupils, on=ON)
    series = rules.series_in_window(pupils["amira"].scores, on=ON)
    assert series == {}


def test_two_subjects_are_compared_separately():
    pupils = year_group(STEADY_PEERS, [100, 102, 104])
    pupils["amira"].scores = [*pupils["amira"].scores, *scored([100, 99, 98], subject="Maths")]
    # No peer has maths scores: no peers to compare with, so maths has only the own-rate check.
    found = rules.school_findings(pupils, on=ON)
    assert all(f.subject == "Maths" for f in found.get("amira", []))


def test_below_own_previous_rate_needs_three_scores_and_fires_on_a_slowdown():
    # Up 10 from September to January (about 30 a year), then down 4: at the earlier pace the
    # three months to April would have brought about 7 more, a shortfall of about 11.
    found = rules.school_findings({"amira": PupilData("Amira", "4", scored([90, 100, 96]))}, on=ON)
    assert flags(found) == [rules.BELOW_OWN_PREVIOUS_RATE]
    finding = found["amira"][0]
    assert finding.numbers["earlier_rate"] > finding.numbers["latest_rate"]
    assert finding.numbers["shortfall"] >= 10
    assert "a year" in finding.sentence


def test_below_own_previous_rate_does_not_fire_on_two_scores():
    found = rules.school_findings({"amira": PupilData("Amira", "4", scored([90, 98, None]))}, on=ON)
    assert "amira" not in found


def test_below_own_previous_rate_does_not_fire_on_a_steady_rate():
    found = rules.school_findings({"amira": PupilData("Amira", "4", scored([90, 94, 97]))}, on=ON)
    assert "amira" not in found


def test_missing_terms_use_the_real_time_between_scores():
    # No spring score: September and April only. Two points, so no rate check; and peers who
    # missed a term still give a baseline and a latest score.
    peers = [[100, None, 104], [101, 103, 105], [99, None, 103]]
    found = rules.school_findings(year_group(peers, [100, None, 104]), on=ON)
    assert "amira" not in found


def test_gap_widening_fires_and_says_from_what_to_what():
    peers = [[100, 102, 104], [101, 103, 105], [99, 101, 103], [100, 101, 104]]
    found = rules.school_findings(year_group(peers, [97, 95, 92]), on=ON)
    assert rules.GAP_WIDENING in flags(found)
    widening = next(f for f in found["amira"] if f.flag == rules.GAP_WIDENING)
    assert widening.numbers["gap_start"] == 3
    assert widening.numbers["gap_end"] == 12
    assert "grew from 3 to 12 points since September 2025" in widening.sentence
    assert rules.GAP_NOT_CLOSING not in flags(found)


def test_gap_not_closing_fires_when_behind_and_the_gap_stays():
    peers = [[100, 102, 104], [101, 103, 105], [99, 101, 103], [100, 101, 104]]
    found = rules.school_findings(year_group(peers, [88, 90, 92]), on=ON)
    assert flags(found) == [rules.GAP_NOT_CLOSING]
    assert "the gap has not closed" in found["amira"][0].sentence


def test_gap_not_closing_does_not_fire_when_the_gap_narrows():
    peers = [[100, 102, 104], [101, 103, 105], [99, 101, 103], [100, 101, 104]]
    found = rules.school_findings(year_group(peers, [88, 94, 99]), on=ON)
    assert rules.GAP_NOT_CLOSING not in flags(found)
    assert rules.GAP_WIDENING not in flags(found)


def test_too_few_peers_gives_no_peer_comparison():
    found = rules.school_findings(year_group([[100, 102, 104], [100, 102, 104]], [100, 99, 98]), on=ON)
    assert rules.SLOWER_THAN_PEERS not in flags(found)
    assert rules.GAP_WIDENING not in flags(found)


def test_scores_outside_the_window_are_not_read():
    old = (dt.date(2024, 9, 20), dt.date(2025, 1, 20), dt.date(2025, 4, 20))
    pupils = {f"peer{i}": PupilData("P", "4", scored(v, dates=old)) for i, v in enumerate(STEADY_PEERS)}
    pupils["amira"] = PupilData("Amira", "4", scored([100, 90, 80], dates=old))
    assert rules.school_findings(pupils, on=ON) == {}
    # ... but a longer window (a setting) reads them.
    longer = Thresholds(window_months=24)
    assert rules.SLOWER_THAN_PEERS in flags(rules.school_findings(pupils, on=ON, thresholds=longer))


def test_other_year_groups_are_not_peers():
    pupils = {f"peer{i}": PupilData("P", "5", scored(v)) for i, v in enumerate(STEADY_PEERS)}
    pupils["amira"] = PupilData("Amira", "4", scored([100, 99, 98]))
    assert rules.SLOWER_THAN_PEERS not in flags(rules.school_findings(pupils, on=ON))


def attendance(rate, possible=300):
    return [rules.Attendance(dt.date(2025, 9, 1), dt.date(2026, 7, 10), possible, round(possible * rate))]


def test_persistent_absence_below_ninety_percent():
    found = rules.attendance_findings(attendance(0.85), name="Amira", on=ON)
    assert [f.flag for f in found] == [rules.PERSISTENT_ABSENCE]
    assert found[0].numbers["rate"] == 85.0
    assert found[0].subject == ""
    assert "Amira attended 85% of sessions" in found[0].sentence


def test_ninety_percent_is_not_persistent_absence():
    assert rules.attendance_findings(attendance(0.90), name="Amira", on=ON) == []


def test_severe_absence_below_half_and_not_also_persistent():
    found = rules.attendance_findings(attendance(0.40), name="Amira", on=ON)
    assert [f.flag for f in found] == [rules.SEVERE_ABSENCE]


def test_too_few_sessions_say_nothing():
    assert rules.attendance_findings(attendance(0.1, possible=10), name="Amira", on=ON) == []


def test_a_period_partly_in_the_window_counts_in_proportion():
    # The window starts after 15 July 2025: 184 of the period's 366 days are inside it.
    period = rules.Attendance(dt.date(2025, 1, 15), dt.date(2026, 1, 15), 400, 200)
    found = rules.attendance_findings([period], name="Amira", on=ON)
    assert found[0].numbers["possible"] == round(400 * 184 / 366)


def incidents(days):
    return [rules.Behaviour(ON - dt.timedelta(days=d), "incident") for d in days]


def test_behaviour_rising_fires_on_more_recent_incidents():
    found = rules.behaviour_findings(incidents([5, 20, 40, 60, 200]), name="Amira", on=ON)
    assert [f.flag for f in found] == [rules.BEHAVIOUR_RISING]
    assert found[0].numbers["recent"] == 4
    assert found[0].numbers["earlier"] == 1


def test_steady_behaviour_incidents_do_not_fire():
    # One a month all year: as many recently as before.
    assert rules.behaviour_findings(incidents(range(5, 360, 30)), name="Amira", on=ON) == []


def test_two_recent_incidents_are_not_enough():
    assert rules.behaviour_findings(incidents([5, 20]), name="Amira", on=ON) == []


def test_months_before_keeps_the_day_or_the_months_last_day():
    assert rules.months_before(dt.date(2026, 7, 15), 12) == dt.date(2025, 7, 15)
    assert rules.months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert rules.months_before(dt.date(2026, 1, 10), 1) == dt.date(2025, 12, 10)


def test_attendance_by_term_groups_by_school_term():
    periods = [
        rules.Attendance(dt.date(2025, 9, 1), dt.date(2025, 12, 19), 140, 130),
        rules.Attendance(dt.date(2026, 1, 5), dt.date(2026, 3, 27), 110, 100),
        rules.Attendance(dt.date(2026, 4, 13), dt.date(2026, 7, 20), 130, 120),
    ]
    assert rules.attendance_by_term(periods) == [
        ("Autumn 2025", 130, 140),
        ("Spring 2026", 100, 110),
        ("Summer 2026", 120, 130),
    ]


# Properties -------------------------------------------------------------------------------------

values = st.integers(min_value=60, max_value=140)
series_values = st.lists(values, min_size=3, max_size=3)


@settings(max_examples=60, deadline=None)
@given(peers=st.lists(series_values, min_size=0, max_size=8), pupil=series_values)
def test_a_pupil_moving_with_the_middle_of_their_baseline_peers_is_never_slower(peers, pupil):
    """If the pupil's change equals the median change of their baseline peers, never slower_than_peers."""
    pupils = year_group(peers, pupil)
    cohort = rules.Cohort(
        {k: rules.series_in_window(p.scores, on=ON)[("Reading", "standardised")] for k, p in pupils.items()}
    )
    peers_change = cohort.peers_change("amira", rules.DEFAULT.similar("standardised"))
    if peers_change is None:
        return
    delta = peers_change[0] - (pupil[2] - pupil[0])
    pupils["amira"] = PupilData("Amira", "4", scored([pupil[0], pupil[1], pupil[2] + delta]))
    assert rules.SLOWER_THAN_PEERS not in flags(rules.school_findings(pupils, on=ON))


@settings(max_examples=60, deadline=None)
@given(peers=st.lists(series_values, min_size=0, max_size=8), pupil=series_values, shift=st.integers(-30, 30))
def test_moving_the_whole_year_group_by_the_same_amount_changes_nothing(peers, pupil, shift):
    before = rules.school_findings(year_group(peers, pupil), on=ON)
    after = rules.school_findings(
        year_group([[v + shift for v in p] for p in peers], [v + shift for v in pupil]), on=ON
    )
    assert {k: sorted(f.flag for f in v) for k, v in before.items()} == {
        k: sorted(f.flag for f in v) for k, v in after.items()
    }


@settings(max_examples=60, deadline=None)
@given(scores=st.lists(st.tuples(st.sampled_from(rules.SCALES), st.integers(0, 360), values), max_size=12))
def test_every_series_is_one_scale_inside_the_window_with_two_or_more_scores(scores):
    found = rules.series_in_window(
        [Score("Maths", scale, ON - dt.timedelta(days=d), v) for scale, d, v in scores], on=ON
    )
    for (subject, scale), series in found.items():
        assert subject == "Maths" and scale in rules.SCALES
        assert len(series.points) >= 2
        assert all(rules.window_start(ON) < day <= ON for day, _ in series.points)
        assert [day for day, _ in series.points] == sorted({day for day, _ in series.points})


@settings(max_examples=60, deadline=None)
@given(pupils=st.dictionaries(st.integers(0, 30), st.lists(values, min_size=0, max_size=1), max_size=10))
def test_a_single_score_never_fires_for_anyone(pupils):
    data = {k: PupilData("P", "4", scored(v)) for k, v in pupils.items()}
    assert rules.school_findings(data, on=ON) == {}


@settings(max_examples=60, deadline=None)
@given(possible=st.integers(0, 400), share=st.floats(0, 1))
def test_attendance_is_exactly_one_of_none_persistent_or_severe(possible, share):
    attended = round(possible * share)
    found = rules.attendance_findings(
        [rules.Attendance(dt.date(2025, 9, 1), dt.date(2026, 7, 10), possible, attended)], name="A", on=ON
    )
    assert len(found) <= 1
    if found:
        assert attended / possible < 0.9
        assert found[0].flag == (rules.SEVERE_ABSENCE if attended / possible < 0.5 else rules.PERSISTENT_ABSENCE)
    elif possible >= 20:
        assert attended / possible >= 0.9


@settings(max_examples=60, deadline=None)
@given(ordered=st.lists(st.integers(-50, 50), min_size=2, max_size=20).map(sorted), pick=st.integers(0, 100))
def test_median_without_one_value_matches_the_slow_way(ordered, pick):
    from statistics import median

    value = ordered[pick % len(ordered)]
    rest = list(ordered)
    rest.remove(value)
    assert rules._median_without(ordered, value) == median(rest)


@settings(max_examples=60, deadline=None)
@given(start=values, per_term=st.integers(-6, 6), gaps=st.lists(st.integers(60, 150), min_size=2, max_size=3))
def test_a_pupil_keeping_their_own_pace_is_never_below_their_own_rate(start, per_term, gaps):
    """Scores on a straight line (same points a day throughout): the own-rate check never fires."""
    days, day = [], ON
    for gap in gaps:
        days.insert(0, day)
        day -= dt.timedelta(days=gap)
    days.insert(0, day)
    first = days[0]
    scores = [Score("Maths", "standardised", d, start + per_term * (d - first).days / 120) for d in days]
    found = rules.school_findings({"amira": PupilData("Amira", "4", scores)}, on=ON)
    assert rules.BELOW_OWN_PREVIOUS_RATE not in flags(found)


@settings(max_examples=100, deadline=None)
@given(
    baselines=st.lists(st.integers(80, 120), min_size=1, max_size=30),
    changes=st.lists(st.integers(-10, 10), min_size=30, max_size=30),
    similar=st.sampled_from([-1, 0, 1, 5, 50]),
)
def test_baseline_peers_are_every_other_pupil_within_the_similar_range(baselines, changes, similar):
    """peers_change reads a slice of the sorted baselines: the same peers as looking at everyone."""
    series = {
        f"p{k}": rules.Series(((dt.date(2026, 1, 5), float(b)), (dt.date(2026, 6, 5), float(b + changes[k]))))
        for k, b in enumerate(baselines)
    }
    cohort = rules.Cohort(series)
    for pupil, own in series.items():
        peers = [
            one.change
            for key, one in series.items()
            if key != pupil and own.baseline - similar <= one.baseline <= own.baseline + similar
        ]
        found = cohort.peers_change(pupil, similar)
        if peers:
            assert found == (median(peers), len(peers))
        else:
            assert found is None


@settings(max_examples=60, deadline=None)
@given(days=st.lists(st.tuples(st.integers(0, 300), st.integers(60, 140)), min_size=0, max_size=12))
def test_a_series_is_each_days_mean_oldest_first(days):
    scores = [Score("Reading", "standardised", ON - dt.timedelta(days=d), float(v)) for d, v in days]
    by_day: dict = {}
    for d, v in days:
        by_day.setdefault(ON - dt.timedelta(days=d), []).append(float(v))
    found = rules.series_in_window(scores, on=ON).get(("Reading", "standardised"))
    if len(by_day) < 2:
        assert found is None
    else:
        assert found.points == tuple((day, sum(v) / len(v)) for day, v in sorted(by_day.items()))
