"""Reading the spreadsheets people upload, bounded before anything is materialised.

Every spreadsheet the product reads (the member register now, the certification
checklist next) goes through `read_rows`. An XLSX is a ZIP of XML files, so a small
upload can unpack to gigabytes or declare a million rows; before openpyxl sees it:
- the archive's directory is checked (`archive_check`): number of parts, total unpacked
  size and each part's compression ratio, as declared (zipfile never unpacks a part
  beyond its declared size, so the declaration is a bound, not a promise);
- no XML part may carry a DOCTYPE (`xml_check`): entities are how XML explodes or
  reaches for outside files, and no spreadsheet or document program writes one;
- the sheet is opened read-only and streamed: the declared dimension is refused beyond
  the limits, and rows and columns are cut at the limits while reading (a declaration
  can lie). openpyxl parses with defusedxml (a dependency), so entities never expand.
CSV is capped in bytes, rows and columns the same way.

A refusal is a `SpreadsheetRefused` (a ValidationError) whose code and params say why;
`MESSAGES` words them in the reader's language. The upload validator (network/files.py)
runs the same archive and XML checks on DOCX and ODS documents.
"""

import csv
import io
import zipfile
import zlib
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one spreadsheet may hold. `rows` counts the rows below the header row (every
    spreadsheet we read starts with one)."""

    rows: int = 50_000
    columns: int = 100
    csv_bytes: int = 10 * MB


@dataclass(frozen=True)
class ArchiveLimits:
    parts: int = 1_000
    unpacked_bytes: int = 100 * MB
    # Checked on parts over `ratio_from` bytes: XML packs 5 to 20 times, a bomb 1000.
    ratio: int = 100
    ratio_from: int = 1 * MB


ARCHIVE_LIMITS = ArchiveLimits()

MESSAGES = {
    "too_many_rows": _("The file has more than %(max)s rows."),
    "too_many_columns": _("The file has more than %(max)s columns."),
    "csv_too_large": _("The file is larger than %(max_mb)s MB."),
    "archive_parts": _("The file is made of too many parts (%(count)s; at most %(max)s)."),
    "archive_too_large": _(
        "The file would unpack to %(size_mb)s MB; at most %(max_mb)s MB are accepted."
    ),
    "archive_ratio": _(
        "The file is packed in an unusual way (a part grows %(ratio)s times when unpacked). "
        "Save it again from the program that made it and upload that copy."
    ),
    "xml_doctype": _(
        "The file contains XML declarations (DOCTYPE or entities) that are not accepted. "
        "Save it again from the program that made it and upload that copy."
    ),
    "damaged": _("The file is damaged or is not what its name says."),
    "unreadable": _("The file cannot be read as a spreadsheet."),
}


class SpreadsheetRefused(ValidationError):
    """Why a spreadsheet or office document is not read; `code` and `params` are plain
    values, so the reason can be kept (as JSON) and put into words later."""

    def __init__(self, code: str, **params):
        super().__init__(MESSAGES[code], code=code, params=params)


def archive_check(file, *, limits: ArchiveLimits = ARCHIVE_LIMITS) -> None:
    """Refuse a ZIP (XLSX, DOCX, ODS) whose directory declares too many parts, too many
    unpacked bytes or a bomb's compression ratio; then refuse any XML part with a
    DOCTYPE. `file` is bytes or a seekable file object; nothing is unpacked beyond the
    XML prologs."""
    source = io.BytesIO(file) if isinstance(file, bytes | bytearray) else file
    source.seek(0)
    try:
        with zipfile.ZipFile(source) as archive:
            parts = archive.infolist()
            if len(parts) > limits.parts:
                raise SpreadsheetRefused("archive_parts", count=len(parts), max=limits.parts)
            unpacked = sum(part.file_size for part in parts)
            if unpacked > limits.unpacked_bytes:
                raise SpreadsheetRefused(
                    "archive_too_large",
                    size_mb=-(-unpacked // MB),
                    max_mb=limits.unpacked_bytes // MB,
                )
            for part in parts:
                ratio = part.file_size // max(part.compress_size, 1)
                if part.file_size > limits.ratio_from and ratio > limits.ratio:
                    raise SpreadsheetRefused("archive_ratio", ratio=ratio)
            xml_check(archive)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        # RuntimeError: an encrypted part; NotImplementedError: an unknown compression
        raise SpreadsheetRefused("damaged") from error
    finally:
        source.seek(0)


def xml_check(archive: zipfile.ZipFile) -> None:
    """No XML part of the archive has a DOCTYPE. A DOCTYPE can only come before the root
    element, so each part is parsed up to its first element and no further."""
    for part in archive.infolist():
        if not part.filename.lower().endswith((".xml", ".rels")):
            continue
        with archive.open(part) as member:
            try:
                for _event in iterparse(member, events=("start",), forbid_dtd=True):
                    break
            except DefusedXmlException as error:
                raise SpreadsheetRefused("xml_doctype") from error
            except SyntaxError:  # xml.etree's ParseError, before or at the root element:
                continue  # no parser expands anything in it; reading it fails where it matters


def read_rows(data: bytes, file_format: str, *, limits: Limits) -> list[list]:
    """The rows of the first sheet (XLSX) or of the CSV text, header first, each cut
    after its last non-empty cell; SpreadsheetRefused beyond the limits."""
    if file_format == "xlsx":
        archive_check(data)
        return _xlsx_rows(data, limits)
    if file_format == "csv":
        return _csv_rows(data, limits)
    raise ValueError(f"not a spreadsheet format: {file_format}")


def _xlsx_rows(data: bytes, limits: Limits) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - whatever openpyxl trips on, the file is bad
        raise SpreadsheetRefused("unreadable") from error
    try:
        if not workbook.worksheets:
            return []
        sheet = workbook.worksheets[0]
        if (sheet.max_row or 0) > limits.rows + 1:
            raise SpreadsheetRefused("too_many_rows", max=limits.rows)
        if (sheet.max_column or 0) > limits.columns:
            raise SpreadsheetRefused("too_many_columns", max=limits.columns)
        # Explicit bounds: openpyxl would otherwise pad every row to the declared width
        # and fill every missing row up to the declared height.
        rows = sheet.iter_rows(
            min_row=1, max_row=limits.rows + 2, max_col=limits.columns + 1, values_only=True
        )
        return _bounded(rows, limits)
    except SpreadsheetRefused:
        raise
    except Exception as error:  # noqa: BLE001
        raise SpreadsheetRefused("unreadable") from error
    finally:
        workbook.close()


def _csv_rows(data: bytes, limits: Limits) -> list[list]:
    if len(data) > limits.csv_bytes:
        raise SpreadsheetRefused("csv_too_large", max_mb=limits.csv_bytes // MB)
    text = decode_text(data)
    if text is None:
        raise SpreadsheetRefused("unreadable")
    try:
        reader = csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text))
        return _bounded(reader, limits)
    except csv.Error as error:
        raise SpreadsheetRefused("unreadable") from error


def decode_text(data: bytes, *, partial: bool = False) -> str | None:
    """UTF-8 (with or without BOM), else Windows-1252 as spreadsheets write it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if partial and error.start >= len(data) - 3:
            return data[: error.start].decode("utf-8-sig")
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return text if all(ch.isprintable() or ch in "\r\n\t" for ch in text) else None


def sniff_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first.count)


def _bounded(rows, limits: Limits) -> list[list]:
    table = []
    for row in rows:
        if len(table) > limits.rows:  # the header and `rows` rows are read already
            raise SpreadsheetRefused("too_many_rows", max=limits.rows)
        if row.count(None) == len(row):  # blank (openpyxl pads missing rows to full width)
            cells = []
        else:
            cells = list(row)
            while cells and cells[-1] in (None, ""):
                cells.pop()
        if len(cells) > limits.columns:
            raise SpreadsheetRefused("too_many_columns", max=limits.columns)
        table.append(cells)
    while table and not table[-1]:  # trailing empty rows are not rows of data
        table.pop()
    return table
