"""Loaded by pytest before pytest-django reads the settings (`-p config.testenv` in pyproject).

The suite runs on the built-in development key unless SECRET_KEY is set (CI sets one for the
PostgreSQL run); settings refuse to start without a key otherwise.
"""

import os

os.environ.setdefault("SENSUPPORT_INSECURE_DEV_KEY", "true")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
