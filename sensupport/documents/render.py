"""Render the documents a school sends home: a pupil's plan, one-page profile and review record,
each as a tagged PDF (PDF/UA-1, WeasyPrint) and as a Word document (python-docx).

The content comes from `content.py`, so both formats say the same thing.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from sensupport.plans.models import Plan

from . import content, word
from .content import Document

HERE = Path(__file__).resolve().parent
STYLESHEET = HERE / "styles" / "print.css"
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "pdf_version": "1.7"}
PROFILE_FIT_STEPS = 3  # smaller type steps tried before a long profile is allowed a second page

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@lru_cache(maxsize=1)
def _weasy():
    """Import WeasyPrint lazily (it loads Pango) and parse the stylesheet once per process."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return HTML, CSS(filename=str(STYLESHEET), font_config=fonts), fonts


def document_html(document: Document, *, fit_step: int = 0) -> str:
    return render_to_string(
        "documents/document.html",
        {"document": document, "fit_step": fit_step, "created": timezone.localdate().isoformat()},
    )


def document_pdf(document: Document, *, one_page: bool = False) -> bytes:
    """A tagged PDF. With one_page, step the type down until the document fits a single page."""
    HTML, stylesheet, fonts = _weasy()
    steps = range(PROFILE_FIT_STEPS + 1) if one_page else range(1)
    for step in steps:
        html = HTML(string=document_html(document, fit_step=step), base_url=str(HERE))
        rendered = html.render(stylesheets=[stylesheet], font_config=fonts, **PDF_OPTIONS)
        if len(rendered.pages) == 1:
            break
    return rendered.write_pdf(**PDF_OPTIONS)


def document_docx(document: Document) -> bytes:
    return word.build(document)


# -- the three documents, in two formats ------------------------------------------------------


def plan_pdf(plan: Plan) -> bytes:
    return document_pdf(content.plan_document(plan))


def plan_docx(plan: Plan) -> bytes:
    return document_docx(content.plan_document(plan))


def profile_pdf(plan: Plan) -> bytes:
    return document_pdf(content.profile_document(plan), one_page=True)


def profile_docx(plan: Plan) -> bytes:
    return document_docx(content.profile_document(plan))


def review_pdf(plan: Plan) -> bytes:
    return document_pdf(content.review_document(plan))


def review_docx(plan: Plan) -> bytes:
    return document_docx(content.review_document(plan))


BUILDERS = {
    "plan": content.plan_document,
    "profile": content.profile_document,
    "review": content.review_document,
}


def render_document(document: Document, fmt: str) -> bytes:
    """The file for a document already built: the expensive part (WeasyPrint, python-docx)."""
    if fmt == "pdf":
        return document_pdf(document, one_page=(document.kind == "profile"))
    if fmt == "docx":
        return document_docx(document)
    raise ValueError(f"Unknown format {fmt!r}")


def filename(document: Document, fmt: str) -> str:
    return f"{document.filename_stem}.{fmt}"


def render(kind: str, plan: Plan, fmt: str) -> tuple[bytes, str]:
    """(file bytes, file name) for one document of one plan version in pdf or docx."""
    if fmt not in MEDIA_TYPES:
        raise ValueError(f"Unknown format {fmt!r}")
    document = BUILDERS[kind](plan)
    return render_document(document, fmt), filename(document, fmt)
