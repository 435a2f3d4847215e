"""The upload validator refuses documents that act when opened: a PDF with a script or a
launch action (network/pdfscan.py), an office file whose XML declares entities or a
DOCTYPE (network/spreadsheets.py); ordinary documents still pass."""

import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from weasyprint import HTML

from network.files import validate_upload
from producers.models import Document
from tests.producers.factories import PDF_BYTES
from tests.producers.test_documents import DOCX_BYTES, ODS_BYTES, _zip, add


def pdf(*objects: bytes) -> bytes:
    body = b"".join(b"%d 0 obj\n%s\nendobj\n" % (n, obj) for n, obj in enumerate(objects, 1))
    return b"%PDF-1.7\n" + body + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"


def object_stream(text: bytes, *, filters: bytes = b"/FlateDecode", packed=None) -> bytes:
    packed = zlib.compress(text) if packed is None else packed
    return b"<< /Type /ObjStm /N 1 /First 4 /Filter %s /Length %d >>\nstream\n%s\nendstream" % (
        filters,
        len(packed),
        packed,
    )


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
HOSTILE_PDFS = {
    "script on open": pdf(
        b"<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"
    ),
    "launch": pdf(CATALOG, b"<< /Type /Action /S /Launch /F (cmd.exe) >>"),
    "names escaped": pdf(b"<< /Type /Catalog /OpenAction << /S /Java#53cript /JS 3 0 R >> >>"),
    "additional actions": pdf(CATALOG, b"<< /Type /Page /AA << /O 4 0 R >> >>"),
    "script in an object stream": pdf(
        CATALOG, object_stream(b"3 0 << /S /JavaScript /JS (app.alert(1)) >>")
    ),
    "object stream typed with a comment": pdf(
        CATALOG,
        object_stream(b"3 0 << /S /Launch /F (x.exe) >>").replace(
            b"/Type /ObjStm", b"/Type %hidden\n/ObjStm"
        ),
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_PDFS))
def test_a_pdf_with_active_content_is_refused(case):
    upload = SimpleUploadedFile("acta.pdf", HOSTILE_PDFS[case])
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload)
    assert refused.value.code == "pdf_active"


def test_a_pdf_whose_object_streams_cannot_be_read_is_refused_as_unchecked():
    hex_encoded = pdf(CATALOG, object_stream(b"", filters=b"/ASCIIHexDecode", packed=b"2F4A53"))
    with pytest.raises(ValidationError) as refused:
        validate_upload(SimpleUploadedFile("acta.pdf", hex_encoded))
    assert refused.value.code == "pdf_uncheckable"


def test_ordinary_pdfs_pass_even_when_they_talk_about_javascript():
    written = HTML(string="<h1>Curso de JavaScript</h1><p>/JS /AA /Launch</p>").write_pdf()
    # Binary image data may hold "/JS " by chance; only dictionaries are read for it.
    image = (
        b"<< /Type /XObject /Subtype /Image /Length 12 >>\nstream\n\x00/JS /AA \x01\x02\nendstream"
    )
    for data in (PDF_BYTES, written, pdf(CATALOG, image), pdf(CATALOG, object_stream(b"3 0 <<>>"))):
        assert validate_upload(SimpleUploadedFile("acta.pdf", data)).kind.name == "pdf"


def test_the_document_form_says_why_a_pdf_is_refused(client, coop_a, coop_a_admin):
    client.force_login(coop_a_admin)
    response = add(client, coop_a, SimpleUploadedFile("acta.pdf", HOSTILE_PDFS["launch"]))
    assert response.status_code == 200
    assert "contiene contenido activo (Launch)" in response.content.decode()
    assert Document.objects.count() == 0


EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"&x;</w:document>"
)


@pytest.mark.parametrize(
    ("name", "entries"),
    [
        ("reglamento.docx", [("word/document.xml", EXTERNAL_ENTITY)]),
        ("precios.ods", [("content.xml", b'<?xml version="1.0"?><!DOCTYPE x><x/>')]),
        ("socios.xlsx", [("xl/workbook.xml", EXTERNAL_ENTITY)]),
    ],
)
def test_an_office_file_with_a_doctype_or_an_external_entity_is_refused(
    client, coop_a, coop_a_admin, name, entries
):
    base = {"docx": DOCX_BYTES, "ods": ODS_BYTES}.get(name.rsplit(".", 1)[1])
    data = _rebuilt(base, entries) if base else _xlsx_with(entries)
    client.force_login(coop_a_admin)
    response = add(client, coop_a, SimpleUploadedFile(name, data))
    assert response.status_code == 200
    assert "declaraciones XML (DOCTYPE o entidades)" in response.content.decode()
    assert Document.objects.count() == 0


def _rebuilt(archive_bytes: bytes, replaced: list) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    replacements = dict(replaced)
    return _zip(
        [(name, replacements.get(name, data)) for name, data in entries],
        first_stored=entries[0][0] == "mimetype",
    )


def _xlsx_with(entries) -> bytes:
    from tests.network.test_spreadsheets import PARTS, sheet_xml

    parts = {**PARTS, "xl/worksheets/sheet1.xml": sheet_xml(""), **dict(entries)}
    return _zip(list(parts.items()))
