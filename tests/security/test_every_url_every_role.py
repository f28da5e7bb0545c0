"""Every URL the project serves, as every identity, on a pupil in scope and on pupils out of scope.

The URLs come from the resolver, not a hand list: a new URL pattern fails
`test_every_url_pattern_has_a_policy_and_can_be_filled` until tests/security/policy.py says who may
open it and how to fill its parameters. Who may open what is policy.POLICY; who is who, world.py.
Every request runs in a savepoint that is rolled back, so every answer is about the same world.

Each test collects every mismatch and fails once, with a table. POSTs are in
test_every_write_url_every_role.py.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from . import matrix, policy

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def answers(world):
    """GET on every URL as every identity; then every link on the in-scope pages, as the same identity."""
    cells = matrix.run_matrix(world, "GET")
    return {
        "cells": cells,
        "dead": matrix.dead_links(world, cells),
        "scope": {name: matrix.visible_pupils(world, name) for name in policy.IDENTITIES},
        "admin": {
            name: matrix.request(matrix.client_for(world.users[name]), "GET", reverse("admin:index"))[:2]
            for name in policy.IDENTITIES
        },
    }


# The URL-coverage test. Exempt from the matrix (policy.ALLOWED_ELSEWHERE and ALLOWED_PREFIXES, each with
# its reason there): the public pages core:accessibility, core:healthz, api:schema and the sign-in steps
# accounts:login, code_request, code_enter, set_password; the caller's own accounts:account, verify,
# two_factor_setup; accounts:logout (POST only); and everything under django-admin/ (is_staff only,
# checked by test_the_django_admin_sends_every_identity_to_its_own_sign_in).
def test_every_url_pattern_has_a_policy_and_can_be_filled():
    problems = matrix.coverage_problems(matrix.url_patterns())
    if problems:
        pytest.fail("URL patterns the access test cannot check:\n" + "\n".join(problems), pytrace=False)


def test_a_new_url_without_a_policy_row_or_a_known_parameter_is_reported():
    new = matrix.Pattern("pupils/<int:pupil_id>/secrets/<int:secret_id>/", "pupils:secrets", ("pupil_id", "secret_id"))
    problems = matrix.coverage_problems(matrix.url_patterns() + [new])
    assert [p for p in problems if "pupils:secrets" in p] == [
        "pupils/<int:pupil_id>/secrets/<int:secret_id>/ (pupils:secrets): no row in tests/security/policy.py POLICY "
        'saying who may open it: add "pupils:secrets": <the roles>, to POLICY (or, for a page with no pupil data that '
        "its own tests check, add it with the reason to ALLOWED_ELSEWHERE)",
        "pupils/<int:pupil_id>/secrets/<int:secret_id>/ (pupils:secrets): cannot fill <secret_id> from the world: add "
        "it to policy.PARAMETERS and world.py",
    ]


def test_every_identity_sees_exactly_the_pupils_the_policy_gives_it(answers):
    wrong = [
        f"{name}: its probes {sorted(set(who.probes) & who.scope)} are in its own scope"
        for name, who in policy.IDENTITIES.items()
        if set(who.probes) & who.scope
    ]
    for name, who in policy.IDENTITIES.items():
        got = answers["scope"][name]
        extra, missing = sorted(got - who.scope), sorted(who.scope - got)
        if extra or missing:
            wrong.append(
                f"{name:22} visible_to gives {sorted(got)}"
                + (f"; should not see {extra}" if extra else "")
                + (f"; should see {missing}" if missing else "")
            )
    if wrong:
        pytest.fail("Pupil.objects.visible_to disagrees with policy.IDENTITIES:\n" + "\n".join(wrong), pytrace=False)


def test_every_url_is_tried_by_someone_the_policy_lets_in(answers):
    """A URL whose rows the world cannot fill for any identity it opens to would be tried only out of scope."""
    tried = {c.url for c in answers["cells"] if c.open}
    untried = sorted(name for name, roles in policy.POLICY.items() if roles and name not in tried)
    if untried:
        pytest.fail(
            "No identity the policy lets in could fill these URLs from world.py:\n" + "\n".join(untried), pytrace=False
        )


def test_get_every_url_as_every_identity_in_and_out_of_scope(answers):
    bad = matrix.broken(answers["cells"])
    if bad:
        pytest.fail(
            f"GET: {len(bad)} of {len(answers['cells'])} answers break the policy\n" + matrix.table(bad), pytrace=False
        )


def test_no_page_shows_text_its_viewer_may_not_read(world, answers):
    lines = matrix.leak_lines(answers["cells"], world)
    if lines:
        pytest.fail(f"{len(lines)} pages show what their viewer may not read:\n" + "\n".join(lines), pytrace=False)


def test_no_page_links_to_a_page_its_viewer_cannot_open(answers):
    lines = sorted({f"{who:22} {page:40} links to {link} ({status})" for who, page, link, status in answers["dead"]})
    if lines:
        pytest.fail(
            f"{len(lines)} links lead their viewer to a page they cannot open:\n" + "\n".join(lines), pytrace=False
        )


def test_every_form_posts_to_a_url_the_post_matrix_covers(answers):
    """policy.WRITE_URLS is written by hand; the forms on the pages say which URLs take a POST."""
    missing = sorted(
        f"{name} (a form on {page})"
        for name, page in matrix.post_targets(answers["cells"]).items()
        if name not in policy.WRITE_URLS and name not in policy.ALLOWED_ELSEWHERE
    )
    if missing:
        pytest.fail("Forms post to URLs missing from policy.WRITE_URLS:\n" + "\n".join(missing), pytrace=False)


def test_the_django_admin_sends_every_identity_to_its_own_sign_in(answers):
    login = reverse("admin:login")
    wrong = [
        f"{name}: {status} {location}"
        for name, (status, location) in answers["admin"].items()
        if not (status == 302 and location.startswith(login))
    ]
    if wrong:
        pytest.fail("The Django admin answered a role that is not is_staff:\n" + "\n".join(wrong), pytrace=False)
