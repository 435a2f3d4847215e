"""An organization admin invites a colleague; the colleague accepts through the emailed
link (real worker, real SMTP), imports a member register and uploads a document; a user
of another cooperative gets 404 on all of it. Headless Chromium against the live server.
"""

import re

import pytest
from playwright.sync_api import expect

from network.models import RoleKind
from producers.models import Document, Member
from tests.fixtures.personas import PASSWORD, make_user
from tests.producers.factories import PDF_BYTES, OrganizationFactory, grant

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COLLEAGUE_PASSWORD = "Cacao-fino-de-aroma-7"
REGISTER = (
    "código;nombre;sexo;año de nacimiento;área en producción (ha)\n"
    "V-001;Rosa Quispe;F;1978;3,5\nV-002;Juan Mamani;M;2002;12\nV-003;Ana Condori;F;1990;1\n"
).encode()


def sign_in(page, email, password):
    page.goto("/accounts/login/")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña", exact=True).fill(password)
    page.get_by_role("button", name="Iniciar sesión").click()


def sign_out(page):
    page.get_by_role("button", name="Cerrar sesión").click()


def test_a_colleague_is_invited_imports_uploads_and_another_coop_sees_nothing(
    page, celery_worker_process, mailbox
):
    coop_a = OrganizationFactory(legal_name="Cooperativa Valle Alto", short_name="Valle Alto")
    coop_b = OrganizationFactory(legal_name="Cooperativa del Sur", short_name="Del Sur")
    grant(make_user("ana@valle-alto.example.org"), RoleKind.ORG_ADMIN, organization=coop_a)
    grant(make_user("beto@del-sur.example.org"), RoleKind.ORG_ADMIN, organization=coop_b)

    # The administrator invites a colleague as editor.
    sign_in(page, "ana@valle-alto.example.org", PASSWORD)
    page.goto(f"/organizations/{coop_a.pk}/people/")
    page.get_by_label("Dirección de correo electrónico").fill("carla@valle-alto.example.org")
    page.locator("#id_kind").select_option("org_editor")
    page.get_by_role("button", name="Enviar la invitación").click()
    expect(
        page.get_by_text("Se envió una invitación a carla@valle-alto.example.org")
    ).to_be_visible()
    sign_out(page)

    # The colleague opens the emailed link and creates the account.
    message = mailbox.wait_for("carla@valle-alto.example.org", "Invitación")
    link = re.search(r"https?://\S+(/invitations/[\w-]+/)", mailbox.text(message)).group(1)
    page.goto(link)
    page.get_by_label("Nombre completo").fill("Carla Ríos")
    page.locator("#id_password1").fill(COLLEAGUE_PASSWORD)
    page.locator("#id_password2").fill(COLLEAGUE_PASSWORD)
    page.get_by_role("button", name="Crear mi cuenta y aceptar").click()
    expect(page.get_by_role("heading", name="Valle Alto", exact=True)).to_be_visible()

    # ...imports the member register: preview first, nothing saved, then confirm.
    page.get_by_role("link", name="Socios", exact=True).click()
    page.get_by_role("link", name="Importar un archivo").click()
    page.get_by_label("Padrón de socios (CSV o XLSX)").set_input_files(
        {"name": "padron.csv", "mimeType": "text/csv", "buffer": REGISTER}
    )
    page.get_by_role("button", name="Revisar el archivo").click()
    expect(page.get_by_text("Al importarlo se agregan 3")).to_be_visible()
    preview_url = page.url
    assert Member.objects.count() == 0
    page.get_by_role("button", name="Importar").click()
    expect(page.get_by_role("cell", name="Rosa Quispe")).to_be_visible()
    assert Member.objects.filter(organization=coop_a).count() == 3

    # ...and uploads a document.
    page.get_by_role("link", name="Documentos", exact=True).click()
    page.get_by_role("link", name="Agregar un documento").click()
    page.locator("#id_doc_type").select_option("statutes")
    page.locator("#id_title").fill("Estatutos 2025")
    page.locator("#id_file").set_input_files(
        {"name": "estatutos.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("heading", name="Estatutos 2025")).to_be_visible()
    document = Document.objects.get(organization=coop_a)
    version = document.versions.get()
    member = Member.objects.get(code="V-001")
    base = f"/organizations/{coop_a.pk}"
    urls = [
        f"{base}/",
        f"{base}/members/",
        f"{base}/members/{member.pk}/",
        f"{base}/members/export.csv",
        preview_url.split(page.url.split("/organizations/")[0])[-1],
        f"{base}/documents/",
        f"{base}/documents/{document.pk}/",
        f"{base}/documents/{document.pk}/versions/{version.pk}/download/",
        f"{base}/people/",
        f"{base}/activity/",
    ]
    download = page.request.get(urls[7])
    assert download.status == 200  # the colleague may download it
    assert download.headers["content-disposition"] == 'attachment; filename="estatutos.pdf"'
    sign_out(page)

    # Another cooperative's administrator gets 404 on every one of these.
    sign_in(page, "beto@del-sur.example.org", PASSWORD)
    expect(page.get_by_role("link", name="Mi organización")).to_be_visible()
    statuses = {url: page.request.get(url, max_redirects=0).status for url in urls}
    assert statuses == dict.fromkeys(urls, 404)
