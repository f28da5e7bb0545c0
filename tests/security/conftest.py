"""The world for the generated access tests: built once per module, inside a transaction that is
rolled back when the module ends, so no other test sees it."""

from __future__ import annotations

import contextlib
import logging

import pytest
from django.db import transaction
from django.test import override_settings

from .world import build_world

# The root conftest's _fast_settings, for a fixture that outlives one test.
FAST = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
    "SECURE_COOKIES": False,
    "SESSION_COOKIE_SECURE": False,
    "CSRF_COOKIE_SECURE": False,
}


@contextlib.contextmanager
def quiet_request_log():
    """Thousands of 403s and 404s are the point here: keep Django's request log out of the report."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """world.py's world. A module using it must be marked django_db, so that pytest-django creates
    the test database (it only does for a session with such tests)."""
    with django_db_blocker.unblock(), override_settings(**FAST), quiet_request_log(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)
