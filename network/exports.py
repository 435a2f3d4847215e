"""The one way to hand a table to a spreadsheet program: CSV or XLSX, as a download.

Much of what we export was typed by strangers (the /join/ form, campaign signatures),
so a cell whose text a spreadsheet would run as a formula — starting with =, +, -, @,
tab or carriage return — gets a leading single quote (OWASP's advice on CSV
injection); numbers stay numbers. Imports that read our own exports back undo the
quote with `read_back`.

CSV is UTF-8 with a BOM, so Excel shows accents right, every field quoted (a
spreadsheet that splits on `;`, as Spanish-locale Excel does, still sees one field),
and streamed row by row. XLSX is written by openpyxl in write-only mode. Both are
served by `network.files.attachment_headers`, as every download is.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import get_valid_filename

from network.files import KINDS, attachment_headers

FORMATS = ("csv", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value ready for a cell: empty for None, numbers, booleans and dates as they
    are, any other value as text, quoted when it starts like a formula."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal | date):
        if isinstance(value, datetime) and timezone.is_aware(value):
            # Spreadsheets have no time zones: local time (settings.TIME_ZONE), to the second.
            return timezone.localtime(value).replace(tzinfo=None, microsecond=0)
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def read_back(text: str) -> str:
    """A cell's text as it was before `safe_cell` quoted it."""
    return text[1:] if text[:1] == "'" and text[1:].startswith(FORMULA_STARTS) else text


def spreadsheet_response(
    *,
    header: Sequence[str],
    rows: Iterable[Sequence],
    file_format: str,
    download_as: str,
    sheet_title: str = "data",
) -> HttpResponse | StreamingHttpResponse:
    """The table as a download named `download_as`.<file_format> (a name the server
    chose); rows may be a lazy iterator, read once."""
    if file_format == "csv":
        response = StreamingHttpResponse(
            _csv_lines(header, rows), content_type="text/csv; charset=utf-8"
        )
    elif file_format == "xlsx":
        response = HttpResponse(
            _xlsx_bytes(header, rows, sheet_title=sheet_title),
            content_type=KINDS["xlsx"].content_type,
        )
    else:
        raise ValueError(f"unknown spreadsheet format {file_format!r}")
    return attachment_headers(
        response, download_as=get_valid_filename(f"{download_as}.{file_format}")
    )


def _csv_lines(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)

    def line(values) -> bytes:
        writer.writerow([_csv_text(safe_cell(value)) for value in values])
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text.encode("utf-8")

    yield "\ufeff".encode() + line(header)
    for row in rows:
        yield line(row)


def _csv_text(value) -> str:
    if isinstance(value, Decimal):
        return f"{value:f}"  # never 1E+1
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


def _xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence], *, sheet_title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    def cell(value):
        value = safe_cell(value)
        # XML cannot carry most control characters; openpyxl would refuse the whole file.
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    titles = [WriteOnlyCell(sheet, value=cell(name)) for name in header]
    for title in titles:
        title.font = bold
    sheet.append(titles)
    for row in rows:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
