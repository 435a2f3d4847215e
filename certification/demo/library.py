"""What a cooperative shows before it files: a complete profile and the documents each
type of application needs, uploaded to its library through the producers' services
(files checked by network.files like any upload). The files are small PDFs made here,
each saying it is demo material."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certification.models import REQUIRED_DOCUMENTS
from network.files import validate_upload
from producers.models import DocumentType
from producers.services.documents import document_create
from producers.services.organizations import organization_update

# Title and validity of each document a demo library holds: (days from today it starts,
# days it lasts or None). A member list is renewed every year; the statutes do not end.
LIBRARY = {
    DocumentType.STATUTES: ("Estatutos de la cooperativa", -2000, None),
    DocumentType.MEMBER_LIST: ("Padrón de socios", -20, 365),
    DocumentType.ICS_MANUAL: ("Manual del sistema de control interno", -300, 1100),
    DocumentType.PRICE_RECORDS: ("Registro de precios pagados a los socios", -60, 365),
    DocumentType.CONTRACT: ("Contrato de compraventa con comprador registrado", -90, 365),
}
DIALLING_CODES = {"PE": "+51", "MX": "+52", "CO": "+57", "BO": "+591"}


def demo_pdf(title: str, *lines: str) -> bytes:
    """A one-page PDF with a title and a few lines of text (Helvetica, no scripts)."""
    text = ["BT /F1 16 Tf 72 770 Td", f"({_pdf_text(title)}) Tj", "/F1 11 Tf"]
    for line in (*lines, "Documento de demostración de Minga."):
        text += ["0 -22 Td", f"({_pdf_text(line)}) Tj"]
    stream = "\n".join([*text, "ET"]).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    data, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(data)


def _pdf_text(value: str) -> str:
    """A PDF string's content in WinAnsi (cp1252): octal escapes outside ASCII."""
    out = []
    for byte in value.encode("cp1252", errors="replace"):
        char = chr(byte)
        if char in "()\\":
            out.append("\\" + char)
        elif 32 <= byte < 127:
            out.append(char)
        else:
            out.append(f"\\{byte:03o}")
    return "".join(out)


def demo_upload(name: str, title: str, *lines: str):
    """(uploaded file, network.files.CheckedFile), as a form hands them to a service."""
    uploaded = SimpleUploadedFile(name, demo_pdf(title, *lines), content_type="application/pdf")
    return uploaded, validate_upload(uploaded)


def profile_complete(organization, *, by, contact_name: str):
    """Fill in what the application copies from the profile and is still empty."""
    organization.refresh_from_db()
    wanted = {
        "tax_id": f"20{organization.pk:09d}",
        "contact_name": contact_name,
        "phone": f"{DIALLING_CODES.get(organization.country.code, '+1')} 000 0000",
        "legal_form": "cooperativa",
    }
    missing = {name: value for name, value in wanted.items() if not getattr(organization, name)}
    if not missing:
        return organization
    return organization_update(
        organization=organization, by=by, version=organization.version, data=missing
    )


def library_stock(organization, *, by, kind: str) -> dict:
    """The documents an application of `kind` needs, uploaded where the library has
    none of that type; returns {requirement: document} for the application's section."""
    today = timezone.localdate()
    chosen = {}
    for requirement in REQUIRED_DOCUMENTS[kind]:
        document = organization.documents.filter(doc_type=requirement).order_by("-pk").first()
        if document is None:
            title, starts, lasts = LIBRARY[requirement]
            valid_from = today + datetime.timedelta(days=starts)
            uploaded, checked = demo_upload(
                f"{requirement}.pdf", title, organization.legal_name, f"Desde {valid_from}"
            )
            document = document_create(
                organization=organization,
                by=by,
                data={
                    "doc_type": requirement,
                    "title": f"{title} – {organization.short_name}",
                    "valid_from": valid_from,
                    "valid_until": valid_from + datetime.timedelta(days=lasts) if lasts else None,
                },
                uploaded=uploaded,
                checked=checked,
            )
        chosen[requirement] = document
    return chosen
