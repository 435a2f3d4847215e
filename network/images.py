"""Images shown inline on our pages (a campaign's picture): capped in pixels, then
decoded and encoded again, so what visitors' browsers get is pixels we wrote: no
metadata (a phone photo's GPS position, the camera's serial number), nothing appended
after the image data, and no larger than a page shows."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

MAX_PIXELS = 25_000_000
MAX_SIDE = 10_000
SHOWN_SIDE = 2400  # larger images are scaled down to this on their long side
_SAVE_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 85},
}


def image_for_web(uploaded) -> ContentFile:
    """The uploaded image (JPEG, PNG or WebP, already checked by the upload validator)
    re-encoded in its own format; ValidationError when it has too many pixels."""
    from PIL import Image, ImageOps

    uploaded.seek(0)
    try:
        with Image.open(uploaded) as image:
            width, height = image.size  # from the header: nothing decoded yet
            if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                raise ValidationError(
                    _(
                        "The image is %(width)s × %(height)s pixels; at most %(megapixels)s "
                        "megapixels and %(side)s pixels a side are accepted."
                    ),
                    code="too_many_pixels",
                    params={"width": width, "height": height,
                            "megapixels": MAX_PIXELS // 1_000_000, "side": MAX_SIDE},
                )  # fmt: skip
            image_format = image.format
            icc_profile = image.info.get("icc_profile")  # colours, not metadata: kept
            upright = ImageOps.exif_transpose(image)  # the EXIF turn, before EXIF goes
            upright.thumbnail((SHOWN_SIDE, SHOWN_SIDE))
            if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            buffer = io.BytesIO()
            options = dict(_SAVE_OPTIONS[image_format])
            if icc_profile:
                options["icc_profile"] = icc_profile
            upright.save(buffer, format=image_format, **options)
    except ValidationError:
        raise
    except Exception as error:  # noqa: BLE001 - any decoder failure means a bad file
        raise ValidationError(_("The image could not be read."), code="bad_image") from error
    finally:
        uploaded.seek(0)
    return ContentFile(buffer.getvalue(), name=f"image.{image_format.lower()}")
