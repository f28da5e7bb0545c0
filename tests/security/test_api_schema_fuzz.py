"""Schemathesis over /api/schema/, as each kind of caller: every answer must be documented by the
schema (status code, content type, body) and none may be a server error.

The schema is loaded from the running app (its WSGI handler, in process: no socket, same test
database), and every operation is fuzzed, with data that fits the schema and data that does not,
with a bounded number of generated requests per caller on the world of world.py, so the pupils,
plans and needs in the answers are real ones. Generation is derandomised: the same requests every
run, so a failure here is never a fluke. Every distinct failure is collected (hypothesis is not left
to stop at the first) and reported once, with the callers it happened to.

More examples: `make fuzz` (SENSUPPORT_FUZZ_EXAMPLES=500). Some failures only show on PostgreSQL
(a NUL in a query string): run it with DATABASE_URL set too.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.core.failures import FailureGroup
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import ignored_auth

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SENSUPPORT_FUZZ_EXAMPLES", "20"))
# Who calls the API: school staff in scope, the LA, a parent, an outside professional with a share, nobody.
CALLERS = ["senco", "la_officer", "mother", "professional", "anonymous"]
# Input known to have hurt before (issue 7: NUL on PostgreSQL, other digits): tried on every string parameter.
HOSTILE = ["\x00", "４", "' OR 1=1 --", "%", "9" * 40]


@pytest.fixture
def wsgi_app(settings):
    """Django's own WSGI handler, as a server would run it. The connection stays open between
    requests (as the test client keeps it), so every request sees the test's transaction."""
    settings.ALLOWED_HOSTS = ["localhost"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _cookies(user) -> dict:
    if not user.is_authenticated:
        return {}
    client = Client()
    client.force_login(user, backend="sensupport.accounts.backends.PasswordBackend")
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


@dataclass
class Finding:
    operation: str
    status: int
    failure: str
    example: str  # the first request that showed it
    callers: set = field(default_factory=set)


def _check(case, caller: str, cookies: dict, found: dict) -> None:
    """Send one case, validate the answer against the schema, and keep each distinct failure once
    (a server error once for each request that caused it), with every caller it happened to."""
    # Signed in, the check that the API refuses a request without credentials cannot take the session
    # off (it resends with the same cookies): the anonymous caller is that check, and runs it.
    try:
        case.call_and_validate(cookies=cookies, excluded_checks=[ignored_auth] if cookies else [])
    except FailureGroup as group:
        example = case.as_curl_command(headers={}).split(" --insecure ")[-1].replace("curl -X ", "")
        example = re.sub(r"-H 'Cookie: [^']*' ", "", example)[:160]
        for failure in group.exceptions:
            status = getattr(failure, "status_code", None) or 0
            what = f"{failure.title}: {failure.message}".replace("\n", " ").strip(" :")[:140]
            key = (case.operation.label, status, failure.title, example if status >= 500 else "")
            found.setdefault(key, Finding(case.operation.label, status, what, example)).callers.add(caller)


def _fuzz(operation, caller: str, cookies: dict, found: dict, mode) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis_settings(
        max_examples=EXAMPLES, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    def run(case):
        if cookies and case.meta is not None and case.meta.is_negative_at(ParameterLocation.COOKIE):
            return  # a broken session cookie, which the caller's real session would replace
        _check(case, caller, cookies, found)

    run()


def _chosen_cases(operation, world):
    """Besides what is generated: a pupil in scope and one out of scope for every path with an id,
    and the input known to have hurt before on every string parameter."""
    if "{id}" in operation.path:
        for key in ("peter", "jemima"):
            yield operation.Case(path_parameters={"id": world.pupils[key].pk})
    for parameter in operation.query:
        if parameter.definition.get("schema", {}).get("type", "string") == "string":
            for value in HOSTILE:
                yield operation.Case(query={parameter.name: value})


def test_the_api_answers_every_caller_as_its_schema_says_and_never_with_a_server_error(world, wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, "the schema lists no operations"
    found: dict = {}
    for caller in CALLERS:
        cookies = _cookies(world.users[caller])
        for operation in operations:
            for mode in GenerationMode:
                _fuzz(operation, caller, cookies, found, mode)
            for case in _chosen_cases(operation, world):
                _check(case, caller, cookies, found)
    if found:
        lines = [
            f"{f.operation:28} {f.status:3}  {f.failure}\n{'':34}as {', '.join(sorted(f.callers))}; e.g. {f.example}"
            for f in sorted(found.values(), key=lambda f: (f.operation, f.status, f.failure, f.example))
        ]
        pytest.fail(f"{len(found)} distinct failures:\n" + "\n".join(lines), pytrace=False)
