"""Every URL that changes something, POSTed with an empty form (the test client passes CSRF) as every
identity: a role the policy keeps out, or a pupil or row out of scope, is 403 or 404 and never a
200 or a redirect to success; nobody gets a 5xx. Policy and world as in test_every_url_every_role.py."""

from __future__ import annotations

import pytest

from . import matrix

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def answers(world):
    return matrix.run_matrix(world, "POST")


def test_post_an_empty_form_to_every_write_url_as_every_identity(answers):
    bad = matrix.broken(answers)
    if bad:
        pytest.fail(f"POST: {len(bad)} of {len(answers)} answers break the policy\n" + matrix.table(bad), pytrace=False)


def test_no_answer_to_a_post_shows_text_its_viewer_may_not_read(world, answers):
    lines = matrix.leak_lines(answers, world)
    if lines:
        pytest.fail(f"{len(lines)} answers show what their viewer may not read:\n" + "\n".join(lines), pytrace=False)
