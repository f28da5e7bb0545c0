"""Word (.docx) versions of the documents: real headings (built-in Heading styles), real tables
with a repeating header row and alt text, A4 pages, English (UK) as the document language."""

from __future__ import annotations

import io
import re

from django.utils import timezone
from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .content import Bullets, Document, Facts, Para, Quote, Rich, Table

FONT = "Arial"
BRAND = RGBColor(0x1D, 0x4F, 0x91)
GREY = RGBColor(0x50, 0x5A, 0x5F)
HEADER_FILL = "E8EEF7"
LABEL_FILL = "F3F2F1"
PAGE_WIDTH_MM, PAGE_HEIGHT_MM, MARGIN_MM = 210, 297, 15
TEXT_WIDTH_MM = PAGE_WIDTH_MM - 2 * MARGIN_MM

# Characters XML 1.0 forbids (a pasted form feed would otherwise break the file).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    return _XML_INVALID.sub("", text or "")


def build(document: Document) -> bytes:
    doc = new_docx()
    body_pt = 14 if document.kind == "profile" else 10.5
    _setup(doc, document, body_pt)

    doc.add_paragraph(clean(document.author), style="Subtitle")
    doc.add_heading(clean(document.title), level=1)
    doc.add_paragraph(clean(document.subtitle))
    if document.notice:
        notice = doc.add_paragraph()
        run = notice.add_run(clean(document.notice))
        run.bold = True
        run.font.color.rgb = RGBColor(0xD4, 0x35, 0x1C)

    for section in document.sections:
        doc.add_heading(clean(section.heading), level=2)
        for block in section.blocks:
            _block(doc, block, small=(section.kind == "provision"))

    if document.closing:
        closing = doc.add_paragraph()
        run = closing.add_run(clean(document.closing))
        run.font.size = Pt(9 if document.kind != "profile" else 11)
        run.font.color.rgb = GREY

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# -- document set-up --------------------------------------------------------------------------


def _setup(doc, document: Document, body_pt: float) -> None:
    props = doc.core_properties
    props.title = clean(document.title)
    props.subject = clean(document.subject)
    props.author = clean(document.author)
    props.last_modified_by = "sensupport"
    props.language = "en-GB"
    props.keywords = f"SEN Support; {document.subject}"
    props.comments = clean(document.running_title)
    now = timezone.now()
    props.created = props.modified = now
    props.revision = 1

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.left_margin = section.right_margin = Mm(MARGIN_MM)
    section.top_margin, section.bottom_margin = Mm(16), Mm(18)

    _set_default_language(doc, "en-GB")
    styles = doc.styles
    normal = styles["Normal"]
    _font(normal, size=body_pt)
    normal.paragraph_format.space_after = Pt(4)
    scale = 1.3 if document.kind == "profile" else 1
    for name, size, colour in (
        ("Heading 1", 20 * scale, BRAND),
        ("Heading 2", 13.5 * scale, BRAND),
        ("Heading 3", 11 * scale, None),
        ("Title", 20, BRAND),
        ("Subtitle", 10, GREY),
    ):
        style = styles[name]
        _font(style, size=size, bold=name != "Subtitle", colour=colour)
        style.paragraph_format.space_before = Pt({"Heading 2": 14, "Heading 3": 8}.get(name, 2))
        style.paragraph_format.space_after = Pt(4)
    quote = styles["Quote"]
    _font(quote, size=body_pt + 0.5, italic=False)
    quote.paragraph_format.left_indent = Mm(5)

    footer = section.footer.paragraphs[0]
    footer.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    _small(footer.add_run(clean(document.running_title) + "\tPage "))
    _field(footer, "PAGE")
    _small(footer.add_run(" of "))
    _field(footer, "NUMPAGES")


def _font(
    style, *, size: float, bold: bool | None = None, italic: bool | None = None, colour: RGBColor | None = None
) -> None:
    font = style.font
    font.name = FONT
    font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if colour is not None:
        font.color.rgb = colour
    elif style.name.startswith("Heading"):
        font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
    # Built-in styles name theme fonts, which win over w:ascii: drop them so Arial is used.
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        fonts.set(qn("w:cs"), FONT)


def _set_default_language(doc, lang: str) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.append(language)
    language.set(qn("w:val"), lang)


def _field(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    _small(run)
    begin, text, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)


def _small(run) -> None:
    run.font.size = Pt(8.5)
    run.font.color.rgb = GREY


# -- blocks -----------------------------------------------------------------------------------


def _block(doc, block, *, small: bool) -> None:
    if isinstance(block, Para):
        if block.kind == "heading":
            doc.add_heading(clean(block.text), level=3)
        else:
            for paragraph in _paragraphs(block.text):
                doc.add_paragraph(paragraph)
    elif isinstance(block, Quote):
        for paragraph in _paragraphs(block.text):
            doc.add_paragraph(paragraph, style="Quote")
        who = doc.add_paragraph()
        who.paragraph_format.left_indent = Mm(5)
        run = who.add_run(clean(block.who))
        run.font.size = Pt(9)
        run.font.color.rgb = GREY
    elif isinstance(block, Bullets):
        for item in block.items:
            doc.add_paragraph(clean(item), style="List Bullet")
    elif isinstance(block, Facts):
        _facts(doc, block)
    elif isinstance(block, Table):
        _table(doc, block, font_pt=9 if small else None)


def _paragraphs(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"\n\s*\n", clean(text).replace("\r\n", "\n")) if p.strip()]
    return parts or [""]


def _cell_text(cell, value, *, bold: bool = False, font_pt: float | None = None) -> None:
    paragraph = cell.paragraphs[0]
    if isinstance(value, Rich):
        lead = paragraph.add_run(clean(value.lead))
        lead.bold = True
        _size(lead, font_pt)
        for line in clean(value.text).splitlines():
            run = cell.add_paragraph().add_run(line)
            _size(run, font_pt)
        return
    lines = clean(str(value)).splitlines() or [""]
    for n, line in enumerate(lines):
        run = (paragraph if n == 0 else cell.add_paragraph()).add_run(line)
        run.bold = bold or None
        _size(run, font_pt)


def _size(run, font_pt: float | None) -> None:
    if font_pt:
        run.font.size = Pt(font_pt)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _describe(table, caption: str, description: str = "") -> None:
    """Alt text Word reads out (Table Properties > Alt Text)."""
    tbl_pr = table._tbl.tblPr
    for tag, value in (("w:tblCaption", caption), ("w:tblDescription", description or caption)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), clean(value)[:250])
        tbl_pr.append(element)


def _row_flags(row, *, header: bool = False) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    keep = OxmlElement("w:cantSplit")
    tr_pr.append(keep)
    if header:
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)


def _widths(table, widths: list[int]) -> None:
    table.autofit = False
    total = sum(widths)
    for column, width in zip(table.columns, widths):
        size = Mm(TEXT_WIDTH_MM * width / total)
        column.width = size
        for cell in column.cells:
            cell.width = size


def _facts(doc, block: Facts) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for label, value in block.rows:
        row = table.add_row()
        _row_flags(row)
        _cell_text(row.cells[0], label, bold=True)
        _shade(row.cells[0], LABEL_FILL)
        _cell_text(row.cells[1], value)
    _widths(table, [30, 70])
    _describe(table, block.caption)


def _table(doc, block: Table, *, font_pt: float | None) -> None:
    table = doc.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    header = table.rows[0]
    _row_flags(header, header=True)
    for cell, text in zip(header.cells, block.headers):
        _cell_text(cell, text, bold=True, font_pt=font_pt)
        _shade(cell, HEADER_FILL)
    for values in block.rows:
        row = table.add_row()
        _row_flags(row)
        for cell, value in zip(row.cells, values):
            _cell_text(cell, value, font_pt=font_pt)
    if block.foot:
        row = table.add_row()
        _row_flags(row)
        column = 0
        for text, span in block.foot:
            cell = row.cells[column]
            if span > 1:
                cell = cell.merge(row.cells[column + span - 1])
            _cell_text(cell, text, bold=True, font_pt=font_pt)
            _shade(cell, LABEL_FILL)
            column += span
    if block.widths:
        _widths(table, block.widths)
    _describe(table, block.caption, f"{block.caption}: {', '.join(block.headers)}")
