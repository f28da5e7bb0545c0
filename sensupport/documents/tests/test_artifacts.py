"""Write each document and a 60 dpi picture of every page to test-artifacts/documents/ for a person
to look at (`.venv/bin/pytest sensupport/documents -k artifacts`), checking the pictures exist."""

from __future__ import annotations

import pathlib
import subprocess

import pytest

from sensupport.documents import render

OUT = pathlib.Path(__file__).resolve().parents[3] / "test-artifacts" / "documents"


@pytest.mark.django_db
def test_write_document_artifacts(reviewed):
    OUT.mkdir(parents=True, exist_ok=True)
    for kind in ("plan", "profile", "review"):
        for fmt in ("pdf", "docx"):
            data, _ = render.render(kind, reviewed, fmt)
            (OUT / f"{kind}.{fmt}").write_bytes(data)
        for old in OUT.glob(f"{kind}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(OUT / f"{kind}.pdf"), str(OUT / kind)], check=True)
        pictures = sorted(OUT.glob(f"{kind}-*.png"))
        assert pictures and all(p.stat().st_size > 1000 for p in pictures)
    assert len(sorted(OUT.glob("profile-*.png"))) == 1  # the one-page profile fits one page
