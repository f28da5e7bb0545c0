"""A school's published SEN information report as a tagged PDF (issue 13, item 4).

Public like the page it copies (/schools/<URN>/sen-information-report/): the current version's
words with today's figures, read through information_report.selectors (every count already
suppressed there, so nothing here can name or give away a pupil). Rendered through the same
`Document` as the plan (render.py). Nobody's record is read, so nothing is audited.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from sensupport.information_report import selectors

from . import render
from .content import Document, Para, Section, Table, long_date


def _absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


def information_report_document(school, version, *, today) -> Document:
    figures = selectors.figures(school, today=today)
    sections = []
    for section in selectors.sections(version.words, figures):
        item = section["item"]
        blocks = [Para(section["words"] or "Not written yet.")]
        for table in section["figures"]:
            if table["rows"]:
                blocks.append(Para(table["caption"], kind="heading"))
                blocks.append(
                    Table(
                        caption=table["caption"],
                        headers=list(table["headers"]),
                        rows=[list(row) for row in table["rows"]],
                        foot=[(table["total"][0], 1), (table["total"][1], 1)] if table["total"] else None,
                    )
                )
            if table["note"]:
                blocks.append(Para(table["note"]))
        if item.key == "local_offer" and (url := selectors.local_offer_url(school)):
            blocks.append(Para(f"The Local Offer: {_absolute(url)}"))
        sections.append(Section(f"{item.ref}. {item.title}", blocks))
    published = long_date(timezone.localdate(version.published_at))
    return Document(
        kind="information_report",
        title="SEN information report",
        subtitle=f"Version {version.number}, published {published}. Figures from the school's records on "
        f"{long_date(today)}.",
        running_title=f"{school.name}: SEN information report",
        subject="SEN information report (SEND Regulations 2014, Schedule 1)",
        author=school.name,
        sections=sections,
        closing=(
            "So that no child can be identified, numbers below 5 are shown as “fewer than 5”, and where a total "
            "would let one be worked out, one more number is “not shown”."
        ),
        filename_stem=f"sen-information-report-{school.urn}-v{version.number}",
    )


@login_not_required
@require_GET
def information_report_download(request, urn: str, fmt: str):
    """The current version as a PDF (or a Word file, from the same `Document`)."""
    if fmt not in render.MEDIA_TYPES:
        raise Http404("Download as pdf or docx")
    school = selectors.published_school(urn)
    version = selectors.published_version(school) if school else None
    if version is None:
        raise Http404("No published SEN information report")
    document = information_report_document(school, version, today=timezone.localdate())
    data = render.document_pdf(document) if fmt == "pdf" else render.document_docx(document)
    response = HttpResponse(data, content_type=render.MEDIA_TYPES[fmt])
    response["Content-Disposition"] = (
        f'{"inline" if fmt == "pdf" else "attachment"}; filename="{document.filename_stem}.{fmt}"'
    )
    return response
