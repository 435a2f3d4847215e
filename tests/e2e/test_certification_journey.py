"""The end of the certification procedure in a browser (continuing part 2's evaluated
file): a committee member who took no part grants; the cooperative's administrator
accepts the user agreement; the real worker makes the certificate PDF, whose QR code,
decoded from the PDF's image, is the verification URL; the certificate is in the public
register and the API; the committee suspends it and both say "suspended" on the next
request. Then the public pages pass axe on a phone and a desktop."""

import io
from pathlib import Path

import pytest
import zxingcpp
from playwright.sync_api import expect
from pypdf import PdfReader

from certification.models import Certificate
from certification.services.certificates import verification_url
from network.models import RoleKind
from tests.certification.factories import body_person, committee_member, evaluated_file
from tests.e2e.axe import describe, horizontal_overflow, serious_violations
from tests.fixtures.personas import make_user
from tests.fixtures.services import eventually
from tests.producers.factories import (
    CertificationBodyFactory,
    OrganizationFactory,
    ProductNetworkFactory,
    grant,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def file(db):
    coffee = ProductNetworkFactory(slug="coffee", name="Café")
    cooperative = OrganizationFactory(
        legal_name="Cooperativa Agraria Cafetalera Valle Alto", short_name="Valle Alto",
        country="PE", products=[coffee],
    )  # fmt: skip
    admin = make_user("ana.admin@example.org", full_name="Ana Administradora")
    grant(admin, RoleKind.ORG_ADMIN, organization=cooperative)
    body = CertificationBodyFactory(name="Certificadora Andina")
    evaluator = body_person("elena.evaluadora@example.org", RoleKind.EVALUATOR, body, cooperative)
    grant(evaluator, RoleKind.COMMITTEE, certification_body=body)  # on the committee too
    committee = committee_member("carla.comite@example.org", body, cooperative,
                                 full_name="Carla Comité")  # fmt: skip
    application = evaluated_file(organization=cooperative, certification_body=body,
                                 evaluator=evaluator)  # fmt: skip
    return {"application": application, "admin": admin, "evaluator": evaluator,
            "committee": committee, "cooperative": cooperative}  # fmt: skip


def test_grant_accept_issue_verify_and_suspend(page, sign_in, live_server, celery_worker_process,
                                               file):  # fmt: skip
    application = file["application"]
    resolution_url = f"/certification/applications/{application.pk}/resolution/"

    # The evaluator, a committee member too, may not decide on their own evaluation.
    sign_in(file["evaluator"])
    response = page.goto(resolution_url)
    assert response.status == 403
    expect(page.get_by_text("Participaste en la revisión o la evaluación")).to_be_visible()

    # A committee member who took no part grants.
    page.context.clear_cookies()
    sign_in(file["committee"])
    page.goto(resolution_url)
    expect(page.get_by_role("cell", name="Cotización aceptada")).to_be_visible()
    page.get_by_label("otorgada", exact=True).check()
    page.get_by_label("Motivos", exact=True).fill("Cumple todos los criterios aplicables.")
    page.get_by_role("button", name="Registrar la resolución").click()
    expect(page.get_by_text("La resolución fue registrada.")).to_be_visible()
    resolution_path = page.url.replace(live_server.url, "")

    # The cooperative's administrator accepts the user agreement: the certificate is issued.
    page.context.clear_cookies()
    sign_in(file["admin"])
    page.goto(resolution_path)
    page.get_by_role("link", name="Leer y aceptar el contrato de uso").click()
    page.get_by_label("He leído el contrato de uso").check()
    page.get_by_role("button", name="Aceptar y emitir el certificado").click()
    certificate = Certificate.objects.get()
    expect(page.get_by_role("heading", name=certificate.number)).to_be_visible()

    # The real worker makes the PDF; its QR code is the verification URL.
    assert eventually(lambda: Certificate.objects.get(pk=certificate.pk).pdf, timeout=60)
    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar el PDF").click()
    reader = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    codes = [c.text for i in reader.pages[0].images for c in zxingcpp.read_barcodes(i.image)]
    assert codes == [verification_url(certificate.number)]

    # The public sees it: the verification page the QR code opens, the register, the API.
    page.context.clear_cookies()
    page.goto(codes[0].replace(codes[0].split("/verify/")[0], ""))
    expect(page.get_by_text("Este certificado es válido.")).to_be_visible()
    page.goto("/certificates/?q=Valle")
    row = page.get_by_role("row", name=certificate.number)
    expect(row.get_by_text("activo")).to_be_visible()
    api = page.request.get(f"/api/v1/certificates/{certificate.number}").json()
    assert api["status"] == "active"

    # The committee suspends it; the register and the API say so on the next request.
    sign_in(file["committee"])
    page.goto(f"/certification/certificates/{certificate.pk}/")
    page.get_by_role("link", name="Suspender el certificado").click()
    page.get_by_label("Motivo").fill("Cuota de membresía impaga.")
    page.get_by_role("button", name="Suspender el certificado").click()
    expect(page.get_by_text("El certificado ahora está «suspendido».")).to_be_visible()
    page.context.clear_cookies()
    page.goto("/certificates/?q=Valle")
    expect(
        page.get_by_role("row", name=certificate.number).get_by_text("suspendido")
    ).to_be_visible()
    assert page.request.get(f"/api/v1/certificates/{certificate.number}").json()["status"] == (
        "suspended"
    )
    listed = page.request.get("/api/v1/certificates?status=suspended").json()
    assert [c["number"] for c in listed["results"]] == [certificate.number]


@pytest.mark.parametrize("width", [360, 1280])
def test_the_public_certification_pages_pass_axe(page, file, width):
    from certification.models import ResolutionOutcome
    from certification.services.certificates import user_agreement_accept
    from certification.services.decisions import resolution_record

    granted = resolution_record(
        application=file["application"], by=file["committee"], outcome=ResolutionOutcome.GRANTED,
        reasons="Cumple.", scope_products=list(file["cooperative"].product_networks.all()),
        scope_activities=["production"],
    )  # fmt: skip
    certificate = user_agreement_accept(resolution=granted, by=file["admin"])
    page.set_viewport_size({"width": width, "height": 800})
    found = []
    for path in ("/certificates/", f"/verify/{certificate.number}/", "/complaints/"):
        assert page.goto(path).status == 200
        if violations := serious_violations(page):
            found.append(f"{path} at {width}px:\n{describe(violations)}")
        if width == 360 and (overflow := horizontal_overflow(page)):
            found.append(f"{path} is {overflow}px too wide at 360px")
    page.get_by_role("button", name="Enviar la queja").click()  # errors shown
    if violations := serious_violations(page):
        found.append(f"complaint form with errors:\n{describe(violations)}")
    assert not found, "\n".join(found)
