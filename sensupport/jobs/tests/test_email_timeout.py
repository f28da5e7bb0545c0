"""Every call out of the service has a timeout: the mail server above all (issue 7, finding 8)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

from django.conf import settings as django_settings

from sensupport.jobs.tests.tasks_for_tests import send_one_email


def test_mail_server_timeout_is_set_by_default():
    assert django_settings.EMAIL_TIMEOUT == 10


def test_mail_server_timeout_comes_from_the_environment():
    env = {**os.environ, "EMAIL_TIMEOUT": "3"}
    shown = subprocess.run(
        [sys.executable, "-c", "from config import settings; print(settings.EMAIL_TIMEOUT)"],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.strip() == "3"


def test_sending_to_a_hung_mail_server_fails_within_the_timeout(settings, hung_smtp_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = hung_smtp_server
    settings.EMAIL_TIMEOUT = 1
    outcome: dict[str, BaseException] = {}

    def send() -> None:
        try:
            send_one_email.call("parent@example.org")
        except BaseException as exc:  # noqa: BLE001 - the test inspects whatever came out
            outcome["error"] = exc

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    sender.join(timeout=20)  # the guard: a send without a timeout would still be waiting

    assert not sender.is_alive(), "sending to a hung mail server did not give up"
    error = outcome.get("error")
    assert isinstance(error, OSError) and "timed out" in str(error)  # smtplib reports the timeout
