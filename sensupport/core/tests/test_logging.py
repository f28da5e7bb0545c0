"""A refused page is one log line, not a traceback (issue 8)."""

from __future__ import annotations

import logging

import pytest


@pytest.mark.django_db
def test_a_403_is_logged_as_one_line_without_a_traceback(login, teacher, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = login(teacher).get("/accounts/school-security/")
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    assert records[0].getMessage() == "Forbidden (Permission denied): /accounts/school-security/"
    assert records[0].exc_info is None and "Traceback" not in caplog.text


def test_a_server_error_still_keeps_its_traceback():
    import sys

    from sensupport.core.logs import ForbiddenWithoutTraceback

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: /", (), exc_info)
    record.status_code = 500
    assert ForbiddenWithoutTraceback().filter(record) and record.exc_info is exc_info
