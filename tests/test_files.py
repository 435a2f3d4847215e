"""One way to accept, store and serve files (network/files.py), in every app: every
model file is a PrivateFileField (private storage, server-chosen names, no URL), every
upload goes through UploadField, every download view answers as an attachment that is
neither sniffed nor cached, and a file of a type a form does not take is refused with
the reason, keeping nothing. Documents' own checks are in tests/producers/test_documents.py."""

import ast
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import FileField
from django.http import FileResponse
from django.urls import reverse
from PIL import Image

from advocacy.models import Campaign, DeclarationGoal, Resource
from network.files import PrivateFileField
from producers.models import Document, DocumentVersion, MemberImport
from tests.advocacy.factories import CampaignFactory, DeclarationFactory, make_staff
from tests.advocacy.test_campaigns import FIELDS as CAMPAIGN_FIELDS
from tests.matrix import NETWORK_STAFF, PERSONAS
from tests.producers.factories import PDF_BYTES
from tests.test_access import view_modules
from tests.test_permission_matrix import ROUTES, build_world

APPS = ["network", "producers", "certification", "advocacy"]
# Every download the portal offers today: the scan below must find at least these.
DOWNLOADS = {
    "producers:document_download",
    "producers:register_export",
    "producers:directory_export",
    "advocacy:declaration_certificate",
    "advocacy:declaration_evidence",
    "advocacy:resource_file",
    "advocacy:signatures_export",
}
# Shown on a public page, not downloaded (network.files.image_response): tested below.
INLINE = {"advocacy:campaign_image"}
ATTACHMENT_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"}


# --- Stored privately, under names the server chooses ---------------------------------


def test_every_file_of_our_models_is_a_private_file_field():
    ordinary = [
        f"{model._meta.label}.{field.name}"
        for app in APPS
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, FileField) and not isinstance(field, PrivateFileField)
    ]
    assert ordinary == []


def test_a_private_file_has_no_public_address(db):
    resource = Resource(title="Interno", file="advocacy/resources/x.pdf")
    with pytest.raises(ValueError, match="not accessible via a URL"):
        resource.file.url  # noqa: B018 - the property is the test


def test_a_file_saved_through_the_field_gets_a_server_chosen_name():
    field = DeclarationGoal._meta.get_field("evidence_file")
    name = field.generate_filename(None, "../../etc/Acta firmada.PDF")
    assert name.startswith("advocacy/evidence/") and name.endswith(".pdf")
    assert "Acta" not in name and ".." not in name
    assert field.generate_filename(None, "payload.html").endswith(".bin")


def _calls(path: Path, names: set[str]) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in names:
                found.append(f"{path.name}:{node.lineno} {name}")
        if isinstance(node, ast.Constant) and node.value == "Content-Disposition":
            found.append(f"{path.name}:{node.lineno} Content-Disposition")
    return found


def test_no_view_builds_a_file_response_of_its_own():
    """Downloads go through network.files (attachment_response, image_response) or
    network.exports, which set the headers; a view never does it by hand."""
    found = [
        call
        for path in view_modules()
        for call in _calls(path, {"FileResponse", "StreamingHttpResponse"})
    ]
    assert found == []


def test_no_form_takes_a_file_without_the_upload_validator():
    found = [
        call
        for app in APPS
        for path in sorted((Path(settings.BASE_DIR) / app).rglob("forms*.py"))
        + sorted((Path(settings.BASE_DIR) / app).glob("forms/*.py"))
        for call in _calls(path, {"FileField", "ImageField"})
    ]
    assert found == []


# --- Served as attachments ---------------------------------------------------------------


def _first_allowed(route) -> str | None:
    """A persona the matrix lets through (network staff when they may), if any."""
    if route.expected_for(NETWORK_STAFF) == 200:
        return NETWORK_STAFF
    return next((persona for persona in PERSONAS if route.expected_for(persona) == 200), None)


def test_every_download_is_an_attachment_neither_sniffed_nor_cached(db, client):
    """Every GET route of the permission matrix, as someone allowed: whatever answers
    with a file is an attachment with the headers of network.files."""
    world = build_world()
    downloads, wrong = set(), []
    for url_name, route in sorted(ROUTES.items()):
        persona = _first_allowed(route)
        if route.method != "get" or persona is None or url_name in INLINE:
            continue
        client.logout()
        if persona in world.users:
            client.force_login(world.users[persona])
        response = client.get(reverse(url_name, kwargs=route.kwargs(world.objects)))
        is_file = response.streaming or response.has_header("Content-Disposition")
        if response.status_code != 200 or not is_file:
            continue
        downloads.add(url_name)
        headers = {name: response.get(name) for name in ATTACHMENT_HEADERS}
        if not response.get("Content-Disposition", "").startswith("attachment;"):
            wrong.append(f"{url_name}: Content-Disposition {response.get('Content-Disposition')}")
        if headers != ATTACHMENT_HEADERS:
            wrong.append(f"{url_name}: {headers}")
    assert wrong == []
    assert downloads >= DOWNLOADS, f"not reached: {sorted(DOWNLOADS - downloads)}"


def test_a_campaign_image_is_the_one_file_shown_inline_and_never_sniffed(client, db):
    staff = make_staff()
    client.force_login(staff)
    client.post(reverse("advocacy:campaign_create"), {**CAMPAIGN_FIELDS, "image": _png()})
    campaign = Campaign.objects.get()
    response = client.get(reverse("advocacy:campaign_image", args=[campaign.slug_es]))
    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline;")
    assert "imagen" not in response["Content-Disposition"]  # the server's name, not hers


def test_members_only_files_are_served_to_members_only(client, db, coop_a_admin, evaluator):
    resource = Resource(title="Interno", kind="study", language="es", visibility="members",
                        file_type="application/pdf")  # fmt: skip
    resource.file.save("interno.pdf", ContentFile(PDF_BYTES))  # saves the resource too
    url = reverse("advocacy:resource_file", args=[resource.pk])
    assert client.get(url).status_code == 404
    client.force_login(evaluator)  # works for a certification body, not a member
    assert client.get(url).status_code == 404
    client.force_login(coop_a_admin)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="resource-{resource.pk}.pdf"'
    assert b"".join(response.streaming_content) == PDF_BYTES


# --- Refused with the reason --------------------------------------------------------------


def _png(name="imagen.png") -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = name
    return buffer


def _executable(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ\x90\x00" + b"\x00" * 200)


def _document(client, world, upload):
    return client.post(
        f"/organizations/{world['coop_a'].pk}/documents/add/",
        {"doc_type": "statutes", "title": "Estatutos", "file": upload},
    )


def _version(client, world, upload):
    document = world["document"]
    url = f"/organizations/{world['coop_a'].pk}/documents/{document.pk}/"
    return client.post(url, {"file": upload, "note": "nueva"})


def _register(client, world, upload):
    url = reverse("producers:register_import", args=[world["coop_a"].pk])
    return client.post(url, {"file": upload})


def _campaign_image(client, world, upload):
    return client.post(reverse("advocacy:campaign_create"), {**CAMPAIGN_FIELDS, "image": upload})


def _resource(client, world, upload):
    data = {"title": "Estudio", "kind": "study", "language": "es", "visibility": "members",
            "file": upload, "tags_text": ""}  # fmt: skip
    return client.post(reverse("advocacy:resource_create"), data)


def _evidence(client, world, upload):
    url = reverse("advocacy:declaration_goal", args=[world["declaration"].pk, 1])
    data = {"action": "save", "goal1-text": "Acta", "goal1-file": upload}
    return client.post(url, data, follow=True)


# (upload form, a file it does not take, the types its message names, what stays empty)
REFUSALS = {
    "document": (_document, _executable("acta.pdf"), "PDF, JPG, PNG, XLSX, DOCX, ODS, CSV",
                 lambda: Document.objects.filter(title="Estatutos")),
    "document version": (_version, _executable("v2.pdf"), "PDF, JPG, PNG, XLSX, DOCX, ODS, CSV",
                         lambda: DocumentVersion.objects.filter(number=2)),
    "member register": (_register, SimpleUploadedFile("socios.pdf", PDF_BYTES), "CSV, XLSX",
                        MemberImport.objects.all),
    "campaign image": (_campaign_image, SimpleUploadedFile("cartel.pdf", PDF_BYTES),
                       "JPG, PNG, WEBP",
                       lambda: Campaign.objects.filter(slug_es=CAMPAIGN_FIELDS["slug_es"])),
    "resource file": (_resource, _executable("estudio.pdf"), "PDF, JPG, PNG, WEBP",
                      Resource.objects.all),
    "goal evidence": (_evidence, _executable("acta.pdf"), "PDF, JPG, PNG, WEBP",
                      lambda: DeclarationGoal.objects.exclude(evidence_file="")),
}  # fmt: skip


@pytest.mark.parametrize("form", sorted(REFUSALS))
def test_a_file_of_a_type_the_form_does_not_take_is_refused_with_the_reason(
    client, coop_a, coop_a_admin, form
):
    from producers.services.documents import document_create

    post, upload, allowed, stored = REFUSALS[form]
    staff = make_staff()
    world = {
        "coop_a": coop_a,
        "document": document_create(
            organization=coop_a,
            by=coop_a_admin,
            data={"doc_type": "statutes", "title": "Acta"},
            uploaded=SimpleUploadedFile("a.pdf", PDF_BYTES),
            checked=_checked(SimpleUploadedFile("a.pdf", PDF_BYTES)),
        ),  # fmt: skip
        "declaration": DeclarationFactory(campaign=CampaignFactory(kind="towns", goal=None)),
    }
    client.force_login(coop_a_admin if form.startswith(("document", "member")) else staff)
    response = post(client, world, upload)
    page = response.content.decode()
    assert response.status_code == 200
    assert f"no es de uno de los tipos aceptados ({allowed})" in page
    assert not stored().exists()


def _checked(upload):
    from network.files import validate_upload

    return validate_upload(upload)
