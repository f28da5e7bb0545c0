"""The oversight app's world: Oak Primary (Northshire) from core/testing/people.py, with as many
pupils on SEN Support as a test asks for, and Peter's agreed plan (plans' fixtures)."""

from __future__ import annotations

import pytest

from sensupport.plans.tests.conftest import agreed, assessed, draft, on_support  # noqa: F401  (shared plan fixtures)


def sen_pupils(school, n: int, *, status: str = "K", need: str = "SLCN", others: int = 0):
    """n pupils with `status` and primary need `need` at `school`, and `others` with no SEN."""
    from sensupport.core.factories import PupilFactory
    from sensupport.pupils.models import PupilNeed

    made = [PupilFactory(school=school, sen_status=status, year_group="3") for _ in range(n)]
    PupilNeed.objects.bulk_create([PupilNeed(pupil=p, need_type=need, rank=1) for p in made])
    for _ in range(others):
        PupilFactory(school=school, year_group="3")
    return made


@pytest.fixture
def refreshed():
    """Recount the summaries the LA dashboard reads (the task's work), after the test's world exists."""
    from sensupport.oversight.summaries import summaries_refresh

    return summaries_refresh
