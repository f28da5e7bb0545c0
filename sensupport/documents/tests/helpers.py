"""Read back what a rendered document says: PDF text through poppler, PDF structure by inflating
its streams, Word text through python-docx."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
import zlib

from docx import Document as open_docx

STREAM_START = re.compile(rb"stream\r?\n")


def squash(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def pdf_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", f.name, "-"], check=True, capture_output=True).stdout
    return squash(out.decode("utf-8"))


def pdf_info(data: bytes) -> dict[str, str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["pdfinfo", "-enc", "UTF-8", f.name], check=True, capture_output=True).stdout.decode(
            "utf-8"
        )
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def pdf_objects(data: bytes) -> bytes:
    """The file with every Flate stream inflated (WeasyPrint packs the catalog in object streams)."""
    parts = [data]
    for match in STREAM_START.finditer(data):
        try:
            parts.append(zlib.decompressobj().decompress(data[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def docx_open(data: bytes):
    return open_docx(io.BytesIO(data))


def docx_text(doc) -> str:
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.append(cell.text)
    texts += [p.text for p in doc.sections[0].footer.paragraphs]
    return squash("\n".join(texts))


def words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z0-9£]+", text))
