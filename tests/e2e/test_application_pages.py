"""The application pages in headless Chromium: axe-core finds no serious problem and
nothing scrolls sideways at 360 px or 1280 px, on both the cooperative's side and the
certification body's; and a section is filled and saved without JavaScript."""

import pytest
from playwright.sync_api import expect

from certification.services.applications import application_create, application_move
from network.models import RoleKind
from tests.certification.factories import (
    ConflictDeclarationFactory,
    load_standard_file,
    ready_application,
)
from tests.e2e.test_accessibility import DESKTOP, PHONE, check_pages, problems_of
from tests.fixtures.personas import make_user
from tests.producers.factories import CertificationBodyFactory, ProductNetworkFactory, grant

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def filed(cooperative):
    """The cooperative's complete application, submitted, and the body's evaluator, who
    declared no conflict with it."""
    organization, admin = cooperative
    load_standard_file()
    application = ready_application(organization=organization, by=admin,
                                    body=CertificationBodyFactory())  # fmt: skip
    application_move(application=application, transition="submit", by=admin)
    evaluator = make_user("evaluadora@example.org", full_name="Elena Evaluadora")
    grant(evaluator, RoleKind.EVALUATOR, certification_body=application.certification_body)
    ConflictDeclarationFactory(person=evaluator, organization=organization)
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(evaluator, generate_totp_secret())
    return application, admin, evaluator


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_cooperatives_pages_pass_axe(page, sign_in, cooperative, filed, width):
    organization, admin = cooperative
    application, _admin, _evaluator = filed
    draft = application_create(by=admin, organization=organization,
                               certification_body=application.certification_body)  # fmt: skip
    sign_in(admin)
    base = f"/certification/applications/{draft.pk}"
    found = check_pages(
        page,
        width,
        [
            "/certification/applications/",
            f"/certification/organizations/{organization.pk}/readiness/",
            f"/certification/organizations/{organization.pk}/apply/",
            f"/certification/applications/{application.pk}/",
            f"{base}/",
            f"{base}/sections/products/",
            f"{base}/sections/scope/",
            f"{base}/sections/documents/",
            f"{base}/sections/declaration/",
        ],
    )
    # A list section refused: every row's errors, the summary first.
    page.goto(f"{base}/sections/sites/")
    page.get_by_label("Nombre").first.fill("Centro de acopio con un nombre largo de verdad")
    page.get_by_role("button", name="Guardar", exact=True).click()
    expect(page.locator("#rows-errors")).to_be_visible()
    found += problems_of(page, width)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_bodys_pages_pass_axe(page, sign_in, filed, width):
    application, _admin, evaluator = filed
    sign_in(evaluator)
    base = f"/certification/review/{application.pk}"
    found = check_pages(page, width, ["/certification/review/", f"{base}/"])
    application_move(application=application, transition="start_review", by=evaluator)
    found += check_pages(page, width, [f"{base}/return/", f"{base}/move/accept/"])
    assert not found, "\n".join(found)


def test_a_section_is_saved_without_javascript(browser, live_server, cooperative):
    organization, admin = cooperative
    load_standard_file()
    draft = application_create(by=admin, organization=organization,
                               certification_body=CertificationBodyFactory())  # fmt: skip
    coffee = ProductNetworkFactory(slug="coffee")
    context = browser.new_context(base_url=live_server.url, locale="es-ES",
                                  java_script_enabled=False)  # fmt: skip
    from django.test import Client

    client = Client()
    client.force_login(admin)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                          "url": live_server.url}])  # fmt: skip
    page = context.new_page()
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(f"/certification/applications/{draft.pk}/sections/products/")
    rows = page.locator("fieldset.row-fieldset")
    expect(rows).to_have_count(3)  # the profile's product and two blank rows
    second = rows.nth(1)
    second.get_by_label("Producto").select_option(str(coffee.pk))
    second.get_by_label("Volumen anual").fill("80")
    second.get_by_label("Materia prima o terminado").select_option("finished")
    page.get_by_role("button", name="Guardar y continuar").click()
    # Refused (no unit): the row keeps what was typed and says what is missing.
    second = page.locator("fieldset.row-fieldset").nth(1)
    expect(second.get_by_label("Volumen anual")).to_have_value("80")
    page.locator("#rows-errors").get_by_role("link").click()
    second.get_by_label("Unidad").select_option("kg")
    page.get_by_role("button", name="Guardar y continuar").click()
    expect(page.get_by_role("heading", name="Alcance y subcontratistas")).to_be_visible()
    assert draft.products.count() == 2
    context.close()
