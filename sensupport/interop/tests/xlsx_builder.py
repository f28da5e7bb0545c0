"""Build .xlsx files part by part for tests, including hostile ones (nothing binary is committed).

A workbook is a zip of XML parts. `workbook_bytes` writes a minimal, valid one whose first sheet
holds `rows` as inline strings, with whatever `<dimension>` it is told to claim. `deflate_bomb`
writes a real zip bomb: one part compressed once and repeated, so a file of about a megabyte
expands to a gigabyte, with honest sizes and CRC in its headers.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Sequence
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET = "xl/worksheets/sheet1.xml"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
    '<sheets><sheet name="Pupils" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/></Relationships>'
)
STYLES = (
    f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


def column_letter(index: int) -> str:
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def row_xml(number: int | None, values: Sequence[str]) -> str:
    """One `<row>` of inline strings; `number` None leaves out the row and cell references."""
    cells = []
    for column, value in enumerate(values, start=1):
        ref = f' r="{column_letter(column)}{number}"' if number is not None else ""
        cells.append(f'<c{ref} t="inlineStr"><is><t>{escape(value)}</t></is></c>')
    ref = f' r="{number}"' if number is not None else ""
    return f"<row{ref}>{''.join(cells)}</row>"


def sheet_xml(
    rows: Sequence[Sequence[str]], *, dimension: str | None = None, numbers: Sequence[int] | None = None
) -> str:
    numbers = list(numbers) if numbers is not None else list(range(1, len(rows) + 1))
    claimed = f'<dimension ref="{dimension}"/>' if dimension else ""
    body = "".join(row_xml(n, values) for n, values in zip(numbers, rows, strict=True))
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet '
        f'xmlns="{MAIN}">{claimed}<sheetData>{body}</sheetData></worksheet>'
    )


def package_parts(sheet: str | bytes, *, styles: str | bytes = STYLES) -> dict[str, bytes]:
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/styles.xml": styles,
        SHEET: sheet,
    }
    return {name: part.encode() if isinstance(part, str) else part for name, part in parts.items()}


def zip_parts(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def workbook_bytes(
    rows: Sequence[Sequence[str]],
    *,
    dimension: str | None = None,
    numbers: Sequence[int] | None = None,
    styles: str | bytes = STYLES,
) -> bytes:
    return zip_parts(package_parts(sheet_xml(rows, dimension=dimension, numbers=numbers), styles=styles))


# Raw zip writing, for parts whose compressed bytes we make ourselves.


def _raw_deflate(data: bytes, mode: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(mode)


def zip_raw(members: Sequence[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip from (name, deflated bytes, crc, declared uncompressed size, method) tuples, written
    by hand so the sizes and data can be anything a hostile file might carry."""
    out = io.BytesIO()
    central = []
    for name, payload, crc, size, method in members:
        encoded = name.encode()
        offset = out.tell()
        out.write(
            struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(payload), size, len(encoded), 0)
        )
        out.write(encoded)
        out.write(payload)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(payload),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    for entry in central:
        out.write(entry)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


def deflate_bomb(*, expanded_mb: int = 1024, declared_size: int | None = None) -> bytes:
    """A workbook whose sheet expands to `expanded_mb` megabytes of real pupil rows from about a
    thousandth of that: one 16 MB block of rows is deflated once, flushed so it stands alone, and
    repeated. The headers declare the true size and CRC unless `declared_size` says otherwise."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()
    head += row_xml(None, ["UPN", "Surname", "Forename", "DOB", "Sex", "YearGroup"]).encode()
    # A surname of 30,000 letters: runs deflate about a thousand to one, as in a real bomb.
    row = row_xml(None, ["A801200005001", "R" * 30_000, "Peter", "2016-05-04", "F", "4"]).encode()
    block = row * ((16 << 20) // len(row))
    tail = b"</sheetData></worksheet>"
    repeats = max(1, (expanded_mb << 20) // len(block))
    compressed_block = _raw_deflate(block, zlib.Z_FULL_FLUSH)
    payload = _raw_deflate(head, zlib.Z_FULL_FLUSH) + compressed_block * repeats + _raw_deflate(tail, zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(repeats):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(block) * repeats + len(tail)
    members = []
    for name, data in package_parts(b"").items():
        if name == SHEET:
            members.append((name, payload, crc, size if declared_size is None else declared_size, zipfile.ZIP_DEFLATED))
        else:
            members.append((name, _raw_deflate(data, zlib.Z_FINISH), zlib.crc32(data), len(data), zipfile.ZIP_DEFLATED))
    return zip_raw(members)
