"""Spreadsheets are read bounded (network/spreadsheets.py): the attacks of issue 7 (a
1.5 KB XLSX declaring A1:XFD1048576, a 400 KB file unpacking to 400 MiB) are refused
with a clear message in well under a second, without the process's memory growing."""

import functools
import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from network import spreadsheets
from network.files import validate_upload
from network.spreadsheets import ArchiveLimits, Limits, SpreadsheetRefused, read_rows

MiB = 1024 * 1024
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>'
        '<sheet name="Socios" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>name</t></is></c></row>'
)


def sheet_xml(rows: str, *, dimension: str = "A1:B2", prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}">'
        f'<dimension ref="{dimension}"/><sheetData>{HEADER_ROW}{rows}</sheetData></worksheet>'
    )


def xlsx(sheet: str, **more_parts) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in {**PARTS, **more_parts}.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


DIMENSION_BOMB = xlsx(
    sheet_xml(
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', dimension="A1:XFD1048576"
    )  # fmt: skip
)


@functools.cache
def inflating_xlsx() -> bytes:
    """About 400 KB that unpack to 400 MiB: a sheet padded with blanks inside its data."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            head, tail = sheet_xml("").split("</sheetData>")
            sheet.write(head.encode())
            blanks = b" " * MiB
            for _ in range(400):
                sheet.write(blanks)
            sheet.write(b"</sheetData>" + tail.encode())
    return buffer.getvalue()


@pytest.fixture
def inflating_file() -> bytes:
    return inflating_xlsx()


DEFAULT = Limits()


def refusal(data: bytes, file_format: str = "xlsx", limits: Limits = DEFAULT) -> str:
    with pytest.raises(SpreadsheetRefused) as refused:
        read_rows(data, file_format, limits=limits)
    return refused.value.code


def rss() -> int:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096


def assert_refused_quickly_and_lightly(data: bytes, code: str):
    before, started = rss(), time.perf_counter()
    assert refusal(data) == code
    assert time.perf_counter() - started < 1.0
    assert rss() - before < 50 * MiB
    tracemalloc.start()
    try:
        assert refusal(data) == code
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 * MiB


def test_the_dimension_bomb_is_refused_at_once():
    assert len(DIMENSION_BOMB) < 2048
    assert_refused_quickly_and_lightly(DIMENSION_BOMB, "too_many_rows")


def test_the_file_that_unpacks_to_400_mib_is_refused_before_it_is_unpacked(inflating_file):
    assert len(inflating_file) < 1 * MiB
    assert_refused_quickly_and_lightly(inflating_file, "archive_too_large")
    with translation.override("en"):
        with pytest.raises(SpreadsheetRefused) as refused:
            read_rows(inflating_file, "xlsx", limits=Limits())
        assert refused.value.messages == [
            "The file would unpack to 401 MB; at most 100 MB are accepted."
        ]


def test_a_dimension_that_lies_is_no_way_around_the_row_limit():
    far_cell = sheet_xml('<row r="1048576"><c r="A1048576"><v>1</v></c></row>')
    assert_refused_quickly_and_lightly(xlsx(far_cell), "too_many_rows")


def test_columns_beyond_the_limit_are_refused_whatever_the_dimension_says():
    wide = sheet_xml('<row r="2"><c r="A2"><v>1</v></c><c r="CW2"><v>1</v></c></row>')
    assert refusal(xlsx(wide)) == "too_many_columns"  # CW is column 101
    declared = sheet_xml("", dimension="A1:ZZ2")
    assert refusal(xlsx(declared)) == "too_many_columns"


def test_rows_up_to_the_limit_are_read_and_one_more_is_refused():
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, 12))
    table = read_rows(xlsx(sheet_xml(rows, dimension="A1:B11")), "xlsx", limits=Limits(rows=10))
    assert table[0] == ["code", "name"] and len(table) == 11
    assert refusal(xlsx(sheet_xml(rows, dimension="A1:B11")), limits=Limits(rows=9)) == (
        "too_many_rows"
    )
    undeclared = sheet_xml(rows, dimension="A1")
    assert refusal(xlsx(undeclared), limits=Limits(rows=9)) == "too_many_rows"


def test_a_tightly_packed_part_and_too_many_parts_are_refused():
    packed = xlsx(sheet_xml(""), **{"xl/padding.xml": "<a>" + " " * (20 * MiB) + "</a>"})
    assert refusal(packed) == "archive_ratio"
    many = xlsx(sheet_xml(""), **{f"xl/p{n}.xml": "<a/>" for n in range(1000)})
    assert refusal(many) == "archive_parts"
    spreadsheets.archive_check(many, limits=ArchiveLimits(parts=2000))  # within its limits


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)
EXTERNAL = '<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize("prolog", [BILLION_LAUGHS, EXTERNAL, "<!DOCTYPE worksheet>"])
def test_xml_with_a_doctype_or_entities_is_refused(prolog):
    row = '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
    assert refusal(xlsx(sheet_xml(row if "lol" in prolog else "", prolog=prolog))) == (
        "xml_doctype"
    )
    strings = '<?xml version="1.0"?>' + prolog + f'<sst xmlns="{MAIN}"><si><t>a</t></si></sst>'
    assert refusal(xlsx(sheet_xml(""), **{"xl/sharedStrings.xml": strings})) == "xml_doctype"


def test_openpyxl_itself_parses_without_entity_expansion():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML


def test_csv_is_capped_in_bytes_rows_and_columns():
    assert refusal(b"code,name\n" + b"A,B\n" * 11, "csv", Limits(rows=10)) == "too_many_rows"
    assert len(read_rows(b"code,name\n" + b"A,B\n" * 10, "csv", limits=Limits(rows=10))) == 11
    assert refusal(b"code,name\n" + b"x," * 100 + b"y\n", "csv") == "too_many_columns"
    assert refusal(b"code,name\n" + b"A,B\n" * 100, "csv", Limits(csv_bytes=100)) == (
        "csv_too_large"
    )


def test_damaged_archives_are_refused_not_crashed_on():
    assert refusal(DIMENSION_BOMB[:600]) == "damaged"
    assert refusal(b"PK\x03\x04" + b"\x00" * 200) == "damaged"
    not_a_sheet = xlsx("<worksheet")
    assert refusal(not_a_sheet) in ("damaged", "unreadable")


def test_a_real_workbook_reads_as_before():
    workbook = Workbook()
    workbook.active.append(["code", "name", None, None])
    workbook.active.append(["A1", "Ana"])
    workbook.active.append([])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert read_rows(buffer.getvalue(), "xlsx", limits=Limits()) == [
        ["code", "name"],
        ["A1", "Ana"],
    ]


def test_the_upload_validator_refuses_the_bombs_with_their_reason(inflating_file):
    bomb = SimpleUploadedFile("socios.xlsx", inflating_file)
    with pytest.raises(SpreadsheetRefused) as refused:
        validate_upload(bomb, kinds=("xlsx",))
    assert refused.value.code == "archive_too_large"
    entity = SimpleUploadedFile("socios.xlsx", xlsx(sheet_xml("", prolog=EXTERNAL)))
    with pytest.raises(SpreadsheetRefused) as refused:
        validate_upload(entity, kinds=("xlsx",))
    assert refused.value.code == "xml_doctype"
