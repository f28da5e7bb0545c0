"""`make demo` on another port still sends working links in its emails (issue 8)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.conf import settings


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_demo_passes_its_own_address_to_site_url():
    dry_run = subprocess.run(
        ["make", "-n", "demo", "PORT=8123"], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60
    )
    assert dry_run.returncode == 0, dry_run.stderr
    runserver = [line for line in dry_run.stdout.splitlines() if "runserver" in line]
    assert runserver and "SITE_URL=${SITE_URL:-http://127.0.0.1:8123}" in runserver[0]
