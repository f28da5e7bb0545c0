"""Loaded by pytest before pytest-django reads the settings (`-p config.testenv` in pyproject).

The suite runs on the built-in development key unless SECRET_KEY is set (CI sets one for the
PostgreSQL run); settings refuse to start without a key otherwise.
"""

import os
import tempfile

os.environ.setdefault("SENSUPPORT_INSECURE_DEV_KEY", "true")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Uploaded files (an attached EHC plan) go to a throwaway folder, never the project's media/.
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="sensupport-test-media-"))
