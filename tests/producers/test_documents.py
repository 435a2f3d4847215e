"""The document library: uploads checked by content, private storage, versions,
downloads only in scope and as attachments."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from PIL import Image

from network.files import KINDS, validate_upload
from producers.models import Document, DocumentVersion
from tests.producers.factories import PDF_BYTES, pdf_upload


def _image(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format=image_format)
    return buffer.getvalue()


PNG = _image("PNG")


def add(client, organization, file, **fields):
    data = {"doc_type": "statutes", "title": "Estatutos 2024", "valid_from": "2024-01-01",
            "valid_until": "2026-12-31", "file": file, **fields}  # fmt: skip
    return client.post(f"/organizations/{organization.pk}/documents/add/", data)


def test_an_editor_uploads_a_pdf_kept_privately_under_a_server_chosen_name(
    client, coop_a, coop_a_admin, settings
):
    client.force_login(coop_a_admin)
    response = add(client, coop_a, pdf_upload("Estatutos firmados.pdf"))
    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    assert version.file_name.startswith(f"documents/{coop_a.pk}/")
    assert version.file_name.endswith(".pdf")
    assert "Estatutos" not in version.file_name
    assert default_storage.path(version.file_name).startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert version.content_type == "application/pdf"


def test_a_refused_file_says_why_and_keeps_what_was_typed(client, coop_a, coop_a_admin):
    client.force_login(coop_a_admin)
    executable = SimpleUploadedFile("acta.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = add(client, coop_a, executable, title="Acta de asamblea")
    page = response.content.decode()
    assert response.status_code == 200
    assert "no es de uno de los tipos aceptados" in page
    assert 'value="Acta de asamblea"' in page
    assert 'value="2026-12-31"' in page
    assert Document.objects.count() == 0


def test_a_png_named_pdf_is_refused_for_its_extension(client, coop_a, coop_a_admin):
    client.force_login(coop_a_admin)
    response = add(client, coop_a, SimpleUploadedFile("foto.pdf", PNG))
    assert "termina en" in response.content.decode()
    assert Document.objects.count() == 0


def test_the_size_limit_depends_on_the_type():
    big = SimpleUploadedFile("grande.png", PNG + b"\x00" * (KINDS["png"].max_size))
    try:
        validate_upload(big)
    except Exception as error:  # noqa: BLE001
        assert error.code == "too_large"
    else:
        raise AssertionError("a PNG over its limit was accepted")
    assert validate_upload(SimpleUploadedFile("ok.png", PNG)).kind.name == "png"


def test_every_accepted_type_is_recognised_from_its_content():
    workbook = Workbook()
    workbook.active.append(["a", 1])
    xlsx = io.BytesIO()
    workbook.save(xlsx)
    files = {
        "pdf": ("a.pdf", PDF_BYTES),
        "png": ("a.png", PNG),
        "jpeg": ("a.jpg", _image("JPEG")),
        "xlsx": ("a.xlsx", xlsx.getvalue()),
        "csv": ("a.csv", "código;nombre\n1;Ñusta\n".encode()),
    }
    for kind, (name, data) in files.items():
        assert validate_upload(SimpleUploadedFile(name, data)).kind.name == kind


def test_a_new_version_keeps_the_old_one(client, coop_a, coop_a_admin):
    client.force_login(coop_a_admin)
    add(client, coop_a, pdf_upload())
    document = Document.objects.get()
    url = f"/organizations/{coop_a.pk}/documents/{document.pk}/"
    response = client.post(url, {"file": pdf_upload("v2.pdf"), "note": "reforma 2025"})
    assert response.status_code == 302
    assert list(document.versions.values_list("number", flat=True)) == [2, 1]


def test_a_viewer_downloads_as_an_attachment_but_cannot_upload(
    client, coop_a, coop_a_admin, coop_a_viewer
):
    client.force_login(coop_a_admin)
    add(client, coop_a, pdf_upload("Estatutos.pdf"))
    document = Document.objects.get()
    version = document.versions.get()
    client.force_login(coop_a_viewer)
    url = f"/organizations/{coop_a.pk}/documents/{document.pk}/versions/{version.pk}/download/"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Estatutos.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES
    detail = f"/organizations/{coop_a.pk}/documents/{document.pk}/"
    assert client.post(detail, {"file": pdf_upload()}).status_code == 403
    assert document.versions.count() == 1


def test_another_cooperative_gets_404_for_the_document_and_its_file(
    client, coop_a, coop_a_admin, coop_b_admin, coop_b
):
    client.force_login(coop_a_admin)
    add(client, coop_a, pdf_upload())
    document = Document.objects.get()
    version = document.versions.get()
    client.force_login(coop_b_admin)
    base = f"/organizations/{coop_a.pk}/documents/{document.pk}/"
    assert client.get(base).status_code == 404
    assert client.get(f"{base}versions/{version.pk}/download/").status_code == 404
    # nor through its own organization's address
    own = f"/organizations/{coop_b.pk}/documents/{document.pk}/versions/{version.pk}/download/"
    assert client.get(own).status_code == 404


def test_an_image_that_does_not_decode_is_refused():
    fake = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64)
    with pytest.raises(ValidationError) as refused:
        validate_upload(fake)
    assert refused.value.code == "bad_image"


def _zip(entries: list[tuple[str, bytes]], *, first_stored: bool = False) -> bytes:
    """A zip archive with its entries in this order (office formats are zips whose first
    entries say what they are)."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries):
            stored = first_stored and index == 0
            archive.writestr(name, data, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


DOCX_BYTES = _zip(
    [
        (
            "[Content_Types].xml",
            b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            b'2006/content-types"><Override PartName="/word/document.xml" ContentType="'
            b'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"'
            b"/></Types>",
        ),
        ("_rels/.rels", b'<?xml version="1.0"?><Relationships/>'),
        ("word/document.xml", b'<?xml version="1.0"?><w:document/>'),
    ]
)
# OpenDocument: the first entry is "mimetype", stored uncompressed, holding the type.
ODS_BYTES = _zip(
    [
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", b'<?xml version="1.0"?><manifest:manifest/>'),
        ("content.xml", b'<?xml version="1.0"?><office:document-content/>'),
    ],
    first_stored=True,
)


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        (
            "Reglamento interno.docx",
            DOCX_BYTES,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("Precios 2024.ods", ODS_BYTES, "application/vnd.oasis.opendocument.spreadsheet"),
    ],
)
def test_docx_and_ods_documents_are_accepted(
    client, coop_a, coop_a_admin, name, data, content_type
):
    client.force_login(coop_a_admin)
    response = add(client, coop_a, SimpleUploadedFile(name, data, content_type="text/plain"))
    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    assert version.content_type == content_type  # from the bytes, not the browser
    assert version.file_name.endswith("." + name.rsplit(".", 1)[1])
    with default_storage.open(version.file_name, "rb") as stored:
        assert stored.read() == data


def test_a_pdf_renamed_to_docx_is_refused(client, coop_a, coop_a_admin):
    client.force_login(coop_a_admin)
    response = add(client, coop_a, SimpleUploadedFile("acta.docx", PDF_BYTES))
    assert response.status_code == 200
    assert "termina en" in response.content.decode()
    assert Document.objects.count() == 0
    with pytest.raises(ValidationError) as refused:
        validate_upload(SimpleUploadedFile("acta.docx", PDF_BYTES))
    assert refused.value.code == "extension"


def test_a_plain_zip_named_docx_is_refused():
    archive = _zip([("notes.txt", b"hola"), ("more.txt", b"chau")])
    with pytest.raises(ValidationError) as refused:
        validate_upload(SimpleUploadedFile("notas.docx", archive))
    assert refused.value.code == "content_type"
