"""Opt-in: write each document and a 60 dpi picture of every page to test-artifacts/documents/ for
a person to look at (SENSUPPORT_ARTIFACTS=1 .venv/bin/pytest sensupport/documents -k artifacts)."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess

import pytest

from sensupport.documents import render

OUT = pathlib.Path(__file__).resolve().parents[3] / "test-artifacts" / "documents"


@pytest.mark.skipif(not os.environ.get("SENSUPPORT_ARTIFACTS"), reason="set SENSUPPORT_ARTIFACTS=1 to write pictures of the documents")
@pytest.mark.django_db
def test_write_document_artifacts(reviewed):
    OUT.mkdir(parents=True, exist_ok=True)
    for kind in ("plan", "profile", "review"):
        for fmt in ("pdf", "docx"):
            data, _ = render.render(kind, reviewed, fmt)
            (OUT / f"{kind}.{fmt}").write_bytes(data)
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", "60", str(OUT / f"{kind}.pdf"), str(OUT / kind)], check=True)
