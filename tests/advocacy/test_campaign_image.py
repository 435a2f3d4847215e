"""A campaign's image is shown inline on a public page: it is capped in pixels, decoded
and encoded again (no metadata, no appended payload, no larger than shown), and the file
it replaces is deleted once the change is committed."""

import io

from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from advocacy.models import Campaign
from tests.advocacy.test_campaigns import FIELDS

GPS_TAG = 0x8825
ORIENTATION_TAG = 0x0112


def upload(image: Image.Image, image_format: str, name: str, **save) -> io.BytesIO:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **save)
    buffer.seek(0)
    buffer.name = name
    return buffer


def phone_photo(size=(4000, 3000)) -> io.BytesIO:
    """A JPEG as phones write them: EXIF with a GPS position and a turn to apply, and
    bytes appended after the image."""
    exif = Image.Exif()
    exif[ORIENTATION_TAG] = 6  # rotate 90° clockwise to show
    exif[GPS_TAG] = {1: "S", 2: (13.0, 31.0, 0.0)}
    photo = upload(Image.new("RGB", size, "green"), "JPEG", "foto.jpg", exif=exif.tobytes())
    return io.BytesIO(photo.getvalue() + b"<script>alert(1)</script>")


def create(staff_client, image):
    image.name = getattr(image, "name", "foto.jpg")
    return staff_client.post(reverse("advocacy:campaign_create"), {**FIELDS, "image": image})


def stored_image(campaign) -> Image.Image:
    with default_storage.open(campaign.image.name, "rb") as stored:
        data = stored.read()
    assert b"<script>" not in data
    return Image.open(io.BytesIO(data))


def test_a_phone_photo_is_stored_upright_scaled_and_without_metadata(staff_client):
    response = create(staff_client, phone_photo())
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    image = stored_image(campaign)
    assert image.format == "JPEG" and campaign.image_type == "image/jpeg"
    assert image.size == (1800, 2400)  # turned upright, then scaled to 2400 on its long side
    assert dict(image.getexif()) == {}
    served = staff_client.get(reverse("advocacy:campaign_image", args=[campaign.slug_es]))
    assert b"".join(served.streaming_content) == default_storage.open(campaign.image.name).read()


def test_an_image_with_too_many_pixels_is_refused_with_the_reason(staff_client):
    huge = upload(Image.new("L", (6000, 5000)), "PNG", "cartel.png")
    response = create(staff_client, huge)
    assert response.status_code == 200
    assert "6000 × 5000 píxeles" in response.content.decode()
    assert not Campaign.objects.exists()


def test_a_replaced_image_is_deleted_once_the_change_is_committed(
    staff_client, django_capture_on_commit_callbacks
):
    create(staff_client, upload(Image.new("RGB", (40, 30), "red"), "PNG", "a.png"))
    campaign = Campaign.objects.get()
    first = campaign.image.name
    edit = {**FIELDS, "version": campaign.version,
            "image": upload(Image.new("RGB", (40, 30), "blue"), "WEBP", "b.webp")}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("advocacy:campaign_edit", args=[campaign.pk]), edit)
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.image.name != first and campaign.image_type == "image/webp"
    assert default_storage.exists(campaign.image.name)
    assert not default_storage.exists(first)
    assert stored_image(campaign).format == "WEBP"
