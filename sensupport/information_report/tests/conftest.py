"""The SEN information report's own world: Oak Primary (the shared `school`) with pupils on SEN
Support and EHC plans, their main needs, plan reviews with parents, a catalogue of interventions."""

from __future__ import annotations

import datetime as dt

import pytest

from sensupport.core.factories import PupilFactory
from sensupport.plans.models import Plan
from sensupport.pupils.models import PupilNeed
from sensupport.reviews.models import Review

TODAY = dt.date(2026, 12, 4)


def pupils_with(school, *, n: int, status: str = "K", need: str | None = None, surname: str = "Figure"):
    made = [
        PupilFactory(school=school, sen_status=status, forename=f"Kid{i}", surname=f"{surname}{need or ''}{i}")
        for i in range(n)
    ]
    if need:
        PupilNeed.objects.bulk_create(PupilNeed(pupil=p, need_type=need, rank=1) for p in made)
    return made


def reviews_with_parents(pupil, *dates: dt.date, parent_present: bool = True):
    first = pupil.plans.count() + 1
    for i, held_on in enumerate(dates, start=first):
        plan = Plan.objects.create(pupil=pupil, version=i, status=Plan.Status.REVIEWED)
        Review.objects.create(
            plan=plan,
            held_on=held_on,
            attendees="Mum, SENCO",
            parent_present=parent_present,
            decision=Review.Decision.CONTINUE,
            summary="Agreed next steps",
        )


@pytest.fixture
def published(school, head):
    from sensupport.information_report import services

    return services.report_publish(actor=head, school=school)
