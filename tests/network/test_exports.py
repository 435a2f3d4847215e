"""The spreadsheet-export helper on its own (tests/test_exports.py drives every export
through its URL)."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from network.exports import FORMULA_STARTS, read_back, safe_cell, spreadsheet_response


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_text_starting_like_a_formula_is_quoted_and_reads_back(start):
    text = start + "1+1"
    assert safe_cell(text) == "'" + text
    assert read_back(safe_cell(text)) == text
    assert read_back("'" + "ordinary") == "'ordinary"  # only the quote we add comes off


@pytest.mark.parametrize(
    "value", [-5, Decimal("-3.50"), -1.5, 0, True, date(2024, 5, 1), "Café Perú", "1-2"]
)
def test_numbers_dates_and_ordinary_text_stay_as_they_are(value):
    assert safe_cell(value) == value


def test_times_are_local_without_a_zone_and_none_is_empty(settings):
    settings.TIME_ZONE = "America/Lima"
    assert safe_cell(datetime(2024, 5, 1, 15, 30, 7, 123456, tzinfo=UTC)) == datetime(
        2024, 5, 1, 10, 30, 7
    )
    assert safe_cell(None) == ""


def rows():
    return [
        ["=1+1", -5, Decimal("-3.50"), "x;=cmd|' /C calc'!A0", "ctrl\x01char", None],
        ["Ñandutí", 7, Decimal("2.25"), "", "", datetime(2024, 5, 1, 12, 0, tzinfo=UTC)],
    ]


def test_csv_is_utf8_with_bom_every_field_quoted_numbers_plain():
    response = spreadsheet_response(
        header=["a", "b", "c", "d", "e", "f"], rows=rows(), file_format="csv", download_as="t"
    )
    body = response.getvalue()
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8-sig").splitlines()
    # Quoted, a field that Spanish-locale Excel would split at `;` stays one field.
    assert lines[1].startswith('"\'=1+1","-5","-3.50","x;=cmd|\' /C calc\'!A0"')
    parsed = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert parsed[2][0] == "Ñandutí" and parsed[2][5] == "2024-05-01 06:00:00"


def test_xlsx_keeps_numbers_and_drops_what_xml_cannot_carry():
    response = spreadsheet_response(
        header=["a", "b", "c", "d", "e", "f"],
        rows=rows(),
        file_format="xlsx",
        download_as="t",
        sheet_title="things",
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content))["things"]
    first = list(sheet[2])
    assert [(cell.data_type, cell.value) for cell in first[:3]] == [
        ("s", "'=1+1"),
        ("n", -5),
        ("n", -3.5),
    ]
    assert first[4].value == "ctrlchar"
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"


def test_the_download_headers_are_those_of_every_download():
    response = spreadsheet_response(header=["a"], rows=[], file_format="csv", download_as="x y")
    assert response["Content-Disposition"] == 'attachment; filename="x_y.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    with pytest.raises(ValueError, match="ods"):
        spreadsheet_response(header=["a"], rows=[], file_format="ods", download_as="x")
