"""Settings for every test, the sign-in helper, and the shared test plugin: every role as a fixture
(sensupport/core/testing/people.py). The access-matrix helper is sensupport/core/testing/access.py."""

from __future__ import annotations

import os

os.environ.setdefault("SENSUPPORT_INSECURE_DEV_KEY", "true")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

# Every person, for any test anywhere (one place: add a new role's fixture there).
pytest_plugins = ["sensupport.core.testing.people"]


@pytest.fixture(autouse=True)
def _fast_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_COOKIES = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def login(client):
    """Sign a user in on the test client (bypassing the form: sign-in itself is tested separately)."""

    def _login(user):
        client.force_login(user, backend="sensupport.accounts.backends.PasswordBackend")
        return client

    return _login
