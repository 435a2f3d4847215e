"""Sign up, verify through the emailed link, sign in, switch language, sign out: in
headless Chromium, against the live server, with the real worker and SMTP server."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Cacao-de-altura-2026"


def test_a_visitor_signs_up_verifies_signs_in_and_out(page, celery_worker_process, mailbox):
    page.goto("/accounts/signup/")
    page.get_by_label("Nombre completo").fill("Lucía Ramírez")
    page.get_by_label("Correo electrónico").fill("lucia@example.org")
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_label("Contraseña (de nuevo)").fill(PASSWORD)
    page.get_by_role("button", name="Registrarse").click()
    expect(
        page.get_by_role("heading", name="Verifique su dirección de correo electrónico")
    ).to_be_visible()

    message = mailbox.wait_for("lucia@example.org")
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailbox.text(message)).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirmar").click()

    page.goto("/accounts/login/")
    page.get_by_label("Correo electrónico").fill("lucia@example.org")
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    expect(page.get_by_role("heading", name="Bienvenida, Lucía")).to_be_visible()

    page.get_by_label("Idioma").select_option("en")
    page.get_by_role("button", name="Cambiar").click()
    expect(page.get_by_role("heading", name="Welcome, Lucía")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    expect(page.get_by_role("heading", name="Bienvenida, Lucía")).to_be_visible()

    page.get_by_role("button", name="Cerrar sesión").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Iniciar sesión")).to_be_visible()
    page.goto("/dashboard/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
