"""Sign-in cannot be used to learn who has an account, to spray guesses across accounts, or to
lock someone else out; sign-in codes never sit in the task queue (trust issue, findings 7, 11 and
the low ones on lockout, HSTS, caching and the secret key)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sensupport.accounts import throttle
from sensupport.accounts.models import LoginCode

PASSWORD = "correct horse battery staple"
DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

pytestmark = pytest.mark.django_db


def _task_rows():
    from django_tasks_db.models import DBTaskResult

    return list(DBTaskResult.objects.all())


def test_the_code_is_made_inside_the_task_and_never_stored_in_the_queue(client, parent, settings):
    settings.TASKS = DB_QUEUE
    client.post(reverse("accounts:code_request"), {"email": parent.email})
    [row] = _task_rows()
    assert row.args_kwargs == {"args": [], "kwargs": {"email": parent.email}}
    assert not LoginCode.objects.exists()  # nothing decided in the request
    assert not mail.outbox

    # What a worker does with the row: call the task with the stored arguments (a real worker
    # process is driven in sensupport/jobs/tests/test_worker_crash.py).
    from sensupport.accounts.login_codes import send_login_code

    send_login_code.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])

    code = re.search(r"\b(\d{6})\b", mail.outbox[0].body).group(1)
    assert mail.outbox[0].to == [parent.email]
    row.refresh_from_db()
    assert code not in str(row.args_kwargs) and code not in str(row.return_value)
    client.post(reverse("accounts:code_enter"), {"code": code})
    assert "_auth_user_id" in client.session


def _shape(queries) -> list[str]:
    """Each statement without its values: what the database was asked to do, not with what."""
    return [re.sub(r"'[^']*'|\"s\d+_x\d+\"|\b\d+\b", "?", query["sql"]) for query in queries]


def test_asking_for_a_code_does_the_same_work_for_a_family_account_and_a_stranger(client, parent, settings):
    settings.TASKS = DB_QUEUE
    client.post(reverse("accounts:code_request"), {"email": "first@example.org"})  # the session now exists for both
    with CaptureQueriesContext(connection) as known:
        client.post(reverse("accounts:code_request"), {"email": parent.email})
    with CaptureQueriesContext(connection) as unknown:
        client.post(reverse("accounts:code_request"), {"email": "nobody.here@example.org"})
    assert _shape(known.captured_queries) == _shape(unknown.captured_queries)


def test_a_wrong_code_costs_the_same_for_a_family_account_and_a_stranger(client, parent, settings):
    from sensupport.accounts import login_codes

    login_codes.login_code_issue(email=parent.email)
    real = re.search(r"\b(\d{6})\b", mail.outbox[0].body).group(1)
    wrong = "000001" if real != "000001" else "000002"
    with CaptureQueriesContext(connection) as known:
        assert login_codes.login_code_verify(email=parent.email, code=wrong) is None
    with CaptureQueriesContext(connection) as unknown:
        assert login_codes.login_code_verify(email="nobody.here@example.org", code="000001") is None
    assert len(known.captured_queries) == len(unknown.captured_queries)


def _enter_code_for(client, email, code="000000", address="10.0.0.1"):
    session = client.session
    session["login_code_email"] = email
    session.save()
    return client.post(reverse("accounts:code_enter"), {"code": code}, REMOTE_ADDR=address)


def test_one_client_cannot_spray_codes_across_many_accounts(client, settings):
    settings.SIGN_IN_LIMITS = {**settings.SIGN_IN_LIMITS, "code_failure": (3, 1000)}
    for n in range(3):
        assert _enter_code_for(client, f"parent{n}@example.org").status_code == 200
    response = _enter_code_for(client, "parent9@example.org")
    assert response.status_code == 429
    assert "Too many wrong codes" in response.content.decode()
    # Another client is not held up by it.
    assert _enter_code_for(client, "parent9@example.org", address="10.0.0.2").status_code == 200


def test_many_clients_together_hit_the_service_wide_limit(client, settings):
    settings.SIGN_IN_LIMITS = {**settings.SIGN_IN_LIMITS, "code_failure": (100, 4)}
    for n in range(4):
        _enter_code_for(client, f"parent{n}@example.org", address=f"10.0.1.{n}")
    response = _enter_code_for(client, "parent9@example.org", address="10.0.2.1")
    assert response.status_code == 429
    assert "paused" in response.content.decode()


def test_code_requests_are_limited_per_client(client, parent, settings):
    settings.SIGN_IN_LIMITS = {**settings.SIGN_IN_LIMITS, "code_request": (2, 1000)}
    for _ in range(2):
        client.post(reverse("accounts:code_request"), {"email": f"x{_}@example.org"}, REMOTE_ADDR="10.0.0.7")
    assert (
        client.post(reverse("accounts:code_request"), {"email": parent.email}, REMOTE_ADDR="10.0.0.7").status_code
        == 429
    )
    assert not mail.outbox


def test_wrong_passwords_lock_the_account_only_at_that_client(client, senco, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:login"), {"username": senco.username, "password": "wrong"}, REMOTE_ADDR="10.9.9.9"
        )
    locked = client.post(
        reverse("accounts:login"), {"username": senco.username, "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    assert locked.status_code == 429
    # The real SENCO, at school, is not locked out by someone else's guesses.
    at_school = client.post(
        reverse("accounts:login"), {"username": senco.username, "password": PASSWORD}, REMOTE_ADDR="10.1.1.1"
    )
    assert at_school.status_code == 302


def test_one_client_cannot_spray_passwords_across_accounts(client, senco, head, teacher, settings):
    settings.SIGN_IN_LIMITS = {**settings.SIGN_IN_LIMITS, "password_failure": (2, 1000)}
    for user in (head, teacher):
        client.post(
            reverse("accounts:login"), {"username": user.username, "password": "Summer2026!"}, REMOTE_ADDR="10.3.3.3"
        )
    response = client.post(
        reverse("accounts:login"), {"username": senco.username, "password": PASSWORD}, REMOTE_ADDR="10.3.3.3"
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # no proxy: a sent header is ignored
        (1, "10.0.0.1", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.1", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the client's own prefix is ignored
        (2, "10.0.0.1", "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (1, "10.0.0.1", "", "10.0.0.1"),
    ],
)
def test_client_address_trusts_only_the_configured_proxies(rf, settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert throttle.client_address(request) == expected


def test_limit_verdict_names_which_allowance_ran_out():
    import datetime as dt

    limit = throttle.Limit("x", per_client=3, overall=10, window=dt.timedelta(minutes=15))
    assert throttle.verdict(limit, client_count=2, overall_count=9) is None
    assert throttle.verdict(limit, client_count=3, overall_count=3) == "client"
    assert throttle.verdict(limit, client_count=0, overall_count=10) == "overall"


def test_pages_exports_and_api_answers_are_never_cached(login, senco, pupil):
    client = login(senco)
    for path in (f"/pupils/{pupil.pk}/", "/pupils/export.csv", f"/api/pupils/{pupil.pk}/", "/accounts/account/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], path


def test_hsts_is_sent_when_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/accounts/sign-in/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def _settings_in_a_fresh_process(**env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "SENSUPPORT_INSECURE_DEV_KEY", "DATABASE_URL", "SECURE_HSTS_SECONDS"}
    }
    code = "import django; from django.conf import settings; django.setup(); print(settings.SECURE_HSTS_SECONDS)"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        timeout=60,
    )


@pytest.mark.parametrize("database_url", [None, "postgres://u@127.0.0.1:5432/x"])
def test_the_app_refuses_to_start_on_the_public_development_key(database_url):
    env = {"DATABASE_URL": database_url} if database_url else {}
    refused = _settings_in_a_fresh_process(**env)
    assert refused.returncode != 0
    assert "SECRET_KEY must be set" in refused.stderr
    started = _settings_in_a_fresh_process(SECRET_KEY="a-long-random-test-value", SECURE_HSTS_SECONDS="600", **env)
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "600"
    assert _settings_in_a_fresh_process(DEBUG="true").returncode == 0


def test_postgresql_connections_give_up_rather_than_hang():
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DATABASE_CONNECT_TIMEOUT"}}
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS']['connect_timeout'])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": "x" * 40,
            "DATABASE_URL": "postgres://u@db.invalid:5432/x",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "5"


def test_mail_cannot_be_set_to_both_starttls_and_implicit_tls():
    code = "from django.conf import settings; settings.EMAIL_USE_TLS"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "EMAIL_USE_TLS": "true",
            "EMAIL_USE_SSL": "true",
        },
    )
    assert result.returncode != 0
    assert "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true" in result.stderr
