"""The plans' shared fixtures (a pupil on SEN Support with an agreed plan) for the review tests."""

from sensupport.plans.tests.conftest import agreed, assessed, draft, on_support  # noqa: F401  (shared plan fixtures)
