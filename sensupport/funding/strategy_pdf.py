"""A published inclusion strategy as a tagged PDF (WeasyPrint, as the plan documents are made)."""

from __future__ import annotations

from django.template.loader import render_to_string

from . import selectors

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "pdf_version": "1.7"}


def strategy_pdf(strategy) -> bytes:
    from weasyprint import HTML  # loads Pango: only when a PDF is asked for

    html = render_to_string(
        "funding/strategy_print.html",
        {
            "strategy": strategy,
            "activities": list(strategy.activities.all()),
            "year": selectors.year_label(strategy.financial_year_start),
        },
    )
    return HTML(string=html).write_pdf(**PDF_OPTIONS)
