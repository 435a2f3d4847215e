"""Upload checks of this app: type sniffed from the bytes, size limited per kind."""

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
DOCUMENT_TYPES = {"application/pdf": "pdf", **IMAGE_TYPES}
IMAGE_MAX_BYTES = 2 * 1024 * 1024
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


def sniff_upload(upload, *, allowed: dict[str, str], max_bytes: int) -> str:
    """The MIME type read from the file's first bytes, or a ValidationError that says
    why the file was refused."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large: at most %(size)s MB."),
            params={"size": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in allowed:
        raise ValidationError(
            _("This type of file is not accepted. Accepted: %(types)s."),
            params={"types": ", ".join(sorted(set(allowed.values())))},
            code="bad_type",
        )
    if kind.mime.startswith("image/"):
        from PIL import Image

        try:
            with Image.open(upload) as image:
                image.verify()
        except Exception as error:  # noqa: BLE001 - any decoder failure means a bad file
            raise ValidationError(_("The image could not be read."), code="bad_image") from error
        finally:
            upload.seek(0)
    return kind.mime
