"""A file name over 255 characters gets the form's message, not a bare 400 (Django
refuses part headers over 1 KB, and cuts longer names without a word); a name of 255
characters in any script is accepted."""

import pytest

from producers.models import Document, DocumentVersion
from tests.producers.factories import PDF_BYTES

FIELDS = {"doc_type": "statutes", "title": "Estatutos 2024", "valid_from": "2024-01-01",
          "valid_until": "2026-12-31"}  # fmt: skip


def post_with_file_name(client, url, file_name: str, content: bytes):
    """A multipart body written by hand: the test client would cut the name itself."""
    boundary = "minga-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in FIELDS.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"'
        "\r\nContent-Type: application/pdf\r\n\r\n".encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.generic(
        "POST", url, b"".join(parts), content_type=f"multipart/form-data; boundary={boundary}"
    )


@pytest.mark.parametrize("length", [256, 300, 1100, 3000])
def test_a_file_name_over_255_characters_gets_the_forms_message(
    client, coop_a, coop_a_admin, length
):
    client.force_login(coop_a_admin)
    name = "a" * (length - 4) + ".pdf"
    url = f"/organizations/{coop_a.pk}/documents/add/"
    response = post_with_file_name(client, url, name, PDF_BYTES)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"El nombre del archivo tiene {length} caracteres" in page
    assert 'value="Estatutos 2024"' in page  # what was typed is kept
    assert Document.objects.count() == 0


@pytest.mark.parametrize("letter", ["a", "ñ", "文", "🌱"])
def test_a_file_name_of_255_characters_in_any_script_is_accepted(
    client, coop_a, coop_a_admin, letter
):
    client.force_login(coop_a_admin)
    name = letter * 251 + ".pdf"
    url = f"/organizations/{coop_a.pk}/documents/add/"
    response = post_with_file_name(client, url, name, PDF_BYTES)
    assert response.status_code == 302
    assert DocumentVersion.objects.get().original_name == name
