from __future__ import annotations

import pytest

# The plan fixtures (on_support, assessed, draft, agreed) live with the plans app's tests.
from sensupport.plans.tests.conftest import agreed, assessed, draft, on_support  # noqa: F401


@pytest.fixture
def other_school_child(parent, other_school):
    """Pam Parent's second child, at a school in another local authority."""
    from sensupport.core.factories import PupilFactory, link_parent

    child = PupilFactory(school=other_school, forename="Benjamin", surname="Bunny")
    link_parent(parent, child, relationship="Mother")
    return child


@pytest.fixture
def sharing_consent(pupil, senco, professional):
    from sensupport.family.consent import consent_request

    return consent_request(
        pupil=pupil,
        actor=senco,
        kind="sharing",
        professional=professional,
        purpose="So the educational psychologist can read Peter's plan before she meets him",
    )
