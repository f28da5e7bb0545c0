"""Reading an uploaded Excel workbook (.xlsx) without trusting what it says about itself.

An .xlsx is a zip of XML parts, and openpyxl believes them: in read-only mode it stops at the row
count the sheet's `<dimension>` claims (so a sheet that understates it loses rows silently), it
expands every part it needs, and it builds an object for every style, shared string and row it
meets. A megabyte can expand to a gigabyte (a zip bomb), and a few hundred kilobytes of styles to
hundreds of megabytes of objects. So before openpyxl sees the file, `workbook_problem`:

1. reads the zip's directory: at most MAX_PARTS parts, adding up to at most MAX_EXPANDED_BYTES,
   none (past a small grace) expanding more than MAX_RATIO times;
2. unpacks every part as a stream (zipfile stops at the size the directory declares and checks
   the CRC, so a part that lies about its size or was cut short is caught here, not by openpyxl),
   and runs every XML part through expat, which keeps nothing: no DTD; rows in order, within
   Excel's own row and column limits; and bounded numbers of rows, cells, shared strings and
   other elements (styles and the like, which openpyxl turns into objects).

`workbook_rows` then reads the first sheet's rows with openpyxl, its dimensions reset, at most
MAX_COLUMNS wide. Within these bounds the worst workbook we could build costs openpyxl about
250 MB and a few seconds (65,000 cell formats alone are 100 MB); a pupil list costs a few MB.
"""

from __future__ import annotations

import io
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from xml.parsers import expat

from .records import MAX_PUPILS, MAX_ROWS

MB = 1024 * 1024
MAX_PARTS = 1_000
MAX_EXPANDED_BYTES = 25 * MB
MAX_RATIO, RATIO_GRACE_BYTES = 100, 100 * 1024  # small parts (a theme, a header) may squeeze more
# Excel's own limits: no workbook Excel writes passes them.
EXCEL_ROWS, EXCEL_COLUMNS, EXCEL_CELL_FORMATS = 1_048_576, 16_384, 65_490
MAX_CELLS = 1_000_000
MAX_SHARED_STRINGS = 500_000
MAX_OTHER_ELEMENTS = 100_000  # styles, column widths, merged cells...: everything outside rows and strings
MAX_COLUMNS = 256  # columns read from each row; an import needs a dozen
CHUNK = 64 * 1024
SAVE_AGAIN = "open it in Excel, copy the pupils' rows into a new workbook and save that (or save it as CSV)"


class WorkbookUnreadable(Exception):
    """openpyxl could not read the workbook's rows: the message says why, in words for a user."""


def workbook_problem(content: bytes) -> str | None:
    """Why this .xlsx cannot be read safely, in words for a school administrator; None if it can."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError) as error:
        return f"the file could not be opened as an Excel workbook (.xlsx): {error}"
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            return f"the workbook has {len(parts):,} parts; a workbook we read has at most {MAX_PARTS:,}: {SAVE_AGAIN}"
        expanded = sum(part.file_size for part in parts)
        if expanded > MAX_EXPANDED_BYTES:
            return (
                f"the workbook expands to {_megabytes(expanded)} when opened, more than the "
                f"{_megabytes(MAX_EXPANDED_BYTES)} we read "
                f"(a pupil list takes a few): {SAVE_AGAIN}"
            )
        for part in parts:
            if part.file_size > RATIO_GRACE_BYTES and part.file_size > MAX_RATIO * max(part.compress_size, 1):
                return (
                    f"the workbook's part {_name(part)} expands {part.file_size // max(part.compress_size, 1):,} "
                    "times when "
                    f"opened; we refuse parts that expand more than {MAX_RATIO} times, as zip bombs do: {SAVE_AGAIN}"
                )
        census = _ElementCensus()
        for part in parts:
            if problem := _part_problem(archive, part, census):
                return problem
    return None


def workbook_rows(content: bytes) -> Iterator[list]:
    """The first sheet's rows as lists of cell values (row 1 first, missing rows as empty lists
    of the same width), after `workbook_problem` has passed the file. Raises WorkbookUnreadable."""
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does without
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises a dozen kinds on malformed parts; each is a damaged file
        raise WorkbookUnreadable(
            f"the file could not be opened as an Excel workbook (.xlsx): {_reason(error)}"
        ) from error
    if not workbook.worksheets:
        workbook.close()
        raise WorkbookUnreadable("the workbook has no sheets")
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()  # read every row there is, not the rows the sheet claims to have
    return _rows(workbook, sheet)


def _rows(workbook, sheet) -> Iterator[list]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                yield list(row)
    except Exception as error:  # as above: a damaged sheet is a message, never a crash
        raise WorkbookUnreadable(_reason(error)) from error
    finally:
        workbook.close()


def _reason(error: Exception) -> str:
    return str(error) or type(error).__name__


def _megabytes(size: int) -> str:
    return f"{size / MB:,.0f} MB" if size >= 10 * MB else f"{size / MB:,.1f} MB"


def _name(part: zipfile.ZipInfo) -> str:
    return repr(part.filename[:80])


class _Refused(Exception):
    pass


class _ElementCensus:
    """Counts what openpyxl would build from the workbook's XML, as expat streams it past."""

    def __init__(self) -> None:
        self.rows = self.cells = self.strings = self.formats = self.other = 0
        self.row_number = 0
        self.cells_in_row = 0
        self.streamed_depth = 0  # inside a <row> or <si>, which openpyxl reads and lets go

    def start_part(self) -> None:
        self.row_number = 0
        self.streamed_depth = 0

    def start(self, name: str, attributes: dict) -> None:
        local = name.rsplit(" ", 1)[-1]
        if self.streamed_depth:
            self.streamed_depth += 1
            if local == "c" and self.streamed_depth == 2:
                self._cell()
            return
        if local == "row":
            self._row(attributes.get("r"))
            self.streamed_depth = 1
        elif local == "si":
            self.strings += 1
            if self.strings > MAX_SHARED_STRINGS:
                raise _Refused(f"the workbook has more than {MAX_SHARED_STRINGS:,} different pieces of text")
            self.streamed_depth = 1
        else:
            if local == "xf":  # a cell format: openpyxl makes the most of these, 1.5 KB each
                self.formats += 1
                if self.formats > EXCEL_CELL_FORMATS:
                    raise _Refused(
                        f"the workbook has more than {EXCEL_CELL_FORMATS:,} cell formats, more than Excel allows"
                    )
            self.other += 1
            if self.other > MAX_OTHER_ELEMENTS:
                raise _Refused(
                    f"the workbook has more than {MAX_OTHER_ELEMENTS:,} styles, formats and other entries besides its "
                    "cells"
                )

    def end(self, name: str) -> None:
        if self.streamed_depth:
            self.streamed_depth -= 1

    def _row(self, reference: str | None) -> None:
        self.rows += 1
        if self.rows > MAX_ROWS:
            raise _Refused(
                f"the workbook has more than {MAX_ROWS:,} rows; an import takes at most {MAX_PUPILS:,} pupils"
            )
        if reference is None:
            number = self.row_number + 1
        elif reference.isascii() and reference.isdigit():
            number = int(reference)
        else:
            raise _Refused(f"a row is numbered {reference[:20]!r}, which is not a row number")
        if number <= self.row_number:
            raise _Refused(f"row {number} comes after row {self.row_number}: rows out of order would be skipped")
        if number > EXCEL_ROWS:
            raise _Refused(f"it has a row {number:,}, beyond Excel's last row ({EXCEL_ROWS:,})")
        self.row_number = number
        self.cells_in_row = 0

    def _cell(self) -> None:
        self.cells += 1
        self.cells_in_row += 1
        if self.cells_in_row > EXCEL_COLUMNS:
            raise _Refused(f"row {self.row_number:,} has more than {EXCEL_COLUMNS:,} cells, more than Excel allows")
        if self.cells > MAX_CELLS:
            raise _Refused(f"the workbook has more than {MAX_CELLS:,} filled cells")


def _looks_like_xml(start: bytes) -> bool:
    start = start.lstrip(b" \t\r\n")
    return start.startswith((b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00<"))


def _part_problem(archive: zipfile.ZipFile, part: zipfile.ZipInfo, census: _ElementCensus) -> str | None:
    """Unpack one part as a stream; run it through expat if it is XML. Keeps nothing."""
    parser = None
    try:
        with archive.open(part) as stream:
            chunk = stream.read(CHUNK)
            if _looks_like_xml(chunk):
                parser = _parser(census)
                census.start_part()
            while chunk:
                if parser is not None:
                    parser.Parse(chunk, False)
                chunk = stream.read(CHUNK)
            if parser is not None:
                parser.Parse(b"", True)
    except _Refused as refused:
        return f"the workbook was refused: {refused} (in its part {_name(part)}): {SAVE_AGAIN}"
    except expat.ExpatError as error:
        return (
            f"the workbook is damaged: its part {_name(part)} is not well-formed XML (it may be cut short): "
            f"{expat.ErrorString(error.code)} at line {error.lineno}, column {error.offset}"
        )
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError) as error:
        return (
            f"the workbook is damaged: its part {_name(part)} could not be unpacked ({_reason(error)}): save it again "
            "from Excel"
        )
    return None


def _parser(census: _ElementCensus):
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse_dtd(*_args) -> None:
        raise _Refused(
            "it contains a document type declaration (DTD), which a workbook never needs; refused for safety"
        )

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = census.start
    parser.EndElementHandler = census.end
    return parser
