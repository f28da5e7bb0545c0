"""Three years of termly reading, writing and maths scores, attendance and behaviour for every demo
pupil, through progress.services (bulk). Drawn so that, looking back from the demo's today:

- some pupils not on the SEN register show each sign (slower than peers, below their own earlier
  rate, gap not closing, gap widening, persistent and severe absence, behaviour rising);
- one pupil who left SEN Support is slipping again (the "recently left" watch);
- Peter's reading shows his trajectory: steady, slipping in the months before his concern was
  raised, and climbing back once his support began.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from sensupport.audit.models import AuditEvent
from sensupport.progress import services
from sensupport.pupils import codes
from sensupport.pupils.models import Pupil, SenStatusChange

SUBJECTS = ("Reading", "Writing", "Maths")
SIGNS = ("slower", "own_rate", "not_closing", "widening", "persistent", "severe", "behaviour")
TERM_SESSIONS = ((9, 4, 12, 19), (1, 6, 3, 27), (4, 14, 7, 18))  # (from month, day, to month, day)


def assessment_days(today: dt.date, count: int = 9) -> list[dt.date]:
    """The last `count` termly assessment days up to today: late November, late March, late June."""
    days = []
    for year in range(today.year - 4, today.year + 1):
        days += [dt.date(year, 3, 20), dt.date(year, 6, 25), dt.date(year, 11, 20)]
    return sorted(d for d in days if d <= today)[-count:]


def _weekdays(start: dt.date, end: dt.date) -> int:
    days = (end - start).days + 1
    return sum(1 for i in range(days) if (start + dt.timedelta(days=i)).weekday() < 5)


def attendance_terms(today: dt.date, years: int = 3) -> list[tuple[dt.date, dt.date, int]]:
    """(from, to, possible sessions) for each term of the last `years` school years, the current
    term up to yesterday."""
    terms = []
    for year in range(today.year - years - 1, today.year + 1):
        for m1, d1, m2, d2 in TERM_SESSIONS:
            start = dt.date(year, m1, d1)
            end = min(dt.date(year, m2, d2), today - dt.timedelta(days=1))
            if start < end and start > today - dt.timedelta(days=365 * years):
                terms.append((start, end, 2 * _weekdays(start, end)))
    return terms


def _signs_for(pupils: list[Pupil], rng: random.Random) -> dict[int, str]:
    """Two pupils per sign at each school, among those not on the register."""
    candidates = [p for p in pupils if p.sen_status == codes.STATUS_NONE]
    rng.shuffle(candidates)
    chosen = {}
    for i, sign in enumerate(SIGNS * 2):
        if i < len(candidates):
            chosen[candidates[i].pk] = sign
    return chosen


def _left_support(school_ids: list[int], today: dt.date) -> int | None:
    """A pupil whose SEN Support ended (the demo's "ended at review" story), not back on it."""
    history = (
        SenStatusChange.objects.filter(pupil__school_id__in=school_ids, pupil__sen_status=codes.STATUS_NONE)
        .order_by("pupil_id", "start_date", "recorded_at")
        .values_list("pupil_id", "status")
    )
    last: dict[int, str] = {}
    for pupil_id, status in history:
        if last.get(pupil_id) == codes.STATUS_SUPPORT and status != codes.STATUS_SUPPORT:
            return pupil_id
        last[pupil_id] = status
    return None


def _scores(pupil: Pupil, sign: str, days: list[dt.date], rng: random.Random, *, peter_since, leaver: bool):
    base = {codes.STATUS_NONE: 101, codes.STATUS_MONITORING: 94, codes.STATUS_SUPPORT: 87, codes.STATUS_EHC: 76}
    window = [d for d in days if d > days[-1] - dt.timedelta(days=365)]
    for subject in SUBJECTS:
        level = rng.gauss(base.get(pupil.sen_status, 100), 7)
        slope = rng.gauss(0, 0.2)
        for k, day in enumerate(days):
            value = level + slope * k + rng.gauss(0, 0.8)
            in_window = day in window
            w = window.index(day) if in_window else -1
            if sign == "slower" and subject == "Reading" and in_window:
                value -= 4 * w
            elif sign == "own_rate" and subject == "Maths" and in_window:
                value += (0, 6, 2)[min(w, 2)]
            elif sign == "not_closing" and subject == "Writing":
                value = 86 + rng.gauss(0, 0.8) - 0.3 * k
            elif sign == "widening" and subject == "Maths" and in_window:
                value -= 3.5 * w
            if leaver and subject in ("Reading", "Writing") and in_window:
                value -= 4 * w
            if peter_since is not None and subject == "Reading":
                value = _peter_reading(day, peter_since, rng)
            yield services.ScoreIn(pupil.pk, subject, day, Decimal(f"{value:.0f}"), assessment=f"{subject} termly")


def _peter_reading(day: dt.date, since: dt.date, rng: random.Random) -> float:
    """Steady at about 97; slipping in the two terms before his concern; climbing once support began."""
    months = (day - since).days / 30.4
    if months < -8:
        return 97 + rng.gauss(0, 0.8)
    if months < 0:
        return 97 - (months + 8) * 1.1
    return 88 + months * 0.6


def _attendance(pupil: Pupil, sign: str, terms, rng: random.Random, *, peter: bool):
    usual = min(0.995, max(0.9, rng.gauss(0.955, 0.02)))
    for i, (start, end, possible) in enumerate(terms):
        rate = usual
        recent = i >= len(terms) - 3
        if sign == "persistent" and recent:
            rate = 0.84
        elif sign == "severe" and recent:
            rate = 0.45
        elif peter and recent:
            rate = 0.91
        yield services.AttendanceIn(pupil.pk, start, end, possible, min(possible, round(possible * rate)))


def _behaviour(pupil: Pupil, sign: str, today: dt.date, rng: random.Random):
    if sign == "behaviour":
        for days_ago in (6, 13, 20, 34, 51, 200):
            yield services.BehaviourIn(
                pupil.pk, today - dt.timedelta(days=days_ago), "incident", "Disrupted the lesson"
            )
        yield services.BehaviourIn(pupil.pk, today - dt.timedelta(days=27), "suspension", "One day")
        return
    if rng.random() < 0.15:
        yield services.BehaviourIn(
            pupil.pk, today - dt.timedelta(days=rng.randint(1, 900)), "incident", "Low-level disruption"
        )


def load(*, schools, peter: Pupil, today: dt.date, seed: int) -> dict[str, int]:
    """Write every demo pupil's progress data; returns counts for the loader's summary."""
    rng = random.Random(f"progress {seed}")
    days = assessment_days(today)
    terms = attendance_terms(today)
    leaver = _left_support([s.pk for s in schools], today)
    counts = {"scores": 0, "attendance periods": 0, "behaviour events": 0}
    for school in schools:
        pupils = list(Pupil.objects.filter(school=school).order_by("pk"))
        signs = _signs_for(pupils, rng) if school.pk == peter.school_id else {}
        scores, attendance, behaviour = [], [], []
        for pupil in pupils:
            sign = signs.get(pupil.pk, "")
            is_peter = pupil.pk == peter.pk
            since = (peter.sen_status_since or today - dt.timedelta(days=330)) if is_peter else None
            scores += _scores(pupil, sign, days, rng, peter_since=since, leaver=pupil.pk == leaver)
            attendance += _attendance(pupil, sign, terms, rng, peter=is_peter)
            behaviour += _behaviour(pupil, sign, today, rng)
        via = AuditEvent.Via.COMMAND
        counts["scores"] += len(
            services.scores_record(actor=None, school=school, rows=scores, source="demo", via=via).added
        )
        counts["attendance periods"] += len(
            services.attendance_record(actor=None, school=school, rows=attendance, source="demo", via=via).added
        )
        counts["behaviour events"] += len(
            services.behaviour_record(actor=None, school=school, rows=behaviour, source="demo", via=via).added
        )
    return counts
