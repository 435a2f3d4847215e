"""The one way to accept, store and serve files.

Accept: `UploadField` (a form field; a model's `PrivateFileField` gives it to its model
forms) runs the single validator, `validate_upload`. A file is accepted when its bytes
say it is one of the kinds the caller allows, its extension agrees, it is under that
kind's size limit, and what it holds passes that kind's check (an image decodes; a PDF
has no scripts, see network/pdfscan.py; an office file's archive is no bomb and its XML
has no DOCTYPE, see network/spreadsheets.py).

Store: under a name the server chooses (`store_private`, `replace_private`), in the
private storage (settings.PRIVATE_MEDIA_ROOT), which has no URL: nothing is served by a
media address.

Serve: only by a view that checked scope, with `attachment_response` (a download:
`Content-Disposition: attachment`, `nosniff`, `Cache-Control: private, no-store`); the
one exception is a public image shown on a page, `image_response`.
"""

import csv
import io
import uuid
from dataclasses import dataclass

import filetype
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.db import models, transaction
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.http import content_disposition_header
from django.utils.text import format_lazy, get_valid_filename
from django.utils.translation import gettext_lazy as _

from network.pdfscan import UncheckablePdf, active_content
from network.spreadsheets import archive_check, decode_text, sniff_delimiter

MB = 1024 * 1024
MAX_NAME_LENGTH = 255


@dataclass(frozen=True)
class FileKind:
    name: str
    extensions: tuple[str, ...]
    content_type: str
    max_size: int


KINDS = {
    kind.name: kind
    for kind in (
        FileKind("pdf", ("pdf",), "application/pdf", 20 * MB),
        FileKind("jpeg", ("jpg", "jpeg"), "image/jpeg", 10 * MB),
        FileKind("png", ("png",), "image/png", 10 * MB),
        FileKind("webp", ("webp",), "image/webp", 10 * MB),
        FileKind(
            "xlsx",
            ("xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            10 * MB,
        ),
        FileKind(
            "docx",
            ("docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            10 * MB,
        ),
        FileKind("ods", ("ods",), "application/vnd.oasis.opendocument.spreadsheet", 10 * MB),
        FileKind("csv", ("csv",), "text/csv", 10 * MB),
    )
}
DOCUMENT_KINDS = ("pdf", "jpeg", "png", "xlsx", "docx", "ods", "csv")
REGISTER_KINDS = ("csv", "xlsx")
IMAGE_KINDS = ("jpeg", "png", "webp")
PDF_OR_IMAGE_KINDS = ("pdf", *IMAGE_KINDS)
# ZIP archives of XML: checked for bombs and DOCTYPEs before anyone opens them.
ARCHIVE_KINDS = ("xlsx", "docx", "ods")
# What filetype.guess() reports for each kind (by extension of its matcher).
_SNIFFED = {
    "pdf": "pdf",
    "jpg": "jpeg",
    "png": "png",
    "webp": "webp",
    "xlsx": "xlsx",
    "docx": "docx",
    "ods": "ods",
}


class PrivateStorage(FileSystemStorage):
    """The default storage (settings.STORAGES): files on disk under
    PRIVATE_MEDIA_ROOT that have no address. Django's storage would fall back to MEDIA_URL
    and hand out a link; here asking for one is a mistake, said at once."""

    def url(self, name):
        raise ValueError(
            "Private files are not accessible via a URL: a view that checked scope serves "
            "them with network.files.attachment_response."
        )


@dataclass(frozen=True)
class CheckedFile:
    kind: FileKind
    extension: str
    size: int
    original_name: str


def allowed_label(kinds) -> str:
    return ", ".join(ext.upper() for name in kinds for ext in KINDS[name].extensions[:1])


def validate_upload(uploaded, *, kinds=DOCUMENT_KINDS) -> CheckedFile:
    """Check an uploaded file against the allowed kinds; raise a translated
    ValidationError saying why it was refused."""
    allowed = allowed_label(kinds)
    original = (uploaded.name or "").rsplit("/", 1)[-1]
    sent_length = getattr(uploaded, "sent_name_length", len(original))
    if sent_length > MAX_NAME_LENGTH:
        raise ValidationError(
            _(
                "The file name is %(length)s characters long; at most %(max)s are accepted. "
                "Rename the file and upload it again."
            ),
            code="name_too_long",
            params={"length": sent_length, "max": MAX_NAME_LENGTH},
        )
    extension = original.rsplit(".", 1)[-1].lower() if "." in original else ""
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    head = _read_head(uploaded)
    guessed = filetype.guess(head)
    sniffed = _SNIFFED.get(guessed.extension) if guessed else None
    if sniffed is None and _looks_like_csv(uploaded):
        sniffed = "csv"
    if sniffed is None or sniffed not in kinds:
        raise ValidationError(
            _("This file's content is not one of the accepted types (%(allowed)s)."),
            code="content_type",
            params={"allowed": allowed},
        )
    kind = KINDS[sniffed]
    if extension not in kind.extensions:
        raise ValidationError(
            _("The file name ends in “.%(extension)s” but its content is %(kind)s."),
            code="extension",
            params={"extension": extension or "—", "kind": kind.extensions[0].upper()},
        )
    if uploaded.size > kind.max_size:
        raise ValidationError(
            _("The file is too large: %(size)s; %(kind)s files may have at most %(limit)s."),
            code="too_large",
            params={
                "size": filesizeformat(uploaded.size),
                "kind": kind.extensions[0].upper(),
                "limit": filesizeformat(kind.max_size),
            },
        )
    if kind.name in IMAGE_KINDS:
        _verify_image(uploaded)
    if kind.name == "pdf":
        _refuse_active_pdf(uploaded)
    if kind.name in ARCHIVE_KINDS:
        archive_check(uploaded)
    return CheckedFile(kind=kind, extension=extension, size=uploaded.size, original_name=original)


def _verify_image(uploaded) -> None:
    """A right magic number is not enough for an image we will show: it must decode."""
    from PIL import Image

    try:
        with Image.open(uploaded) as image:
            image.verify()
    except Exception as error:  # noqa: BLE001 - any decoder failure means a bad file
        raise ValidationError(_("The image could not be read."), code="bad_image") from error
    finally:
        uploaded.seek(0)


def _refuse_active_pdf(uploaded) -> None:
    """No scripts or launched programs in a PDF people will open (network/pdfscan.py)."""
    uploaded.seek(0)
    data = uploaded.read()  # within the PDF size limit, checked before
    uploaded.seek(0)
    try:
        found = active_content(data)
    except UncheckablePdf as error:
        raise ValidationError(
            _(
                "This PDF could not be checked for scripts (it is protected or packed in an "
                "unusual way). Print it to a new PDF and upload that copy."
            ),
            code="pdf_uncheckable",
        ) from error
    if found:
        raise ValidationError(
            _(
                "This PDF contains active content (%(what)s), which is not accepted. Print it "
                "to a new PDF and upload that copy."
            ),
            code="pdf_active",
            params={"what": found},
        )


def _read_head(uploaded, length: int = 8192) -> bytes:
    uploaded.seek(0)
    head = uploaded.read(length)
    uploaded.seek(0)
    return head


def _looks_like_csv(uploaded) -> bool:
    """CSV has no magic number: it must decode as text and parse as rows."""
    uploaded.seek(0)
    data = uploaded.read(256 * 1024)
    uploaded.seek(0)
    if b"\x00" in data:
        return False
    text = decode_text(data, partial=len(data) < uploaded.size)
    if text is None:
        return False
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text)))
    except csv.Error:
        return False
    return bool(rows) and len(rows[0]) >= 1


def store_private(uploaded, *, folder: str, checked: CheckedFile) -> str:
    """Save under a server-chosen name in the private storage; return that name."""
    name = f"{folder}/{uuid.uuid4().hex}.{checked.kind.extensions[0]}"
    uploaded.seek(0)
    return default_storage.save(name, uploaded)


def replace_private(instance: models.Model, field_name: str, uploaded, *, checked) -> None:
    """Give a model's PrivateFileField a checked upload, stored under a server-chosen name
    in the field's folder (the caller saves the instance). The file it replaces is
    deleted once the transaction commits."""
    field = instance._meta.get_field(field_name)
    replaced = getattr(instance, field_name).name
    setattr(instance, field_name, store_private(uploaded, folder=field.folder, checked=checked))
    if replaced:
        transaction.on_commit(lambda: default_storage.delete(replaced))


def store_generated(content: bytes, *, folder: str, extension: str) -> str:
    """Save a file the server made (a PDF) in the private storage, under a server-chosen
    name like an upload's; return that name. Serve it with `attachment_response`."""
    return default_storage.save(f"{folder}/{uuid.uuid4().hex}.{extension}", ContentFile(content))


def download_name(original_name: str, *, fallback: str) -> str:
    return get_valid_filename(original_name) if original_name else fallback


def extension_of(content_type: str) -> str:
    """The extension a download of this type is named with ("bin" for an unknown one)."""
    for kind in KINDS.values():
        if kind.content_type == content_type:
            return kind.extensions[0]
    return "bin"


def attachment_response(file_name: str, *, download_as: str, content_type: str) -> FileResponse:
    """Serve a private file as a download, never inline."""
    response = FileResponse(
        default_storage.open(file_name, "rb"),
        as_attachment=True,
        filename=download_as,
        content_type=content_type or "application/octet-stream",
    )
    return attachment_headers(response, download_as=download_as)


def image_response(file_name: str, *, content_type: str) -> FileResponse:
    """A public image shown inline on our pages (re-encoded by network/images.py before
    it was stored), cached like a public page; never sniffed as another type."""
    if content_type not in {KINDS[kind].content_type for kind in IMAGE_KINDS}:
        raise ValueError(f"not an image kind: {content_type!r}")
    response = FileResponse(default_storage.open(file_name, "rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response


def attachment_headers(response, *, download_as: str):
    """What every download carries (files, exports): saved under the name the server
    chose, never rendered inline or sniffed as another type, never kept by a cache."""
    response["Content-Disposition"] = content_disposition_header(True, download_as)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class _RemembersNameLength:
    """Django cuts a file name over 255 characters without a word; the length it had is
    kept on the file, so the validator can refuse it with a message."""

    def file_complete(self, file_size):
        uploaded = super().file_complete(file_size)
        if uploaded is not None:
            uploaded.sent_name_length = len(self.file_name)
        return uploaded


class MemoryUploadHandler(_RemembersNameLength, MemoryFileUploadHandler):
    """settings.FILE_UPLOAD_HANDLERS: Django's, remembering the name's length."""


class TemporaryUploadHandler(_RemembersNameLength, TemporaryFileUploadHandler):
    """settings.FILE_UPLOAD_HANDLERS: Django's, remembering the name's length."""


class UploadField(forms.FileField):
    """The form field of every upload: it runs the upload validator, and a newly uploaded
    file comes out of `clean` carrying `.checked` (what the validator found)."""

    widget = forms.FileInput  # a private file has no URL to show as "currently"

    def __init__(self, *args, kinds=DOCUMENT_KINDS, **kwargs):
        self.kinds = tuple(kinds)
        if not kwargs.get("help_text"):
            kwargs["help_text"] = format_lazy(
                _("Accepted: {types}. Up to {limit}."),
                types=allowed_label(kinds),
                limit=filesizeformat(max(KINDS[kind].max_size for kind in kinds)),
            )
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault(
            "accept", ",".join(f".{ext}" for kind in kinds for ext in KINDS[kind].extensions)
        )

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if isinstance(uploaded, UploadedFile):  # not the file already stored
            uploaded.checked = validate_upload(uploaded, kinds=self.kinds)
        return uploaded


class PrivateFileField(models.FileField):
    """A model's file: in the private storage, in `folder`, under a name the server
    chooses (`replace_private`; a file saved through the field gets one too); its model
    forms accept it through UploadField with `kinds`."""

    def __init__(self, *args, folder: str = "files", kinds=DOCUMENT_KINDS, **kwargs):
        self.folder = folder
        self.kinds = tuple(kinds)
        kwargs.pop("upload_to", None)
        super().__init__(*args, **kwargs)

    def generate_filename(self, instance, filename):
        extension = (filename or "").rsplit(".", 1)[-1].lower()
        allowed = {ext for kind in self.kinds for ext in KINDS[kind].extensions}
        extension = extension if extension in allowed else "bin"
        return self.storage.generate_filename(f"{self.folder}/{uuid.uuid4().hex}.{extension}")

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("upload_to", None)
        return name, path, args, {**kwargs, "folder": self.folder, "kinds": self.kinds}

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": UploadField, "kinds": self.kinds, **kwargs})
